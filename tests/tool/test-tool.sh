#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# test-tool.sh - the pcpsel tool's outputs and exit codes (pcpsel(8)):
# decode, encode, order, show.  Vectors are doc/policy.md §8-10 (option
# data without code and length octets).  Exit codes: 0 ok, 64 usage,
# 65 malformed data, 74 I/O error.

: "${top_srcdir:=$(dirname "$0")/../..}"
. "$top_srcdir/tests/lib.sh"

if [ -z "$PCPSEL" ] || [ ! -x "$PCPSEL" ]; then
	echo "PCPSEL does not name the built tool (run through make check)"
	exit 99
fi

# an interface name that exists nowhere: its servers keep the file's order
IF0=pcpseltest0
IF1=pcpseltest1

# ---- decode -4 (RFC 7291 §4.1, P-DHCP4-*) ---------------------------------
run "$PCPSEL" decode -4 04c0000201
expect "decode -4 D4-01 one server" 0 "192.0.2.1"
err_empty "decode -4 D4-01 nothing on stderr"

run "$PCPSEL" decode -4 04c000020108c6336401c6336402
expect "decode -4 D4-03 two lists are two servers" 0 \
    "192.0.2.1" "198.51.100.1 198.51.100.2"

run "$PCPSEL" decode -4 04:C0:00:02:01
expect "decode -4 upper case with ':' separators" 0 "192.0.2.1"

run "$PCPSEL" decode -4 08c0000201c0 000202
expect "decode -4 D4-09 RFC 3396 split inside an address" 0 \
    "192.0.2.1 192.0.2.2"

run "$PCPSEL" decode -4 04c000 0201
expect "decode -4 D4-10 first fragment shorter than 5" 0 "192.0.2.1"

run "$PCPSEL" decode -4 0ce00000017f000001c0000201
expect "decode -4 D4-11 multicast and loopback dropped" 0 "192.0.2.1"

run "$PCPSEL" decode -4 0800000000ffffffff
expect "decode -4 D4-12 no usable address: nothing, exit 0" 0
err_empty "decode -4 D4-12 nothing on stderr"

run "$PCPSEL" decode -4 047f00000104cb007101
expect "decode -4 D4-13 empty first server vanishes" 0 "203.0.113.1"

run "$PCPSEL" decode -4 08c0000201c0000201
expect "decode -4 D4-14 duplicate in a list" 0 "192.0.2.1"

run "$PCPSEL" decode -4 04c000020108c0000201c6336401
expect "decode -4 D4-15 address in two lists" 0 "192.0.2.1" "198.51.100.1"

run "$PCPSEL" decode -4 c0000201
expect "decode -4 D4-04 length 4: malformed" 65
err_has "decode -4 D4-04 reason" "option 158 malformed"
err_has "decode -4 D4-04 length named" "(length 4)"

run "$PCPSEL" decode -4 00c0000201
expect "decode -4 D4-05 List-Length 0: malformed" 65
err_has "decode -4 D4-05 offset named" "(List-Length 0 at offset 0)"

run "$PCPSEL" decode -4 05c00002010a
expect "decode -4 D4-06 List-Length 5: malformed" 65
err_has "decode -4 D4-06 offset named" "(List-Length 5 at offset 0)"

run "$PCPSEL" decode -4 0cc0000201c0000202
expect "decode -4 D4-07 List-Length overruns: malformed" 65
err_has "decode -4 D4-07 offset named" "(List-Length 12 at offset 0)"

run "$PCPSEL" decode -4 04c000020100
expect "decode -4 D4-08 stray octet: malformed" 65
err_has "decode -4 D4-08 offset named" "(List-Length 0 at offset 5)"

run "$PCPSEL" decode -4 ""
expect "decode -4 D4-16 Length 0: malformed" 65

run "$PCPSEL" decode -4 04c0000g01
expect "decode -4 not hex" 65
err_has "decode -4 not hex named" "not hex: '04c0000g01'"

run "$PCPSEL" decode -4 04c00002010
expect "decode -4 odd number of digits" 65

run "$PCPSEL" decode -4 04:c0::00:02:01
expect "decode -4 doubled separator" 65

run "$PCPSEL" decode -4 --json 04c000020108c6336401c6336402
expect "decode -4 --json D4-03" 0 \
    '{"servers":[["192.0.2.1"],["198.51.100.1","198.51.100.2"]],"skipped_instances":[],"filtered":0,"duplicates":0}'

