# tests/kea/lib.sh - shared part of the Kea hook's wire tests (sourced)
#
# Every test gets its own namespaces ktsrv<ID>/ktcli<ID> joined by the veth
# pair kts<ID>/ktc<ID> (ID = the shell's PID, so runs never collide), its own
# scratch directory, and a trap that stops every process it started by PID
# and deletes the namespaces.  Only documentation addresses are used:
# 192.0.2.0/24 and 2001:db8:1::/64 on the link.  Nothing on the host is
# touched: Kea's pid, lock, log and lease files all go to the scratch dir.
#
# Environment: top_builddir (set by make check), PCPSEL (the tool).

KT_ID=$$
KT_SRV=ktsrv$KT_ID
KT_CLI=ktcli$KT_ID
KT_SIF=kts$KT_ID
KT_CIF=ktc$KT_ID
KT_PIDS=
KT_T=
KT_FAIL=0
KT_CHECKS=0
KT_SRCDIR=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
KT_BUILDDIR=${top_builddir:-.}
KT_HOOK=$KT_BUILDDIR/.libs/libdhcp_pcpsel.so
KT_PY=/usr/bin/python3
KT_CLIENT=$KT_SRCDIR/tests/kea/scapy_client.py
KT_SRV_MAC=02:00:00:00:0a:01
KT_CLI_MAC=02:00:00:00:0a:02

# kt_skip REASON: exit 77 (automake: skipped)
kt_skip() {
	echo "SKIP: $*"
	exit 77
}

# kt_require: skip unless root, Kea, scapy and the built hook are there
kt_require() {
	[ "$(id -u)" = 0 ] || kt_skip "not root"
	[ "${PCPSEL_SKIP_NETNS:-0}" = 1 ] && kt_skip "PCPSEL_SKIP_NETNS=1"
	command -v ip >/dev/null 2>&1 || kt_skip "no iproute2"
	[ -x /usr/sbin/kea-dhcp4 ] || command -v kea-dhcp4 >/dev/null 2>&1 ||
		kt_skip "kea-dhcp4 not installed"
	[ -x /usr/sbin/kea-dhcp6 ] || command -v kea-dhcp6 >/dev/null 2>&1 ||
		kt_skip "kea-dhcp6 not installed"
	$KT_PY -c 'import scapy.all' 2>/dev/null || kt_skip "no python3-scapy"
	[ -f "$KT_HOOK" ] || kt_skip "hook not built ($KT_HOOK)"
	PATH=$PATH:/usr/sbin:/sbin
	export PATH
}

