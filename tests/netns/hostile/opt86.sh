#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Issue 12 item 2: a rogue DHCPv6 server sending 1000 and more option-86
# instances cannot grow dhcpcd's hook environment, and every instance still
# counts.  A scapy server (rogue-dhcp.py) answers the real dhcpcd, run with
# the shipped dhcpcd.conf.pcpsel (verbatim, through tests/netns/lib.sh) and
# under glibc's malloc checking (MALLOC_CHECK_=3, libc_malloc_debug.so when
# installed).  Per case: new option bytes, `dhcpcd -N`, then
#   - the RENEW and RENEW6 hook runs happen (dhcpcd keeps serving),
#   - the interface file is exactly the expected one (every instance a
#     server, in order, after the DHCPv4 server), or unchanged past the
#     documented limit (more than 4096 instances: one err line),
#   - the hook environment of RENEW6 (old and new lease) stays under 4 KiB
#     whatever the number of instances,
#   - the hook logged exactly what is expected (nothing, or one line).
# Then a DHCPv4 NAK and a new DHCPv4 lease, and one more renewal.  At the
# end: dhcpcd still runs and neither dhcpcd's output nor its log holds a
# malloc report.  Closing line "N passed, M failed".  Root only (network
# namespaces), no Kea needed; exit 77 otherwise or without scapy.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"

NS_QUIET=${NS_QUIET:-1}
NS_TIMEOUT=${NS_TIMEOUT:-20}
ns_init opt86 mount
dhcpcd_require
HERE=$top_srcdir/tests/netns/hostile
PY=/usr/bin/python3
[ -x "$PY" ] && "$PY" -c 'import scapy.all' 2>/dev/null ||
    skip_all "no scapy for $PY (python3-scapy)"
T0=$(ns_now)
R=$T/rogue
H=$T/host
SYSLOG=$H/syslog
EVENTS=$H/events
mkdir -p "$R"

BASE4=9e0504c0000201			# 158: [192.0.2.1]
FILE_V4='server dhcpv4 192.0.2.1'

# v6hex FIRST N [LEN]: N option-86 instances of one address
# 2001:db8:c:K::1, K from FIRST (LEN 0: empty instances instead)
v6hex()
{
	awk -v f="$1" -v n="$2" -v l="${3:-16}" 'BEGIN {
		for (k = f; k < f + n; k++)
			if (l == 0)
				printf "00560000"
			else
				printf "0056001020010db8000c%04x0000000000000001", k }'
}

# v6want FIRST N: the server lines of v6hex FIRST N
v6want()
{
	awk -v f="$1" -v n="$2" 'BEGIN {
		for (k = f; k < f + n; k++)
			printf "server dhcpv6 2001:db8:c:%x::1\n", k }'
}

set_case()
{
	printf 'name=%s\nv4=%s\nv6=%s\nv4nak=%s\n' "$1" "$BASE4" "$C_V6" \
	    "${C_NAK:-0}" > "$R/case.tmp"
	mv "$R/case.tmp" "$R/case"
}

C_V6=$(v6hex 1 1)
set_case baseline
ns_isp a
rogue_start a tocpe "$R/case" "$R/rogue.log"
rogue_pid=$ROGUE_PID

dhcpcd_conf ispa
grep -q '^define6 86 request binhex reserved$' "$H/dhcpcd.conf" ||
    bail "the shipped snippet does not keep option 86 out of the environment"
# after the pcpsel hook: the size of the environment and one line per run
cat > "$H/hooks/99-opt86-mark" <<EOF
printf '%s %s %s\n' "\$interface" "\$reason" \
    "\$(wc -c < /proc/\$\$/environ)" >> '$EVENTS'
EOF
: > "$EVENTS"
# dhcpcd_start, with glibc's malloc checks for dhcpcd alone (dhcpcd
# gives its hooks an environment of its own: pcpsel never sees them)
DEBUGLIB=
for f in /usr/lib/*/libc_malloc_debug.so.0 /lib/*/libc_malloc_debug.so.0; do
	[ -f "$f" ] && DEBUGLIB=$f && break
