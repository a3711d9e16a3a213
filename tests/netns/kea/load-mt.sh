#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# kea-dhcp4 and kea-dhcp6 with multi-threading on (4 packet threads) under
# perfdhcp load for a bounded time (KEA_LOAD_SECONDS, default 5 s each):
# Kea keeps running, the hook logs no error, and every OFFER/ACK (ADVERTISE/
# REPLY) captured in the server namespace carries exactly the configured
# option-158 (option-86) instances when its query asked for the option, and
# none when it did not (R7291-3/4, RFC 7291 §3-4; checked by pcap_check.py).
#
# perfdhcp 2.2 asks for the option itself: -o 55,9e makes its option 55
# list 158 as well (DISCOVER and REQUEST; then 2 s more without it, whose
# replies must not carry 158); -o 6,0056 adds an ORO listing 86
# - in SOLICIT after perfdhcp's own ORO (23, 24), which is the one Kea and
# the hook read, so ADVERTISEs must come without option 86; in REQUEST it is
# the only ORO, so REPLYs must carry it.  No always-send is needed.
# The lists come from the subnet's user-context (the global list differs),
# so every packet thread also goes through the hook's scope lookup.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"
kea_wire_setup
command -v perfdhcp >/dev/null 2>&1 || skip_all "perfdhcp not installed (kea-admin)"
command -v tcpdump >/dev/null 2>&1 || skip_all "tcpdump not installed"
SECS=${KEA_LOAD_SECONDS:-5}
RATE=${KEA_LOAD_RATE:-1000}
CHECK=$top_srcdir/tests/netns/pcap_check.py

# perfdhcp -4 is a relay agent: giaddr is the client veth's address
ns_addr cli ktc 192.0.2.2/24 2001:db8:1::2/64

MT='"multi-threading": { "enable-multi-threading": true,
	"thread-pool-size": 4, "packet-queue-size": 64 },'
# quiet per-packet logging: the load is for Kea and the hook, not the log
KEA_LEASES_SEVERITY=WARN
KEA_HOOK_SEVERITY=INFO

# load FAMILY SECONDS BASE-MAC [PERFDHCP_OPTION]: perfdhcp for SECONDS at
# RATE/s from 80 clients; its output in $T/perfFAMILY-BASE-MAC.out
load() {
	ns_bg cli "$T/perf$1-$3.out" timeout $(($2 + 15)) perfdhcp -$1 -l ktc \
		-R 80 -r $RATE -p $2 -W 500000 -b mac=$3 ${4:+-o "$4"}
	ns_wait "$NS_PID"
	check "perfdhcp -$1 ${4:+-o $4 }finished (exit status 0, 3: drops)" \
		yes "$( [ $rc = 0 ] || [ $rc = 3 ] && echo yes)"
}

# load_check FAMILY WANT: Kea alive, no hook error, capture all right
load_check() {
	check "kea-dhcp$1 (pid $KEA_PID) still runs after the load" alive \
		"$(kill -0 $KEA_PID 2>/dev/null && echo alive)"
	check "v$1: no PCPSEL_PROCESS_ERROR in Kea's log" 0 \
		"$(grep -c PCPSEL_PROCESS_ERROR "$KEA_LOG")"
	check "v$1: no FATAL/ERROR line in Kea's log" 0 \
		"$(grep -c ' FATAL \| ERROR ' "$KEA_LOG")"
	ex=$(cat "$T"/perf$1-*.out | grep -i "received packets:" | \
		awk '{ s += $NF } END { print s + 0 }')
	echo "# perfdhcp -$1: $ex replies received"
	echo "# tcpdump: $(grep -h 'captured\|dropped by kernel' "$T/cap.pcap.err" | tr '\n' ' ')"
	out=$($NS_PY "$CHECK" -$1 "$T/cap.pcap" "$2")
	rc=$?
	echo "$out" | sed 's/^/# /'
	check "v$1: every captured reply carries the right option bytes" 0 $rc
	set -- $(echo "$out" | tail -n 1)
	# queries Q replies R asked A checked C unmatched U wrong W
	# frames tcpdump did not write: dropped by the kernel, or still in
	# its buffer at the end
	dropped=$(awk '/packets captured/ { c = $1 }
		/packets received by filter/ { r = $1 }
		/packets dropped by kernel/ { d = $1 }
		END { print r - c + d }' "$T/cap.pcap.err")
	check "replies checked: at least 1000" yes \
		"$( [ "${8:-0}" -ge 1000 ] && echo yes)"
	check "replies that asked: at least 500" yes \
		"$( [ "${6:-0}" -ge 500 ] && echo yes)"
	check "replies that did not ask: at least 500" yes \
		"$( [ $((${8:-0} - ${6:-0})) -ge 500 ] && echo yes)"
	check "replies without their query in the capture: none beyond tcpdump's drops" yes \
		"$( [ "${10:-1}" -le "${dropped:-0}" ] && echo yes)"
	check "every reply perfdhcp received was captured and checked" yes \
		"$( [ "${8:-0}" -ge $((ex - ${dropped:-0})) ] && echo yes)"
	REPLIES=$((REPLIES + ${8:-0}))
	EXCHANGES=$((EXCHANGES + ex))
}
REPLIES=0
EXCHANGES=0

# DHCPv4: subnet list [[198.51.100.7, 198.51.100.8], [203.0.113.9]]; a
# pool for both sets of 80 clients
W4=08c6336407c633640804cb007109
kea_conf srv 4 kts '{ "pcp-servers": [ [ "192.0.2.1" ] ] }' \
	"$MT $(kea_subnet4 kts '{ "pcp-servers": [ [ "198.51.100.7", "198.51.100.8" ], [ "203.0.113.9" ] ] }' |
	sed 's/192.0.2.100 - 192.0.2.199/192.0.2.10 - 192.0.2.250/')"
kea_start srv 4 || bail "kea-dhcp4 did not start"
check_grep "kea-dhcp4 runs with 4 packet threads" \
	"DHCP4_MULTI_THREADING_INFO enabled: yes, number of threads: 4" "$KEA_LOG"
cap_start srv kts "$T/cap.pcap" "udp and (port 67 or port 68)"
load 4 $SECS 02:00:00:0d:00:00 55,9e
# then 2 s of queries that do not ask, from other clients: their replies
# must not carry 158
load 4 2 02:00:00:0e:00:00
cap_stop "$T/cap.pcap"
load_check 4 $W4
ns_stop "$KEA_PID"

# DHCPv6: subnet list [[2001:db8:1::7], [2001:db8:2::8, 203.0.113.9]]
W6=20010db8000100000000000000000007,20010db800020000000000000000000800000000000000000000ffffcb007109
kea_conf srv 6 kts '{ "pcp-servers": [ [ "2001:db8::1" ] ] }' \
	"$MT $(kea_subnet6 kts '{ "pcp-servers": [ [ "2001:db8:1::7" ], [ "2001:db8:2::8", "203.0.113.9" ] ] }')"
kea_start srv 6 || bail "kea-dhcp6 did not start"
check_grep "kea-dhcp6 runs with 4 packet threads" \
	"DHCP6_MULTI_THREADING_INFO enabled: yes, number of threads: 4" "$KEA_LOG"
cap_start srv kts "$T/cap.pcap" "udp and (port 546 or port 547)"
load 6 $SECS 02:00:00:0d:00:00 6,0056
cap_stop "$T/cap.pcap"
load_check 6 $W6
ns_stop "$KEA_PID"

echo "# $EXCHANGES perfdhcp replies, $REPLIES captured replies checked"
finish