run "$PCPSEL" decode -4 --json 0ce00000017f000001c0000201
expect "decode -4 --json D4-11 counts filtered" 0 \
    '{"servers":[["192.0.2.1"]],"skipped_instances":[],"filtered":2,"duplicates":0}'

# ---- decode -6 (RFC 7291 §3.1, P-DHCP6-*) ---------------------------------
A1=20010db8000100000000000000000001	# 2001:db8:1::1
A21=20010db8000200000000000000000001	# 2001:db8:2::1
A22=20010db8000200000000000000000002	# 2001:db8:2::2
M1=00000000000000000000ffffc0000201	# ::ffff:192.0.2.1

run "$PCPSEL" decode -6 $A1
expect "decode -6 D6-01 one server" 0 "2001:db8:1::1"
err_empty "decode -6 D6-01 nothing on stderr"

run "$PCPSEL" decode -6 $A1$M1
expect "decode -6 D6-02 IPv4-mapped shown as IPv4" 0 "2001:db8:1::1 192.0.2.1"

run "$PCPSEL" decode -6 $A1 $A21$A22
expect "decode -6 D6-03 two instances are two servers" 0 \
    "2001:db8:1::1" "2001:db8:2::1 2001:db8:2::2"

run "$PCPSEL" decode -6 "" $A1
expect "decode -6 D6-04 empty instance skipped, others kept" 0 "2001:db8:1::1"
err_has "decode -6 D6-04 skipped instance reported" \
    "option 86 instance 1 (0 bytes) skipped"

run "$PCPSEL" decode -6 $A1 ${A1}00000000
expect "decode -6 D6-05 20-byte instance skipped" 0 "2001:db8:1::1"
err_has "decode -6 D6-05 skipped instance reported" \
    "option 86 instance 2 (20 bytes) skipped"

run "$PCPSEL" decode -6 ${A1}00000000 ""
expect "decode -6 every instance malformed: nothing, 65" 65
err_has "decode -6 all malformed: first reported" "instance 1 (20 bytes)"
err_has "decode -6 all malformed: second reported" "instance 2 (0 bytes)"
err_has "decode -6 all malformed: verdict" "no well-formed option 86 instance"

run "$PCPSEL" decode -6 ff020000000000000000000000000001000000000000000000000000000000010$A1
expect "decode -6 odd digits" 65

run "$PCPSEL" decode -6 ff02000000000000000000000000000100000000000000000000000000000001$A1
expect "decode -6 D6-07 multicast and loopback dropped" 0 "2001:db8:1::1"

run "$PCPSEL" decode -6 00000000000000000000ffff7f00000100000000000000000000ffffe0000001$M1
expect "decode -6 D6-08 mapped loopback and multicast dropped" 0 "192.0.2.1"

run "$PCPSEL" decode -6 00000000000000000001ffffc0000201
expect "decode -6 D6-10 not IPv4-mapped (96-bit rule)" 0 "::1:ffff:c000:201"

run "$PCPSEL" decode -6 fe800000000000000000000000000001
expect "decode -6 D6-11 link-local kept" 0 "fe80::1"

run "$PCPSEL" decode -6 000000000000000000000000c0000201
expect "decode -6 D6-12 IPv4-compatible dropped: nothing, 0" 0

run "$PCPSEL" decode -6 --json $A1 $A21$A22
expect "decode -6 --json D6-03" 0 \
    '{"servers":[["2001:db8:1::1"],["2001:db8:2::1","2001:db8:2::2"]],"skipped_instances":[],"filtered":0,"duplicates":0}'

run "$PCPSEL" decode -6 --json "" $A1
out_has "decode -6 --json skipped instance listed" \
    '"skipped_instances":[{"instance":1,"length":0,"reason":"'
out_has "decode -6 --json servers kept" '{"servers":[["2001:db8:1::1"]],'

run "$PCPSEL" decode -6 --json ""
expect "decode -6 --json all malformed: a JSON error object, 65" 65 \
    '{"error":{"exit":65,"message":"no well-formed option 86 instance"}}'