done
echo "# $(dhcpcd --version | head -n 1), malloc checks: MALLOC_CHECK_=3${DEBUGLIB:+ with $DEBUGLIB}"
PATH=$H/bin:$PATH MALLOC_CHECK_=3 LIBC_FATAL_STDERR_=1 \
    LD_PRELOAD=$DEBUGLIB ns_bg host "$H/dhcpcd.out" "$H/ns-wrap" \
    dhcpcd -f "$H/dhcpcd.conf" -c "$H/dhcpcd-run-hooks" -B -d \
    -j "$H/dhcpcd.log" ispa
dpid=$NS_PID
dhcpcd_pid_host_ispa=$dpid
ns_watch "$dpid"

wait_file ispa "$(servers_text ispa "$FILE_V4" "$(v6want 1 1)")"
ns_poll "ispa BOUND6" grep -q '^ispa BOUND6 ' "$EVENTS" ||
    bail "ispa: no BOUND6"
ns_poll "ispa BOUND" grep -q '^ispa BOUND ' "$EVENTS" ||
    bail "ispa: no BOUND"
[ -s "$SYSLOG" ] && bail "the baseline logged: $(cat "$SYSLOG")"
echo "# setup: $(ns_elapsed "$T0") s"



snap()
{
	if [ -e "$1" ]; then
		echo "$(stat -c %i "$1") $(cksum < "$1")"
	else
		echo absent
	fi
}

events_gt()
{
	[ "$(grep -c "^ispa $1 " "$EVENTS")" -gt "$2" ]
}

malloc_reports()
{
	grep -ciE 'malloc|free\(\)|corrupt|double free|invalid pointer' \
	    "$H/dhcpcd.out" "$H/dhcpcd.log" |
	    awk -F: '{ s += $NF } END { print s + 0 }'
}

# rcase NAME LOG WANT: one renewal with the current case.  LOG: the whole
# expected log line as a shell pattern, or - for none.  WANT: a file of the
# expected server lines, or "same" (file unchanged: same bytes and inode).
rcase()
{
	name=$1 logpat=$2 want=$3
	t=$(ns_now)
	f=$(servers_file ispa)
	before=$(snap "$f")
	n4=$(grep -c '^ispa RENEW ' "$EVENTS")
	n6=$(grep -c '^ispa RENEW6 ' "$EVENTS")
	nlog=$(wc -l < "$SYSLOG")
	set_case "$name"
	dhcpcd_ctl -N ispa
	bad=
	ns_poll "ispa RENEW6" events_gt RENEW6 "$n6" >/dev/null ||
	    bad="$bad; no RENEW6 hook run"
	ns_poll "ispa RENEW" events_gt RENEW "$n4" >/dev/null ||
	    bad="$bad; no RENEW hook run"
	sleep 0.2
	kill -0 "$dpid" 2>/dev/null || bad="$bad; dhcpcd died"
	if [ "$want" = same ]; then
		[ "$(snap "$f")" = "$before" ] || bad="$bad; ispa's file changed"
	elif ! same_text "$f" "$(servers_text ispa; cat "$want")"; then
		bad="$bad; ispa's file differs ($(grep -c '^server' "$f" \
		    2>/dev/null) servers, $(grep -c '^server' "$want") wanted)"
	fi
	env6=$(grep '^ispa RENEW6 ' "$EVENTS" | tail -n 1 | cut -d' ' -f3)
	[ "${env6:-99999}" -lt 4096 ] ||
	    bad="$bad; RENEW6 environment of ${env6:-?} bytes"
	newlog=$(tail -n +$((nlog + 1)) "$SYSLOG")
	if [ "$logpat" = - ]; then
		[ -z "$newlog" ] || bad="$bad; logged: $newlog"
	else
		# shellcheck disable=SC2254
		case $newlog in
		$logpat) [ "$(printf '%s\n' "$newlog" | wc -l)" = 1 ] ||
		    bad="$bad; more than one line logged" ;;
		*) bad="$bad; log: '$newlog'" ;;
		esac
	fi
	m=$(malloc_reports)
	[ "$m" = 0 ] || bad="$bad; $m malloc report lines"
	if [ -z "$bad" ]; then
		ok "$name (environment $env6 bytes, $(ns_elapsed "$t") s)"
	else
		not_ok "$name:${bad#;}"
		echo "# rogue: $(tail -n 2 "$R/rogue.log" | tr '\n' '|')"
		echo "# dhcpcd: $(tail -n 6 "$H/dhcpcd.log" | tr '\n' '|')"
	fi
	[ -n "$newlog" ] && echo "#   logged: $newlog"
	kill -0 "$dpid" 2>/dev/null || bail "dhcpcd died: no more cases"
}

