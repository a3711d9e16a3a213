#!/bin/sh
# make-seeds.sh - (re)write the seed corpora fuzz/<target>.in/ from the test
# vectors of notes/spec-digest.md §7 (D4-*, D6-*) and sample files/configs.
# Run from the source tree: sh fuzz/make-seeds.sh
set -eu
cd "$(dirname "$0")"
hex() {	# file hexstring (bytes written with octal escapes: POSIX printf)
	esc=""
	for b in $(printf '%s\n' "$2" | sed 's/[^0-9a-fA-F]//g; s/\(..\)/\1 /g'); do
		esc="$esc$(printf '\\%03o' "0x$b")"
	done
	printf "$esc" > "$1"
}
mkdir -p fuzz_v4.in fuzz_v6.in fuzz_file.in fuzz_roundtrip.in
for d in fuzz_v4 fuzz_v6 fuzz_file fuzz_roundtrip; do
	mkdir -p "$d.repro"; [ -e "$d.repro/.keep" ] || : > "$d.repro/.keep"
done
# fuzz_v4: byte 0 = fragment selector (0: one fragment), then option data
hex fuzz_v4.in/d4-01 '00 04c0000201'
hex fuzz_v4.in/d4-02 '00 08c0000201c0000202'
hex fuzz_v4.in/d4-03 '00 04c0000201 08c6336401c6336402'
hex fuzz_v4.in/d4-04 '00 c0000201'
hex fuzz_v4.in/d4-05 '00 00c0000201'
hex fuzz_v4.in/d4-06 '00 05c00002010a'
hex fuzz_v4.in/d4-07 '00 0cc0000201c0000202'
hex fuzz_v4.in/d4-08 '00 04c000020100'
hex fuzz_v4.in/d4-09 '01 05 08c0000201c0000202'
hex fuzz_v4.in/d4-11 '00 0ce00000017f000001c0000201'
hex fuzz_v4.in/d4-12 '00 0800000000ffffffff'
hex fuzz_v4.in/d4-13 '00 047f00000104cb007101'
hex fuzz_v4.in/d4-14 '00 08c0000201c0000201'
hex fuzz_v4.in/d4-15 '00 04c000020108c0000201c6336401'
# fuzz_v6: byte 0 = instances-1, then each length/4, then the data
hex fuzz_v6.in/d6-01 '00 04 20010db8000100000000000000000001'
hex fuzz_v6.in/d6-02 '00 08 20010db8000100000000000000000001 00000000000000000000ffffc0000201'
hex fuzz_v6.in/d6-03 '01 04 08 20010db8000100000000000000000001 20010db8000200000000000000000001 20010db8000200000000000000000002'
hex fuzz_v6.in/d6-05 '00 05 20010db800010000000000000000000100000000'
hex fuzz_v6.in/d6-07 '00 0c ff020000000000000000000000000001 00000000000000000000000000000001 20010db8000100000000000000000001'
hex fuzz_v6.in/d6-08 '00 0c 00000000000000000000ffff7f000001 00000000000000000000ffffe0000001 00000000000000000000ffffc0000201'
hex fuzz_v6.in/d6-10 '00 04 00000000000000000001ffffc0000201'
hex fuzz_v6.in/d6-12 '00 04 000000000000000000000000c0000201'
# fuzz_file: server-list files
printf '# PCP servers\nserver dhcpv4 192.0.2.1 192.0.2.2\nserver dhcpv6 2001:db8:1::1\n' > fuzz_file.in/basic
printf 'server dhcpv4,dhcpv6 192.0.2.1 2001:db8:1::1\nfuture-word x y\n' > fuzz_file.in/merged
printf 'server dhcpv4 192.0.2.1 192.0.2.1\n' > fuzz_file.in/dup
# fuzz_roundtrip: 4-byte IPv4, 0xff + 16-byte IPv6, 0xfe ends a server
hex fuzz_roundtrip.in/two 'c0000201 c0000202 fe c6336401 fe ff 20010db8000100000000000000000001 fe'
