#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Real kea-dhcp4: option-158 data over 255 bytes (RFC 3396).  On the wire
# there are several instances, each split between servers and valid alone
# (List-Lengths fill it exactly, none over 253 bytes so Kea 2.2 does not cut
# it again), and their concatenation equals `pcpsel encode -4` of the same
# servers.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"
kea_wire_setup
: "${PCPSEL:=${top_builddir:-.}/pcpsel}"
[ -x "$PCPSEL" ] || skip_all "pcpsel tool not built"

# servers SIZE...: "a,b,c d,e ..." with 192.0.2.1.. then 198.51.100.1..
servers() {
	k=0
	for size in "$@"; do
		i=0
		s=
		while [ $i -lt $size ]; do
			if [ $k -lt 200 ]; then a=192.0.2.$((k + 1)); else a=198.51.100.$((k - 199)); fi
			s=${s:+$s,}$a
			i=$((i + 1))
			k=$((k + 1))
		done
		printf '%s ' "$s"
	done
}
# json SERVERS: the same as a pcp-servers JSON value
json() {
	printf '['
	sep=
	for s in $1; do
		printf '%s[ "%s" ]' "$sep" "$(echo "$s" | sed 's/,/", "/g')"
		sep=', '
	done
	printf ']'
}
# one_run NAME SIZES...: one Kea run and one exchange
one_run() {
	name=$1
	shift
	S=$(servers "$@")
	kea_conf srv 4 kts "{ \"pcp-servers\": $(json "$S") }" "$(kea_subnet4 kts)"
	kea_start srv 4 || { not_ok "kea-dhcp4 did not start"; return; }
	# (a client that takes 1500-byte messages, RFC 2132 §9.10: 576 without)
	out=$(client4 $CLI_MAC --prl 1,3,158 --max-size 1500 --offer-only)
	ns_stop "$KEA_PID"
	# shellcheck disable=SC2086
	want=$($PCPSEL encode -4 $S | tr -d '\n')
	got=$(echo "$out" | awk '$2 == 158 { printf "%s", $3 }')
	n=$(echo "$out" | grep -c '^OFFER 158 ')
	check "$name: concatenation equals pcpsel encode -4 (${#want} hex digits)" \
		"$want" "$got"
	check "$name: $EXPECT_N instances" "$EXPECT_N" "$n"
	bad=$(echo "$out" | awk '$2 == 158 {
		d = $3; n = length(d) / 2; if (n > 253) { print "long " n; next }
		i = 0
		while (i < n) {
			ll = 0; h = substr(d, 2 * i + 1, 2)
			ll = index("0123456789abcdef", substr(h, 1, 1)) * 16 - 16 + \
			     index("0123456789abcdef", substr(h, 2, 1)) - 1
			if (ll == 0 || ll % 4 != 0 || i + 1 + ll > n) { print "bad at " i; break }
			i += 1 + ll
		}
	}')
	check "$name: every instance valid alone and at most 253 bytes" "" "$bad"
	echo "# sizes on the wire: $(echo "$out" | awk '$2 == 158 { printf "%d ", length($3) / 2 }')"
}

# 5 servers of 15 addresses: 305 bytes
EXPECT_N=2 one_run "5 x 15 addresses" 15 15 15 15 15
# 201 + 53 = 254 bytes: one instance for a 255-byte encoder, but Kea 2.2
# would cut it at 253, so two instances
EXPECT_N=2 one_run "50 + 13 addresses" 50 13
# 63 + 63 + 63 + 1 addresses: 253 + 253 + 253 + 5
EXPECT_N=4 one_run "3 x 63 + 1 addresses" 63 63 63 1
finish