# the cases: 1000 instances twice (the second renewal has the old and the
# new lease's 1000 each), 3200 (about the most a DHCPv6 message holds)
for count in 1000 1000 3200; do
	C_V6=$(v6hex 1 "$count")
	{ echo "$FILE_V4"; v6want 1 "$count"; } > "$R/want"
	rcase "$count option-86 instances" - "$R/want"
done

# a DHCPv4 NAK after them, then a new DHCPv4 lease: dhcpcd goes on
# (ns_poll uses $n itself)
nbound=$(grep -c '^ispa BOUND ' "$EVENTS")
C_NAK=1
set_case nak
dhcpcd_ctl -N ispa
ns_poll "ispa NAK" grep -q '^ispa NAK ' "$EVENTS" &&
    ok "DHCPv4 NAK after 3200 instances: hook run" ||
    not_ok "DHCPv4 NAK after 3200 instances: no NAK hook run"
C_NAK=0
set_case after-nak
ns_poll "ispa BOUND" events_gt BOUND "$nbound" &&
    ns_poll "the file after the NAK" same_text "$(servers_file ispa)" \
	"$(servers_text ispa; cat "$R/want")" &&
    ok "new DHCPv4 lease after the NAK: DHCPv4 server back, 3200 DHCPv6 kept" ||
    not_ok "no new DHCPv4 lease after the NAK, or a wrong file"

# past the documented limit: 4097 instances (4096 empty, one good), the
# most a run takes being 4096: the DHCPv6 servers stay as they were
C_V6=$(v6hex 1 4096 0)$(v6hex 9 1)
rcase "4097 instances (past the limit of 4096)" \
    "daemon.err dhcpcd-run-hooks: ispa: pcpsel dhcpcd: ispa: RENEW6: /var/lib/dhcpcd/ispa.lease6: 4097 option-86 instances, more than 4096: DHCPv6 PCP servers unchanged" \
    same
# 4096 instances, 4095 of them empty: the good one counts, the empty ones
# are malformed (P-DHCP6-2)
C_V6=$(v6hex 1 4095 0)$(v6hex 9 1)
{ echo "$FILE_V4"; v6want 9 1; } > "$R/want"
rcase "4096 instances, 4095 empty" \
    "daemon.err dhcpcd-run-hooks: ispa: pcpsel dhcpcd: ispa: RENEW6: DHCPv6 option 86: 4095 of 4096 instances malformed and skipped (first: instance 1, option-len is 0, length 0)" \
    "$R/want"
C_V6=$(v6hex 1 1)
{ echo "$FILE_V4"; v6want 1 1; } > "$R/want"
rcase "one instance again" - "$R/want"

kill -0 "$dpid" 2>/dev/null && ok "dhcpcd still runs" ||
    not_ok "dhcpcd died"
m=$(malloc_reports)
[ "$m" = 0 ] && ok "no malloc report from dhcpcd" ||
    { not_ok "$m malloc report lines from dhcpcd";
      grep -iE 'malloc|free\(\)|corrupt' "$H/dhcpcd.out" | head -5; }
echo "# largest RENEW6 environment: $(grep '^ispa RENEW6 ' "$EVENTS" |
    cut -d' ' -f3 | sort -n | tail -n 1) bytes; $(grep -c '^ispa RENEW6 ' \
    "$EVENTS") RENEW6 runs; $(ns_elapsed "$T0") s"
finish
