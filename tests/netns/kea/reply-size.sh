#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Real kea-dhcp4 / kea-dhcp6: no configuration may cost a client its lease
# (issue 12 item 1).  Measured on the hook before the fix: 5 servers of 63
# addresses (1265 bytes of option 158) made every OFFER fail to go out
# (DHCP4_PACKET_SEND_FAIL, errno 90); 4 x 63 gave a 1282-byte OFFER to a
# client that announced no maximum message size (RFC 2131 §2: 576); 4000
# one-address DHCPv6 servers made every ADVERTISE fail ("Message too
# long").  Now:
#  - a list that fits no reply is refused when the configuration is loaded,
#    naming the limit and the value (keacfg/size_limits.h), and
#    `pcpsel kea-check` says the same;
#  - a list that fits the limit but not one reply loses whole servers from
#    its end (the least preferred) until the reply fits what the client
#    takes (option 57, else 576 bytes; RFC 2132 §9.10), logged once per
#    scope (PCPSEL_TRIMMED); the client gets its lease.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"
kea_wire_setup

# servers4 N: N servers of 63 addresses (198.51.(100+s).1-63), as JSON
servers4() {
	awk -v n="$1" 'BEGIN { printf "[";
		for (s = 0; s < n; s++) { printf "%s[", (s ? "," : "");
			for (a = 1; a <= 63; a++) printf "%s\"198.51.%d.%d\"", (a > 1 ? "," : ""), 100 + s, a;
			printf "]" }
		printf "]" }'
}
# servers6 N: N servers of one address each, as JSON
servers6() {
	awk -v n="$1" 'BEGIN { printf "[";
		for (s = 0; s < n; s++) printf "%s[\"2001:db8:5:%x::1\"]", (s ? "," : ""), s;
		printf "]" }'
}

# refused NAME FAMILY SERVERS LIMITMSG: kea-dhcpFAMILY with SERVERS as the
# global list exits 1 at startup naming the limit; kea-check agrees
refused() {
	kea_conf srv "$2" kts "{ \"pcp-servers\": $3 }" "$(kea_subnet$2 kts)"
	conf=$T/srv/kea/kea$2.json
	ns_exec srv env KEA_HOOKS_PATH=$T/hooks "$PCPSEL" kea-check "$conf" > "$T/kc.out" 2>&1
	check "$1: pcpsel kea-check exits 65" 65 $?
	check_grep "$1: kea-check names the limit and the value" "$4" "$T/kc.out"
	if kea_start srv "$2"; then
		check "$1: Kea refuses the configuration" exited running
		ns_stop "$KEA_PID"
		return
	fi
	ns_wait "$KEA_PID"
	check "$1: kea-dhcp$2 exits with status 1" 1 "$rc"
	check_grep "$1: Kea's log names the limit and the value" "$4" "$KEA_LOG"
	mv "$KEA_LOG" "$KEA_LOG.$2refused"
}

refused "v4 5 x 63 addresses" 4 "$(servers4 5)" \
	"pcp-servers in hook parameters: 5 servers (315 addresses) need at least 1260 bytes of option 158 in a reply, more than the limit of 1168"
refused "v6 4000 servers" 6 "$(servers6 4000)" \
	"pcp-servers in hook parameters: 4000 servers (4000 addresses) need 80000 bytes of option 86 in a reply (option headers included), more than the limit of 64499"

# 4 x 63 addresses: 1020 bytes with the instance headers, within the limit
kea_conf srv 4 kts "{ \"pcp-servers\": $(servers4 4) }" "$(kea_subnet4 kts)"
kea_start srv 4 || bail "kea-dhcp4 did not start with 4 x 63 addresses"
one=$(awk 'BEGIN { for (a = 1; a <= 63; a++) printf "%s198.51.100.%d", (a > 1 ? "," : ""), a }')
want1=$("$PCPSEL" encode -4 "$one" | tr -d '\n')

# a client that announced no maximum size: 576 bytes at most, the first
# server, and its lease (OFFER and ACK)
out=$(client4 02:00:00:00:0a:31 --prl 1,3,158 --show-size)
check "no option 57: OFFER and ACK arrive" "" \
	"$(echo "$out" | grep TIMEOUT)"
