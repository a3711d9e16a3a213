#!/bin/sh
# kea-dhcp4 and kea-dhcp6 with multi-threading on (4 packet threads) under
# perfdhcp load for a bounded time (KT_LOAD_SECONDS, default 5 s each):
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
. "${top_srcdir:-$(dirname "$0")/../..}/tests/kea/lib.sh"
kt_setup
command -v perfdhcp >/dev/null 2>&1 || kt_skip "perfdhcp not installed (kea-admin)"
command -v tcpdump >/dev/null 2>&1 || kt_skip "tcpdump not installed"
SECS=${KT_LOAD_SECONDS:-5}
RATE=${KT_LOAD_RATE:-1000}
CHECK=$KT_SRCDIR/tests/kea/pcap_check.py

# perfdhcp -4 is a relay agent: giaddr is the client veth's address
ip -n $KT_CLI addr add 192.0.2.2/24 dev $KT_CIF
ip -n $KT_CLI addr add 2001:db8:1::2/64 dev $KT_CIF nodad

MT='"multi-threading": { "enable-multi-threading": true,
	"thread-pool-size": 4, "packet-queue-size": 64 },'
# quiet per-packet logging: the load is for Kea and the hook, not the log
KT_LEASES_SEVERITY=WARN
KT_HOOK_SEVERITY=INFO

# kt_capture_start FILTER: tcpdump on the server's veth, in its namespace
kt_capture_start() {
	rm -f "$KT_T/cap.pcap" "$KT_T/tcpdump.err"
	ip netns exec $KT_SRV tcpdump -i $KT_SIF -n -U --immediate-mode -s 0 -B 32768 \
		-w "$KT_T/cap.pcap" "$1" 2> "$KT_T/tcpdump.err" &
	KT_TCPDUMP=$!
	KT_PIDS="$KT_PIDS $KT_TCPDUMP"
	n=0
	while ! grep -q "listening on" "$KT_T/tcpdump.err" 2>/dev/null; do
		n=$((n + 1))
		[ $n -lt 100 ] || { echo "FAIL tcpdump did not start"; KT_FAIL=1; return 1; }
		sleep 0.05
	done
}