# ---- decode usage ----------------------------------------------------------
run "$PCPSEL" decode
expect "decode without -4/-6 is usage" 64
run "$PCPSEL" decode -4
expect "decode without HEX is usage" 64
run "$PCPSEL" decode -4 -6 04c0000201
expect "decode -4 -6 is usage" 64
run "$PCPSEL" decode -x 04c0000201
expect "decode unknown option is usage" 64
err_has "decode unknown option named" "unknown option '-x'"
run "$PCPSEL" decode --help
out_has "decode --help on stdout" "Usage: pcpsel decode -4"
rc_is "decode --help exit 0" 0

# ---- encode (RFC 7291 §3.1, §4.1, RFC 3396) -------------------------------
run "$PCPSEL" encode -4 192.0.2.1 198.51.100.1,198.51.100.2
expect "encode -4 D4-03" 0 "04c000020108c6336401c6336402"
err_empty "encode -4 nothing on stderr"

run "$PCPSEL" encode -6 2001:db8:1::1,192.0.2.1
expect "encode -6 D6-02: IPv4 written IPv4-mapped" 0 "$A1$M1"

run "$PCPSEL" encode -6 2001:db8:1::1 2001:db8:2::1,2001:db8:2::2
expect "encode -6 D6-03: one instance per server" 0 "$A1" "$A21$A22"

# 63 addresses: the largest list, one instance of 253 bytes (D4-17)
servers= hex=fc
i=1
while [ $i -le 63 ]; do
	servers="$servers${servers:+,}198.51.100.$i"
	hex="${hex}c63364$(printf %02x $i)"
	i=$((i + 1))
done
run "$PCPSEL" encode -4 "$servers"
expect "encode -4 D4-17 63 addresses in one list" 0 "$hex"
run "$PCPSEL" encode -4 "$servers,198.51.100.64"
expect "encode -4 64 addresses in one server" 65
err_has "encode -4 64 addresses named" "server 1: 64 addresses, at most 63"

# 52 one-address servers: 260 bytes, split between servers at 255 (51 x 5)
args= line1= i=1
while [ $i -le 52 ]; do
	args="$args 192.0.2.$i"
	[ $i -le 51 ] && line1="${line1}04c00002$(printf %02x $i)"
	i=$((i + 1))
done
# shellcheck disable=SC2086
run "$PCPSEL" encode -4 $args
expect "encode -4 over 255 bytes: split between servers" 0 \
    "$line1" "04c0000234"

run "$PCPSEL" encode -4 2001:db8::1
expect "encode -4 IPv6 address" 65
err_has "encode -4 IPv6 address named" "address '2001:db8::1' is not IPv4"

run "$PCPSEL" encode -4 192.0.2.1,192.0.2.300
expect "encode -4 invalid address" 65
err_has "encode -4 invalid address named" "invalid address '192.0.2.300'"

run "$PCPSEL" encode -4 192.0.2.1,,192.0.2.2
expect "encode -4 empty address" 65
err_has "encode -4 empty address named" "invalid address ''"

run "$PCPSEL" encode -4 192.0.2.1,127.0.0.1
expect "encode -4 loopback (R7291-15)" 65
err_has "encode -4 loopback named" "address '127.0.0.1' is not usable"

run "$PCPSEL" encode -6 2001:db8::1 ff02::1
expect "encode -6 multicast (R7291-8)" 65
err_has "encode -6 multicast named" "server 2: address 'ff02::1' is not usable"

run "$PCPSEL" encode -6 ::ffff:224.0.0.1
expect "encode -6 mapped multicast (P-DHCP6-4)" 65

run "$PCPSEL" encode -4 192.0.2.1 198.51.100.1,192.0.2.1
expect "encode -4 address in two servers" 65
err_has "encode -4 duplicate named" "server 2: address '192.0.2.1' given twice"

run "$PCPSEL" encode -4
expect "encode without SERVER is usage" 64
run "$PCPSEL" encode 192.0.2.1
expect "encode without -4/-6 is usage" 64
run "$PCPSEL" encode --help
out_has "encode --help on stdout" "Usage: pcpsel encode -4"
rc_is "encode --help exit 0" 0

# round trip
run "$PCPSEL" encode -6 2001:db8:1::1,192.0.2.1 198.51.100.7
# shellcheck disable=SC2046
run "$PCPSEL" decode -6 $(cat "$T/out")
expect "encode -6 | decode -6 round trip" 0 \
    "2001:db8:1::1 192.0.2.1" "198.51.100.7"