# kt_cleanup: stop our processes, delete our namespaces and scratch dir
kt_cleanup() {
	for p in $KT_PIDS; do
		kill -TERM "$p" 2>/dev/null
	done
	for p in $KT_PIDS; do
		n=0
		while kill -0 "$p" 2>/dev/null && [ $n -lt 30 ]; do
			sleep 0.1
			n=$((n + 1))
		done
		kill -KILL "$p" 2>/dev/null
	done
	for ns in $KT_SRV $KT_CLI; do
		if ip netns list 2>/dev/null | grep -q "^$ns\b"; then
			for p in $(ip netns pids "$ns" 2>/dev/null); do
				kill -KILL "$p" 2>/dev/null
			done
			ip netns del "$ns" 2>/dev/null
		fi
	done
	if [ -n "$KT_T" ] && [ -d "$KT_T" ]; then
		if [ "$KT_FAIL" != 0 ] && [ -z "$KT_KEEP" ]; then
			for f in "$KT_T"/*.log; do
				[ -f "$f" ] || continue
				echo "---- $f (last lines)"
				tail -n 15 "$f"
			done
		fi
		[ -n "$KT_KEEP" ] || rm -rf "$KT_T"
	fi
}

# kt_setup: scratch dir, namespaces, veth pair, addresses
kt_setup() {
	kt_require
	KT_T=$(mktemp -d "${TMPDIR:-/tmp}/pcpsel-kea.XXXXXX") || exit 99
	trap 'kt_cleanup' EXIT
	trap 'exit 99' INT TERM HUP
	ip netns add $KT_SRV || exit 99
	ip netns add $KT_CLI || exit 99
	ip link add $KT_SIF netns $KT_SRV type veth peer name $KT_CIF \
		netns $KT_CLI || exit 99
	ip -n $KT_SRV link set lo up
	ip -n $KT_CLI link set lo up
	ip netns exec $KT_SRV sysctl -qw net.ipv6.conf.$KT_SIF.accept_dad=0
	ip netns exec $KT_CLI sysctl -qw net.ipv6.conf.$KT_CIF.accept_dad=0
	ip -n $KT_SRV link set $KT_SIF address $KT_SRV_MAC
	ip -n $KT_CLI link set $KT_CIF address $KT_CLI_MAC
	ip -n $KT_SRV addr add 192.0.2.1/24 dev $KT_SIF
	ip -n $KT_SRV addr add 2001:db8:1::1/64 dev $KT_SIF nodad
	ip -n $KT_SRV link set $KT_SIF up
	ip -n $KT_CLI link set $KT_CIF up
	# the client's link-local (EUI-64 of its MAC) for DHCPv6
	KT_CLI_LL=fe80::ff:fe00:a02
}

# kt_conf4 FILE HOOK_PARAMS [EXTRA]: a kea-dhcp4 configuration with subnet
# 192.0.2.0/24 (id 1) on the veth, the hook with HOOK_PARAMS (a JSON map),
# and EXTRA (JSON members, each followed by a comma) inside "Dhcp4".
# Log severities (for load tests): KT_LEASES_SEVERITY for Kea's per-lease
# messages (default INFO), KT_HOOK_SEVERITY for the hook's (default DEBUG,
# debuglevel 50: one line per reply).
kt_conf4() {
	cat > "$1" <<EOF
{ "Dhcp4": {
  "interfaces-config": { "interfaces": [ "$KT_SIF" ],
                         "dhcp-socket-type": "raw" },
  "lease-database": { "type": "memfile", "persist": false },
  "valid-lifetime": 600, "renew-timer": 300, "rebind-timer": 500,
  $3
  "hooks-libraries": [ { "library": "$KT_HOOK", "parameters": $2 } ],
  "loggers": [ { "name": "kea-dhcp4", "severity": "INFO",
                 "output_options": [ { "output": "$KT_T/kea4.log" } ] },
               { "name": "kea-dhcp4.leases", "severity": "${KT_LEASES_SEVERITY:-INFO}",
                 "output_options": [ { "output": "$KT_T/kea4.log" } ] },
               { "name": "kea-dhcp4.pcpsel-hooks", "severity": "${KT_HOOK_SEVERITY:-DEBUG}",
                 "debuglevel": 50,
                 "output_options": [ { "output": "$KT_T/kea4.log" } ] } ]
} }
EOF
}

# kt_subnet4 [USER_CONTEXT] [RESERVATIONS]: the subnet4 member for kt_conf4
kt_subnet4() {
	printf '"subnet4": [ { "id": 1, "subnet": "192.0.2.0/24", "interface": "%s", "pools": [ { "pool": "192.0.2.100 - 192.0.2.199" } ]%s%s } ],' \
		"$KT_SIF" "${1:+, \"user-context\": $1}" \
		"${2:+, \"reservations\": $2}"
}

# kt_conf6 FILE HOOK_PARAMS [EXTRA]: the same for kea-dhcp6, subnet
# 2001:db8:1::/64 (id 1) on the veth.
kt_conf6() {
	cat > "$1" <<EOF
{ "Dhcp6": {
  "interfaces-config": { "interfaces": [ "$KT_SIF" ] },
  "server-id": { "type": "LL", "persist": false },
  "data-directory": "$KT_T",
  "lease-database": { "type": "memfile", "persist": false },
  "preferred-lifetime": 500, "valid-lifetime": 600,
  "renew-timer": 300, "rebind-timer": 400,
  $3
  "hooks-libraries": [ { "library": "$KT_HOOK", "parameters": $2 } ],
  "loggers": [ { "name": "kea-dhcp6", "severity": "INFO",
                 "output_options": [ { "output": "$KT_T/kea6.log" } ] },
               { "name": "kea-dhcp6.leases", "severity": "${KT_LEASES_SEVERITY:-INFO}",
                 "output_options": [ { "output": "$KT_T/kea6.log" } ] },
               { "name": "kea-dhcp6.pcpsel-hooks", "severity": "${KT_HOOK_SEVERITY:-DEBUG}",
                 "debuglevel": 50,
                 "output_options": [ { "output": "$KT_T/kea6.log" } ] } ]
} }
EOF
}

# kt_subnet6 [USER_CONTEXT]: the subnet6 member for kt_conf6
kt_subnet6() {
	printf '"subnet6": [ { "id": 1, "subnet": "2001:db8:1::/64", "interface": "%s", "pools": [ { "pool": "2001:db8:1::100 - 2001:db8:1::1ff" } ]%s } ],' \
		"$KT_SIF" "${1:+, \"user-context\": $1}"
}

# kt_start 4|6 CONFIG: start kea-dhcpX in the server namespace and wait
# (at most 10 s) until it serves; returns 1 if it exited instead.
# KT_KEA_PID is its PID, KT_KEA_LOG its log.
kt_start() {
	KT_KEA_LOG=$KT_T/kea$1.log
	KEA_PIDFILE_DIR=$KT_T KEA_LOCKFILE_DIR=$KT_T \
	KEA_LOGGER_DESTINATION=$KT_T/early$1.log KEA_HOOKS_PATH=$(dirname "$KT_HOOK") \
		ip netns exec $KT_SRV kea-dhcp$1 -c "$2" \
		> "$KT_T/kea$1.stdout" 2>&1 &
	KT_KEA_PID=$!
	KT_PIDS="$KT_PIDS $KT_KEA_PID"
	n=0
	while [ $n -lt 200 ]; do
		if grep -q "DHCP$1_STARTED" "$KT_KEA_LOG" 2>/dev/null; then
			return 0
		fi
		kill -0 $KT_KEA_PID 2>/dev/null || return 1
		sleep 0.05
		n=$((n + 1))
	done
	return 1
}

# kt_forget PID: PID has been waited for; the cleanup must not signal it
# again (the number may belong to another process by then)
kt_forget() {
	l=
	for p in $KT_PIDS; do
		[ "$p" = "$1" ] || l="$l $p"
	done
	KT_PIDS=$l
}

# kt_stop: stop the Kea started last
kt_stop() {
	kill -TERM $KT_KEA_PID 2>/dev/null
	n=0
	while kill -0 $KT_KEA_PID 2>/dev/null && [ $n -lt 50 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	kill -KILL $KT_KEA_PID 2>/dev/null
	wait $KT_KEA_PID 2>/dev/null
	kt_forget $KT_KEA_PID
}

# kt_client ARGS...: run the scapy client in the client namespace; prints
# its output lines
kt_client() {
	ip netns exec $KT_CLI timeout 20 $KT_PY "$KT_CLIENT" "$@"
}

# kt_client4 [ARGS...]: a DHCPv4 exchange from the client's MAC
kt_client4() {
	kt_client -4 $KT_CIF "$@"
}

# kt_client6 [ARGS...]: a DHCPv6 exchange from the client's link-local
kt_client6() {
	kt_client -6 $KT_CIF $KT_CLI_MAC --src $KT_CLI_LL "$@"
}

# kt_expect NAME EXPECTED ACTUAL: one check, printed
kt_expect() {
	KT_CHECKS=$((KT_CHECKS + 1))
	if [ "$2" = "$3" ]; then
		echo "ok   $1"
	else
		echo "FAIL $1"
		echo "     expected: $(echo "$2" | tr '\n' '|')"
		echo "     got:      $(echo "$3" | tr '\n' '|')"
		KT_FAIL=1
	fi
}

# kt_expect_grep NAME PATTERN FILE: FILE contains PATTERN (fixed string)
kt_expect_grep() {
	KT_CHECKS=$((KT_CHECKS + 1))
	if grep -qF -- "$2" "$3" 2>/dev/null; then
		echo "ok   $1"
	else
		echo "FAIL $1: \"$2\" not in $(basename "$3")"
		KT_FAIL=1
	fi
}

# kt_done: summary line and exit status
kt_done() {
	echo "$KT_CHECKS checks, $( [ $KT_FAIL = 0 ] && echo all passed || echo some FAILED)"
	[ $KT_FAIL = 0 ] && exit 0
	exit 1
}