# kt_capture_stop: let tcpdump write out what it has buffered (the file
# stops growing; at most 3 s), then SIGINT (it prints its statistics)
kt_capture_stop() {
	n=0
	last=-1
	size=$(wc -c < "$KT_T/cap.pcap")
	while [ "$size" != "$last" ] && [ $n -lt 10 ]; do
		sleep 0.3
		last=$size
		size=$(wc -c < "$KT_T/cap.pcap")
		n=$((n + 1))
	done
	kill -INT $KT_TCPDUMP 2>/dev/null
	n=0
	while kill -0 $KT_TCPDUMP 2>/dev/null && [ $n -lt 50 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	kill -KILL $KT_TCPDUMP 2>/dev/null
	wait $KT_TCPDUMP 2>/dev/null
	kt_forget $KT_TCPDUMP
}

# kt_load FAMILY SECONDS BASE-MAC [PERFDHCP_OPTION]: perfdhcp for SECONDS at
# RATE/s from 80 clients; appends its output to $KT_T/perf$1.out
kt_load() {
	ip netns exec $KT_CLI timeout $(($2 + 15)) perfdhcp -$1 -l $KT_CIF \
		-R 80 -r $RATE -p $2 -W 500000 -b mac=$3 ${4:+-o "$4"} \
		>> "$KT_T/perf$1.out" 2>&1 &
	p=$!
	KT_PIDS="$KT_PIDS $p"
	wait $p
	KT_PERF_RC=$?
	kt_forget $p
	kt_expect "perfdhcp -$1 ${4:+-o $4 }finished (exit status 0, 3: drops)" \
		yes "$( [ $KT_PERF_RC = 0 ] || [ $KT_PERF_RC = 3 ] && echo yes)"
}

# kt_load_check FAMILY WANT: Kea alive, no hook error, capture all right
kt_load_check() {
	kt_expect "kea-dhcp$1 (pid $KT_KEA_PID) still runs after the load" alive \
		"$(kill -0 $KT_KEA_PID 2>/dev/null && echo alive)"
	kt_expect "v$1: no PCPSEL_PROCESS_ERROR in Kea's log" 0 \
		"$(grep -c PCPSEL_PROCESS_ERROR "$KT_KEA_LOG")"
	kt_expect "v$1: no FATAL/ERROR line in Kea's log" 0 \
		"$(grep -c ' FATAL \| ERROR ' "$KT_KEA_LOG")"
	ex=$(grep -i "received packets:" "$KT_T/perf$1.out" | \
		awk '{ s += $NF } END { print s + 0 }')
	echo "     perfdhcp -$1: $ex replies received"
	echo "     tcpdump: $(grep -h 'captured\|dropped by kernel' "$KT_T/tcpdump.err" | tr '\n' ' ')"
	out=$($KT_PY "$CHECK" -$1 "$KT_T/cap.pcap" "$2")
	rc=$?
	echo "$out" | sed 's/^/     /'
	kt_expect "v$1: every captured reply carries the right option bytes" 0 $rc
	set -- $(echo "$out" | tail -n 1)
	# queries Q replies R asked A checked C unmatched U wrong W
	# frames tcpdump did not write: dropped by the kernel, or still in
	# its buffer at the end
	dropped=$(awk '/packets captured/ { c = $1 }
		/packets received by filter/ { r = $1 }
		/packets dropped by kernel/ { d = $1 }
		END { print r - c + d }' "$KT_T/tcpdump.err")
	kt_expect "replies checked: at least 1000" yes \
		"$( [ "${8:-0}" -ge 1000 ] && echo yes)"
	kt_expect "replies that asked: at least 500" yes \
		"$( [ "${6:-0}" -ge 500 ] && echo yes)"
	kt_expect "replies that did not ask: at least 500" yes \
		"$( [ $((${8:-0} - ${6:-0})) -ge 500 ] && echo yes)"
	kt_expect "replies without their query in the capture: none beyond tcpdump's drops" yes \
		"$( [ "${10:-1}" -le "${dropped:-0}" ] && echo yes)"
	kt_expect "every reply perfdhcp received was captured and checked" yes \
		"$( [ "${8:-0}" -ge $((ex - ${dropped:-0})) ] && echo yes)"
	KT_REPLIES=$((KT_REPLIES + ${8:-0}))
	KT_EXCHANGES=$((KT_EXCHANGES + ex))
}
KT_REPLIES=0
KT_EXCHANGES=0

# DHCPv4: subnet list [[198.51.100.7, 198.51.100.8], [203.0.113.9]]; a
# pool for both sets of 80 clients
W4=08c6336407c633640804cb007109
kt_conf4 "$KT_T/a.json" '{ "pcp-servers": [ [ "192.0.2.1" ] ] }' \
	"$MT $(kt_subnet4 '{ "pcp-servers": [ [ "198.51.100.7", "198.51.100.8" ], [ "203.0.113.9" ] ] }' |
	sed 's/192.0.2.100 - 192.0.2.199/192.0.2.10 - 192.0.2.250/')"
kt_start 4 "$KT_T/a.json" || { KT_FAIL=1; echo "FAIL kea-dhcp4 did not start"; kt_done; }
kt_expect_grep "kea-dhcp4 runs with 4 packet threads" \
	"DHCP4_MULTI_THREADING_INFO enabled: yes, number of threads: 4" "$KT_KEA_LOG"
kt_capture_start "udp and (port 67 or port 68)" || kt_done
kt_load 4 $SECS 02:00:00:0d:00:00 55,9e
# then 2 s of queries that do not ask, from other clients: their replies
# must not carry 158
kt_load 4 2 02:00:00:0e:00:00
kt_capture_stop
kt_load_check 4 $W4
kt_stop

# DHCPv6: subnet list [[2001:db8:1::7], [2001:db8:2::8, 203.0.113.9]]
W6=20010db8000100000000000000000007,20010db800020000000000000000000800000000000000000000ffffcb007109
kt_conf6 "$KT_T/b.json" '{ "pcp-servers": [ [ "2001:db8::1" ] ] }' \
	"$MT $(kt_subnet6 '{ "pcp-servers": [ [ "2001:db8:1::7" ], [ "2001:db8:2::8", "203.0.113.9" ] ] }')"
kt_start 6 "$KT_T/b.json" || { KT_FAIL=1; echo "FAIL kea-dhcp6 did not start"; kt_done; }
kt_expect_grep "kea-dhcp6 runs with 4 packet threads" \
	"DHCP6_MULTI_THREADING_INFO enabled: yes, number of threads: 4" "$KT_KEA_LOG"
kt_capture_start "udp and (port 546 or port 547)" || kt_done
kt_load 6 $SECS 02:00:00:0d:00:00 6,0056
kt_capture_stop
kt_load_check 6 $W6
kt_stop

echo "$KT_EXCHANGES perfdhcp replies, $KT_REPLIES captured replies checked"
kt_done
