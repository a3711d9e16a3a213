#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# make-seeds.sh - (re)write the seed corpora fuzz/<target>.in/ from the test
# vectors of doc/policy.md §8-9 (D4-*, D6-*) and sample files/configs.
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
# fuzz_dhcp6: saved DHCPv6 leases (REPLY: client id, server id, option 86)
mkdir -p fuzz_dhcp6.in fuzz_dhcp6.repro
[ -e fuzz_dhcp6.repro/.keep ] || : > fuzz_dhcp6.repro/.keep
L6='07123456 0001000a00030001020000000b02 0002000a00030001020000000a01'
hex fuzz_dhcp6.in/reply-one "$L6 0056001020010db8000a00000000000000000001"
hex fuzz_dhcp6.in/reply-three "$L6 0056001020010db8000a00000000000000000001 00560020 20010db8000a00000000000000000002 00000000000000000000ffffc0000201 00560000"
hex fuzz_dhcp6.in/reply-ia-na "$L6 0003002800000001000001 2c00000190 000500182001 0db8000a00000000000000000100 000001f400000258 0056001020010db8000a00000000000000000009"
hex fuzz_dhcp6.in/reply-overrun "$L6 0056001020010db8000a00000000000000000001 0056ffff20010db8"
hex fuzz_dhcp6.in/reply-none "$L6"
hex fuzz_dhcp6.in/relay "0c00 0056001020010db8000a00000000000000000001"

# fuzz_map: byte 0 = family (bit 0: IPv6) and stop (bit 1); then records
# [op][len 16 bits][data]: op 0 a datagram from the server, 1 from its
# second address, 2 to another local address, 3 a hard error, 4 a time
# jump of data[0] * 250 ms.  Datagrams from tests/captures (miniupnpd).
mkdir -p fuzz_map.in fuzz_map.repro
[ -e fuzz_map.repro/.keep ] || : > fuzz_map.repro/.keep
V4MAP='028100000000025800000003000000000000000000000000a1a2a3a4a5a6a7a8a9aaabac060000001f901f9000000000000000000000ffffc0000301'
V4DEL='028100000000000000000003000000000000000000000000a1a2a3a4a5a6a7a8a9aaabac060000001f90000000000000000000000000ffffc0000301'
V6MAP='028100000000025800000004000000000000000000000000b1b2b3b4b5b6b7b8b9babbbc060000001f901f9020010db8000a00010000000000000100'
V6NA='028100020000000000000004000000000000000000000000b1b2b3b4b5b6b7b8b9babbbc060000001f90000020010db8000a00010000000000000100'
ANN='028000000000000000000000000000000000000000000000'
JUMP='04 0001 ff'
hex fuzz_map.in/v4-grant-renew "00 00003c $V4MAP $JUMP $JUMP $JUMP $JUMP $JUMP 00003c $V4MAP"
hex fuzz_map.in/v4-announce "00 00003c $V4MAP $JUMP 000018 $ANN 04 0001 14 00003c $V4MAP"
hex fuzz_map.in/v4-stop "02 00003c $V4MAP $JUMP $JUMP $JUMP 00003c $V4DEL"
hex fuzz_map.in/v6-delete-refused "03 00003c $V6MAP $JUMP $JUMP $JUMP 00003c $V6NA"
hex fuzz_map.in/v4-hard-error "00 03 0000 01003c $V4MAP 02003c $V4MAP $JUMP"
hex fuzz_map.in/v6-short "01 00 0010 $V6MAP"