# ---- order (RFC 6724 §6, P-FAM-1; digest §7.3) -----------------------------
run "$PCPSEL" order --source 203.0.113.10/24 --source 2001:db8:3333::1/64 \
    192.0.2.1 2001:db8:1111::1
expect "order O1 Rule 6" 0 "2001:db8:1111::1" "192.0.2.1"

run "$PCPSEL" order --mapping 4 --source 203.0.113.10/24 \
    2001:db8:1111::1 192.0.2.1
expect "order O2 IPv4 mapping (RFC 7488 §5)" 0 "192.0.2.1" "2001:db8:1111::1"

run "$PCPSEL" order --source 2001:db8:3333::10/64 --source fe80::10/64 \
    2001:db8:1111::1 fe80::1
expect "order O8 Rule 8" 0 "fe80::1" "2001:db8:1111::1"

run "$PCPSEL" order --help
out_has "order --help on stdout" "Usage: pcpsel order"
rc_is "order --help exit 0" 0

# ---- show (pcpsel-servers(5), RFC 7488 §3) --------------------------------
D="$T/servers"
mkdir "$D"
printf '%s\n' "# written by hand" \
    "server dhcpv4 198.51.100.2 198.51.100.1" \
    "server dhcpv4,dhcpv6 2001:db8:1::1 192.0.2.1" >"$D/$IF0"
printf '%s\n' "server dhcpv6 2001:db8:2::1" "future-keyword x y" >"$D/$IF1"
printf 'server bogus\n' >"$D/.$IF0.1234.0"	# a writer's temp file

run "$PCPSEL" show --dir "$D"
expect "show lists every interface file in name order" 0 \
    "$IF0:" \
    "  server dhcpv4 198.51.100.2 198.51.100.1" \
    "  server dhcpv4,dhcpv6 2001:db8:1::1 192.0.2.1" \
    "$IF1:" \
    "  server dhcpv6 2001:db8:2::1"
err_empty "show nothing on stderr"

run "$PCPSEL" show --dir="$D" --mapping 4 $IF1 pcpselnone0
expect "show named interfaces, one without file" 0 \
    "$IF1:" \
    "  server dhcpv6 2001:db8:2::1" \
    "pcpselnone0: no PCP server known"

run "$PCPSEL" show --dir "$D" --json
expect "show --json" 0 \
    '{"interfaces":[{"name":"pcpseltest0","servers":[{"origin":["dhcpv4"],"addresses":["198.51.100.2","198.51.100.1"]},{"origin":["dhcpv4","dhcpv6"],"addresses":["2001:db8:1::1","192.0.2.1"]}]},{"name":"pcpseltest1","servers":[{"origin":["dhcpv6"],"addresses":["2001:db8:2::1"]}]}]}'

run "$PCPSEL" show --dir "$D" --json pcpselnone0
expect "show --json interface without file: nothing known, 66" 66 \
    "{\"interfaces\":[{\"name\":\"pcpselnone0\",\"servers\":[]}],\"error\":{\"exit\":66,\"message\":\"no PCP server known on the interface given ($D)\"}}"

# nothing known, the same for every command reading the directory
# (pcpsel(8) NOTHING KNOWN AND ERRORS; issue 19 item 3): exit 66, a line
# naming the directory, stdout as for a result
run "$PCPSEL" show --dir "$D/missing"
expect "show missing directory: nothing known, 66" 66
err_has "show missing directory named" "no PCP server known: $D/missing does not exist"
run "$PCPSEL" show --dir="$D/missing" --json
expect "show --json missing directory" 66 \
    "{\"interfaces\":[],\"error\":{\"exit\":66,\"message\":\"no PCP server known: $D/missing does not exist\"}}"
mkdir "$D/empty"
run "$PCPSEL" show --dir "$D/empty"
expect "show empty directory: nothing known, 66" 66
err_has "show empty directory named" "no PCP server known: no server-list file in $D/empty"
printf '# no server\n' >"$D/empty/$IF0"
run "$PCPSEL" show --dir "$D/empty" $IF0 pcpselnone0
expect "show named interfaces without server: 66" 66 \
    "$IF0: no PCP server known" "pcpselnone0: no PCP server known"