check "no option 57: the OFFER carries the first server only" "$want1" \
	"$(echo "$out" | awk '$1 == "OFFER" && $2 == 158 { printf "%s", $3 }')"
check "no option 57: the ACK carries the first server only" "$want1" \
	"$(echo "$out" | awk '$1 == "ACK" && $2 == 158 { printf "%s", $3 }')"
osize=$(echo "$out" | awk '$1 == "OFFER" && $2 == "bytes" { print $3 }')
asize=$(echo "$out" | awk '$1 == "ACK" && $2 == "bytes" { print $3 }')
note "no option 57: OFFER $osize bytes, ACK $asize bytes (DHCP message)"
check "no option 57: OFFER at most 548 bytes (576 with IP and UDP)" yes \
	"$([ -n "$osize" ] && [ "$osize" -le 548 ] && echo yes)"
check "no option 57: ACK at most 548 bytes" yes \
	"$([ -n "$asize" ] && [ "$asize" -le 548 ] && echo yes)"

# option 57 = 1500: the whole list
out=$(client4 02:00:00:00:0a:32 --prl 1,3,158 --max-size 1500 --show-size)
all=$("$PCPSEL" encode -4 "$one" \
	"$(awk 'BEGIN { for (a = 1; a <= 63; a++) printf "%s198.51.101.%d", (a > 1 ? "," : ""), a }')" \
	"$(awk 'BEGIN { for (a = 1; a <= 63; a++) printf "%s198.51.102.%d", (a > 1 ? "," : ""), a }')" \
	"$(awk 'BEGIN { for (a = 1; a <= 63; a++) printf "%s198.51.103.%d", (a > 1 ? "," : ""), a }')" | tr -d '\n')
check "option 57 1500: OFFER and ACK arrive" "" "$(echo "$out" | grep TIMEOUT)"
check "option 57 1500: the OFFER carries all 4 servers (1012 bytes)" "$all" \
	"$(echo "$out" | awk '$1 == "OFFER" && $2 == 158 { printf "%s", $3 }')"
osize=$(echo "$out" | awk '$1 == "OFFER" && $2 == "bytes" { print $3 }')
note "option 57 1500: OFFER $osize bytes"
check "option 57 1500: OFFER at most 1472 bytes" yes \
	"$([ -n "$osize" ] && [ "$osize" -le 1472 ] && echo yes)"

# option 57 = 1000: as many whole servers as fit
out=$(client4 02:00:00:00:0a:33 --prl 1,3,158 --max-size 1000 --show-size)
n=$(echo "$out" | grep -c '^OFFER 158 ')	# a 63-address server an instance
osize=$(echo "$out" | awk '$1 == "OFFER" && $2 == "bytes" { print $3 }')
note "option 57 1000: $n servers, OFFER $osize bytes"
check "option 57 1000: two servers" 2 "$n"
check "option 57 1000: OFFER at most 972 bytes" yes \
	"$([ -n "$osize" ] && [ "$osize" -le 972 ] && echo yes)"

# logged once per scope, naming it
check "PCPSEL_TRIMMED logged once for the global list" 1 \
	"$(grep -c 'PCPSEL_TRIMMED.*of global' "$KEA_LOG")"
check_nogrep "no send failure" "DHCP4_PACKET_SEND_FAIL" "$KEA_LOG"
ns_stop "$KEA_PID"

# DHCPv6: 3000 one-address servers (60000 bytes) are within the limit; the
# ADVERTISE goes out (fragmented by the kernel, as any large DHCPv6 reply)
kea_conf srv 6 kts "{ \"pcp-servers\": $(servers6 3000) }" "$(kea_subnet6 kts)"
kea_start srv 6 || bail "kea-dhcp6 did not start with 3000 servers"
client6 --oro 23,86 > "$T/c6.out" 2>&1
check_grep "v6 3000 servers: the hook added them all" \
	"added 3000 instance(s) of option 86" "$KEA_LOG"
check_nogrep "v6 3000 servers: no send failure" "SEND_FAIL" "$KEA_LOG"
ns_stop "$KEA_PID"
finish