rm -f "$D/empty/$IF0"
run "$PCPSEL" probe --dir "$D/missing" --timeout 1
expect "probe missing directory: the same 66" 66
err_has "probe missing directory named" "no PCP server known: $D/missing does not exist"
run "$PCPSEL" probe --dir="$D/empty" --json
expect "probe --json empty directory: the same object" 66 \
    "{\"interfaces\":[],\"error\":{\"exit\":66,\"message\":\"no PCP server known: no server-list file in $D/empty\"}}"
run "$PCPSEL" probe --json --dir "$D/empty" pcpselnone0
expect "probe --json named interface without file: 66" 66 \
    "{\"interfaces\":[{\"name\":\"pcpselnone0\",\"servers\":[]}],\"error\":{\"exit\":66,\"message\":\"no PCP server known on the interface given ($D/empty)\"}}"
# a "directory" that is a file: an I/O error, 74, for both
printf 'x\n' >"$D/plainfile"
run "$PCPSEL" show --dir "$D/plainfile"
expect "show --dir naming a file: 74" 74
err_has "show --dir naming a file named" "$D/plainfile: Not a directory"
run "$PCPSEL" probe --json --dir "$D/plainfile"
expect "probe --json --dir naming a file: JSON error, 74" 74 \
    "{\"error\":{\"exit\":74,\"message\":\"$D/plainfile: Not a directory\"}}"
rm -f "$D/plainfile"
rmdir "$D/empty"

# lo has 127.0.0.1 and ::1 on any usual host: P-FAM-1 decides the order
printf 'server dhcpv4,dhcpv6 2001:db8::1 192.0.2.1\n' >"$D/lo"
if ip -4 addr show dev lo 2>/dev/null | grep -q 'inet 127.0.0.1/' &&
    ip -6 addr show dev lo 2>/dev/null | grep -q 'inet6 ::1/128'; then
	run "$PCPSEL" show --dir "$D" --mapping 4 lo
	expect "show --mapping 4 orders with lo's IPv4 source" 0 \
	    "lo:" "  server dhcpv4,dhcpv6 192.0.2.1 2001:db8::1"
	run "$PCPSEL" show --dir "$D" --mapping 6 lo
	expect "show --mapping 6 orders with lo's IPv6 source" 0 \
	    "lo:" "  server dhcpv4,dhcpv6 2001:db8::1 192.0.2.1"
fi
rm -f "$D/lo"

run "$PCPSEL" show --dir "$D" --mapping 5
expect "show bad --mapping is usage" 64
run "$PCPSEL" show --dir "$D" a/b
expect "show bad interface name is usage" 64
err_has "show bad interface name named" "invalid interface name 'a/b'"
run "$PCPSEL" show --dir
expect "show --dir without value is usage" 64
run "$PCPSEL" show --bogus
expect "show unknown option is usage" 64

ln -s "$IF0" "$D/link0"
run "$PCPSEL" show --dir "$D" link0
expect "show symlinked file refused" 74
err_has "show symlink named" "link0: is a symbolic link, refused"
run "$PCPSEL" show --dir "$D"
expect "show listing skips the symlink" 0 \
    "$IF0:" \
    "  server dhcpv4 198.51.100.2 198.51.100.1" \
    "  server dhcpv4,dhcpv6 2001:db8:1::1 192.0.2.1" \
    "$IF1:" \
    "  server dhcpv6 2001:db8:2::1"
rm -f "$D/link0"

# one bad file costs only its interface (issue 12 item 5): reported with
# file and line, every other interface shown, exit 65
printf '# x\nserver dhcpv4 192.0.2.256\n' >"$D/pcpsetbad0"
run "$PCPSEL" show --dir "$D"
expect "show malformed file: the others shown, 65" 65 \
    "$IF0:" \
    "  server dhcpv4 198.51.100.2 198.51.100.1" \
    "  server dhcpv4,dhcpv6 2001:db8:1::1 192.0.2.1" \
    "$IF1:" \
    "  server dhcpv6 2001:db8:2::1"
err_has "show malformed file and line named" \
    "$D/pcpsetbad0: line 2: not a valid server line"
run "$PCPSEL" show --dir "$D" pcpsetbad0
expect "show named malformed file: 65" 65
# a future format of the server line itself: the same; a future keyword
# is still skipped (pcpsel-servers(5))
printf 'server dhcpv7 2001:db8::7\n' >"$D/pcpsetbad0"
printf 'weight 5\nserver dhcpv4 203.0.113.9\n' >"$D/pcpseltest2"
run "$PCPSEL" show --dir "$D" --json
expect "show --json future server line: error member, others kept, 65" 65 \
    "{\"interfaces\":[{\"name\":\"pcpseltest0\",\"servers\":[{\"origin\":[\"dhcpv4\"],\"addresses\":[\"198.51.100.2\",\"198.51.100.1\"]},{\"origin\":[\"dhcpv4\",\"dhcpv6\"],\"addresses\":[\"2001:db8:1::1\",\"192.0.2.1\"]}]},{\"name\":\"pcpseltest1\",\"servers\":[{\"origin\":[\"dhcpv6\"],\"addresses\":[\"2001:db8:2::1\"]}]},{\"name\":\"pcpseltest2\",\"servers\":[{\"origin\":[\"dhcpv4\"],\"addresses\":[\"203.0.113.9\"]}]},{\"name\":\"pcpsetbad0\",\"servers\":[],\"error\":{\"exit\":65,\"message\":\"line 1: not a valid server line (pcpsel-servers(5))\",\"file\":\"$D/pcpsetbad0\",\"line\":1}}],\"error\":{\"exit\":65,\"message\":\"1 server-list file could not be used\"}}"
run "$PCPSEL" probe --dir "$D" --timeout 1 pcpsetbad0
expect "probe malformed file: the same 65" 65
err_has "probe malformed file and line named" \
    "$D/pcpsetbad0: line 1: not a valid server line"
rm -f "$D/pcpsetbad0" "$D/pcpseltest2"

# --json: every failure is one JSON object on stdout, valid UTF-8, with
# the exit code (issue 19 item 3)
json_valid() {	# NAME: stdout is one JSON object in valid UTF-8
	if /usr/bin/python3 -c 'import json, sys
json.loads(open(sys.argv[1], "rb").read().decode("utf-8", "strict"))' \
	    "$T/out" 2>/dev/null; then
		ok "$1"
	else
		not_ok "$1" "not valid UTF-8 JSON: $(head -c 300 "$T/out")"
	fi
}
run "$PCPSEL" show --json --bogus
expect "show --json unknown option: JSON error, 64" 64 \
    '{"error":{"exit":64,"message":"unknown option '"'"'--bogus'"'"'"}}'
run "$PCPSEL" show --bogus --json
rc_is "show unknown option before --json: 64" 64
json_valid "show unknown option before --json: JSON too"
run "$PCPSEL" decode --json -4 zz
expect "decode --json not hex: JSON error, 65" 65 \
    '{"error":{"exit":65,"message":"argument 1: not hex: '"'"'zz'"'"'"}}'
BADDIR="$T/$(printf 'bad\377\303\251\001')"
run "$PCPSEL" show --json --dir "$BADDIR"
rc_is "show --json odd directory name: 66" 66
json_valid "show --json odd directory name: valid UTF-8 JSON"
out_has "show --json odd directory name: U+FFFD for the bad byte, UTF-8 kept" \
    "$(printf 'bad\\ufffd\303\251\\u0001')"

# interface names outside P-IF-4 (pcpsel-servers(5)): skipped by the
# readers, so --json stays valid UTF-8 (issue 12 item 4)
N1=$(printf 'eth\303\251')	# "eth" + UTF-8 e-acute
N2=$(printf 'eth\377')		# not UTF-8 at all
for n in "$N1" "$N2" ".x" "eth0:1"; do
	printf 'server dhcpv4 198.51.100.9\n' >"$D/$n"
done
run "$PCPSEL" show --dir "$D" --json
expect "show --json skips names outside the rule" 0 \
    '{"interfaces":[{"name":"pcpseltest0","servers":[{"origin":["dhcpv4"],"addresses":["198.51.100.2","198.51.100.1"]},{"origin":["dhcpv4","dhcpv6"],"addresses":["2001:db8:1::1","192.0.2.1"]}]},{"name":"pcpseltest1","servers":[{"origin":["dhcpv6"],"addresses":["2001:db8:2::1"]}]}]}'
run "$PCPSEL" show --dir "$D" "$N1"
expect "show refuses a name with bytes >= 0x80" 64
err_has "show names the refused name" "invalid interface name"
for n in "$N1" "$N2" ".x" "eth0:1"; do
	rm -f "$D/$n"
done

run "$PCPSEL" show --help
out_has "show --help on stdout" "Usage: pcpsel show"
rc_is "show --help exit 0" 0

# ---- the servers directory: 0755 whatever the umask (issue 12 item 3) ------
# pcpsel dhcpcd under umask 077 creates run/pcp and run/pcp/servers; both
# must be 0755 so that unprivileged PCP clients can read them
U="$T/umask"
mkdir "$U"
run sh -c 'umask 077 && exec "$@"' sh "$PCPSEL" dhcpcd -d "$U/run/pcp/servers" \
    -s "$U/state" -4 04c0000201 BOUND $IF0
rc_is "umask 077: dhcpcd run" 0
run stat -c '%a %n' "$U/run" "$U/run/pcp" "$U/run/pcp/servers" \
    "$U/run/pcp/servers/$IF0"
expect "umask 077: every directory made is 0755, the file 0644" 0 \
    "755 $U/run" "755 $U/run/pcp" "755 $U/run/pcp/servers" \
    "644 $U/run/pcp/servers/$IF0"

# ---- options: getopt_long everywhere, "--dir=X" as "--dir X" ---------------
run "$PCPSEL" dhcpcd --dir="$T/eq/servers" -s "$T/eq/state" -4 04c0000201 \
    BOUND $IF0
rc_is "dhcpcd --dir=X" 0
run cat "$T/eq/servers/$IF0"
expect "dhcpcd --dir=X wrote there" 0 \
    "# PCP servers for $IF0, written by pcpsel" "server dhcpv4 192.0.2.1"
run "$PCPSEL" show --dir="$T/eq/servers" --mapping=any $IF0
expect "show --dir=X --mapping=X" 0 "$IF0:" "  server dhcpv4 192.0.2.1"
run "$PCPSEL" show $IF0 --dir "$T/eq/servers"
expect "show: options after the interface" 0 "$IF0:" "  server dhcpv4 192.0.2.1"
run "$PCPSEL" order --mapping=4 --source=203.0.113.10/24 2001:db8::1 192.0.2.1
expect "order --mapping=4 --source=X" 0 "192.0.2.1" "2001:db8::1"
run "$PCPSEL" show --mapping=5
expect "show --mapping=5 is usage" 64
err_has "show --mapping=5 named" "--mapping must be 4, 6 or any, not '5'"
run "$PCPSEL" probe --timeout=0
expect "probe --timeout=0 is usage" 64
run "$PCPSEL" show --dir=
expect "show --dir= (empty) is usage" 64
err_has "show --dir= named" "--dir needs a directory"

# ---- merge of DHCPv4 and DHCPv6 (P-DHCP-1, P-DHCP-3; pcpsel-servers(5)) ----
# DHCPv4: S1 {192.0.2.1}, S2 {192.0.2.2, 198.51.100.1}; DHCPv6: one server
# {2001:db8:2::1, 192.0.2.2, 192.0.2.1} sharing an address with each
M="$T/merge"
run "$PCPSEL" dhcpcd -d "$M/servers" -s "$M/state" -4 04c000020108c0000202c6336401 \
    BOUND $IF0
rc_is "merge: DHCPv4 lease stored" 0
run "$PCPSEL" dhcpcd -d "$M/servers" -s "$M/state" \
    -6 20010db8000200000000000000000001${M1%c0000201}c000020200000000000000000000ffffc0000201 \
    BOUND6 $IF0
rc_is "merge: DHCPv6 lease stored" 0
run cat "$M/servers/$IF0"
expect "merge P-DHCP-3: both DHCPv4 servers kept, both labelled" 0 \
    "# PCP servers for $IF0, written by pcpsel" \
    "server dhcpv4,dhcpv6 192.0.2.1 2001:db8:2::1" \
    "server dhcpv4,dhcpv6 192.0.2.2 198.51.100.1"

# ---- top level -------------------------------------------------------------
run "$PCPSEL"
expect "no command is usage" 64
run "$PCPSEL" frobnicate
expect "unknown command is usage" 64
run "$PCPSEL" --help
out_has "--help lists decode" "decode"
rc_is "--help exit 0" 0

finish
