# SPDX-License-Identifier: BSD-2-Clause
# tests/netns/lib.sh - the one harness of every namespace test, the demo and
# the benchmarks (POSIX sh, sourced; it sources tests/lib.sh, the TAP
# helper, whose $T is the scratch directory).
#
#	. "${top_srcdir:-$(dirname "$0")/../..}/tests/netns/lib.sh"
#	ns_init NAME [COMMAND...]	skip (77) unless root and every COMMAND
#	ns_new srv; ns_new cli; ns_link srv tocli cli tosrv
#	kea_conf srv 4 tocli '{ "pcp-servers": [ [ "192.0.2.1" ] ] }' "$(kea_subnet4 tocli)"
#	kea_start srv 4 || bail "kea-dhcp4 did not start"
#	...
#	finish
#
# Namespaces are named pcpsel-<test>-<pid>-<role> (ns_name ROLE), so runs
# never collide; veth ends are created inside them, so the host never sees
# an interface.  Every process is started from the test's shell (ns_bg),
# stopped by its PID at exit, then whatever is left in our namespaces is
# killed and the namespaces deleted.  Every wait is a bounded poll
# (ns_poll, NS_TIMEOUT seconds).  Only documentation addresses.
#
# Kea 2.6.3 and 3.0 accept paths only inside their own directories unless
# their environment variables move them (KEA_HOOKS_PATH, KEA_LOG_FILE_DIR,
# KEA_DHCP_DATA_DIR, KEA_CONTROL_SOCKET_DIR; Kea 2.2 ignores them):
# kea_start points each at the Kea's own directory $T/<role>/kea, and every
# hook a test loads is a symlink in $T/hooks (Kea 3.0 takes hooks from one
# directory).  The same configuration then runs on Kea 2.2, 2.6 and 3.0.
#
# Library functions declare their variables local (dash, bash and busybox
# sh have local), so that they never change a caller's.
#
# The other DHCP clients (ISC dhclient, busybox udhcpc) run the same way:
# cl_conf ROLE makes $T/ROLE/cl-wrap, which hides the host's /run,
# /var/lib/dhcp, /etc/resolv.conf, dhclient-script's hook directories and
# logger(1) behind this test's files, so that the real dhclient-script and
# udhcpc's default script run with only our hook and touch nothing of the
# host; dhclient_start / udhcpc_start start them.
#
# A benchmark (bench/kea.sh, bench/kea-hostdb.sh, bench/map.sh,
# bench/dhcpcd-opt86.sh, the reader part of bench/run.sh) reports figures
# and never passes or fails: it tests ns_usable where a test would let
# ns_init skip, sets NS_QUIET=1 and sends what the harness prints on an
# error (bail, a poll's timeout) to stderr or its log, so that its stdout
# carries only its own report; ns_bare, ns_veth and ns_del build and drop
# its namespaces.
#
# Environment: top_srcdir, top_builddir, PCPSEL (set by make check);
# PCPSEL_SKIP_NETNS=1 (skip), PCPSEL_KEEP=1 (keep $T), NS_QUIET=1 (no
# progress lines), NS_TIMEOUT (seconds per wait, default 15),
# PCPSEL_KEA_HOOK (the Kea hook .so, else found in the build tree).

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$top_srcdir/tests/lib.sh"

NS_TIMEOUT=${NS_TIMEOUT:-15}
NS_PY=/usr/bin/python3
NS_PIDS=
NS_WATCH=
NS_LIST=
NS_ID=
MINIUPNPD=${MINIUPNPD:-/usr/sbin/miniupnpd}

# ------------------------------------------------------------------ core
# note TEXT: a progress line (TAP comment)
note()
{
	[ "${NS_QUIET:-0}" = 1 ] || printf '# [%s] %s\n' "$(date +%T.%N | cut -c1-12)" "$*"
}

# bail TEXT: show what the daemons logged, then fail the whole test
bail()
{
	printf 'Bail out! %s\n' "$*"
	for f in $(find "$T" -name '*.log' -o -name '*.out' -o -name syslog 2>/dev/null | sort); do
		[ -s "$f" ] || continue
		printf '# --- %s (last 30 lines)\n' "${f#$T/}"
		tail -n 30 "$f" | sed 's/^/# /'
	done
	lib_fail=$((lib_fail + 1))
	exit 1
}

ns_now()
{
	date +%s.%N
}

# ns_elapsed T0: seconds since T0, two decimals
ns_elapsed()
{
	awk -v a="$1" -v b="$(ns_now)" 'BEGIN { printf "%.2f", b - a }'
}

# ns_usable [COMMAND...]: true if namespaces can run here (root, ip netns,
# every COMMAND); if not, NS_WHY says why (for a benchmark, which reports
# a part as skipped and goes on where a test would skip as a whole)
ns_usable()
{
	local c
	NS_WHY=
	for c in /usr/sbin /sbin; do
		case :$PATH: in *:$c:*) ;; *) PATH=$PATH:$c ;; esac
	done
	export PATH
	if [ "${PCPSEL_SKIP_NETNS:-0}" = 1 ]; then
		NS_WHY="PCPSEL_SKIP_NETNS=1"
	elif [ "$(id -u)" != 0 ]; then
		NS_WHY="needs root (network namespaces)"
	fi
	[ -z "$NS_WHY" ] || return 1
	for c in ip "$@"; do
		command -v "$c" >/dev/null 2>&1 && continue
		NS_WHY="$c is not installed"
		return 1
	done
	ip netns list >/dev/null 2>&1 && return 0
	NS_WHY="ip netns does not work here"
	return 1
}

# ns_init NAME [COMMAND...]: skip unless this can run (ns_usable); set
# NS_ID
ns_init()
{
	ns_test=$1
	shift
	ns_usable "$@" || skip_all "$NS_WHY"
	: "${top_builddir:=.}"
	: "${PCPSEL:=$top_builddir/pcpsel}"
	NS_ID=$ns_test-$$
	chmod 755 "$T"
	lib_at_exit ns_cleanup
}

# ns_name ROLE: the namespace of ROLE
ns_name()
{
	echo "pcpsel-$NS_ID-$1"
}

# ns_new ROLE: a namespace with lo up and no IPv6 DAD (addresses are
# usable at once)
ns_new()
{
	ns_bare "$1"
	ip -n "$(ns_name "$1")" link set lo up
}

# ns_bare ROLE: ns_new, but lo stays down, without addresses, as the
# kernel makes it (the reader benchmark counts the work of every address
# of the namespace: there are only those it made)
ns_bare()
{
	local n
	n=$(ns_name "$1")
	ip netns add "$n" || bail "ip netns add $n"
	NS_LIST="$NS_LIST $n"
	ip netns exec "$n" sysctl -qw net.ipv6.conf.all.accept_dad=0
	ip netns exec "$n" sysctl -qw net.ipv6.conf.default.accept_dad=0
	mkdir -p "$T/$1"
}

# ns_has ROLE: the namespace of ROLE exists
ns_has()
{
	case " $NS_LIST " in *" $(ns_name "$1") "*) return 0 ;; esac
	return 1
}

# ns_link ROLE1 IF1 ROLE2 IF2 [MAC1 MAC2]: a veth pair, both ends up
ns_link()
{
	local a b
	a=$(ns_name "$1") b=$(ns_name "$3")
	ip link add "$2" netns "$a" type veth peer name "$4" netns "$b" ||
		bail "veth $1/$2 - $3/$4"
	ip netns exec "$a" sysctl -qw "net.ipv6.conf.$2.accept_dad=0"
	ip netns exec "$b" sysctl -qw "net.ipv6.conf.$4.accept_dad=0"
	[ -z "${5:-}" ] || ip -n "$a" link set dev "$2" address "$5"
	[ -z "${6:-}" ] || ip -n "$b" link set dev "$4" address "$6"
	ip -n "$a" link set dev "$2" up && ip -n "$b" link set dev "$4" up ||
		bail "veth $1/$2 - $3/$4 up"
}

# ns_veth ROLE IF PEER: a veth pair with both ends (IF and PEER) in ROLE's
# namespace, both up: a router's uplink whose far end goes nowhere, or
# interfaces that only have to exist (a host of many links)
ns_veth()
{
	local n
	n=$(ns_name "$1")
	ip link add "$2" netns "$n" type veth peer name "$3" netns "$n" ||
		bail "veth $1/$2 - $1/$3"
	ip netns exec "$n" sysctl -qw "net.ipv6.conf.$2.accept_dad=0" \
	    "net.ipv6.conf.$3.accept_dad=0"
	ip -n "$n" link set dev "$2" up && ip -n "$n" link set dev "$3" up ||
		bail "veth $1/$2 - $1/$3 up"
}

# ns_bridge ROLE BR [OPTION...]: a bridge BR in ROLE's namespace, up (a
# link of several hosts; OPTIONs of `ip link add ... type bridge`, e.g.
# mcast_snooping 0); skips the test if this kernel makes no bridge
ns_bridge()
{
	local n br
	n=$(ns_name "$1") br=$2
	shift 2
	ip -n "$n" link add "$br" type bridge "$@" ||
	    skip_all "cannot make a bridge"
	ip -n "$n" link set dev "$br" up || bail "bridge $1/$br up"
}

# ns_port ROLE BR IF...: ROLE's interfaces IF become ports of its bridge BR
ns_port()
{
	local r br i
	r=$1 br=$2
	shift 2
	for i do
		ip -n "$(ns_name "$r")" link set dev "$i" master "$br" ||
		    bail "$r/$i into the bridge $br"
	done
}

# ns_addr ROLE IF ADDRESS/LEN...: addresses on an interface
ns_addr()
{
	local r i a
	r=$1 i=$2
	shift 2
	for a do
		case $a in
		*:*) ip -n "$(ns_name "$r")" addr add "$a" dev "$i" nodad ;;
		*) ip -n "$(ns_name "$r")" addr add "$a" dev "$i" ;;
		esac || bail "address $a on $r/$i"
	done
}

# ns_exec ROLE COMMAND...: COMMAND in the namespace of ROLE
ns_exec()
{
	local r
	r=$1
	shift
	ip netns exec "$(ns_name "$r")" "$@"
}

# ns_bg ROLE OUT COMMAND...: start COMMAND in ROLE's namespace in the
# background, output to OUT; NS_PID is its PID (ip netns exec exec()s), and
# the exit stops it
ns_bg()
{
	local r o
	r=$1 o=$2
	shift 2
	ip netns exec "$(ns_name "$r")" "$@" > "$o" 2>&1 &
	NS_PID=$!
	NS_PIDS="$NS_PIDS $NS_PID"
}

# ns_watch PID: a poll ends at once when PID dies
ns_watch()
{
	NS_WATCH="$NS_WATCH $1"
}

# ns_forget PID: PID has been waited for: never signal it again
ns_forget()
{
	local l w p
	l= w=
	for p in $NS_PIDS; do [ "$p" = "$1" ] || l="$l $p"; done
	for p in $NS_WATCH; do [ "$p" = "$1" ] || w="$w $p"; done
	NS_PIDS=$l NS_WATCH=$w
}

# ns_alive PID
ns_alive()
{
	kill -0 "$1" 2>/dev/null
}

# ns_stop PID [SIGNAL [SECONDS]]: SIGNAL (TERM), wait at most SECONDS
# (5), then KILL; reap
ns_stop()
{
	local n
	ns_forget "$1"
	kill -"${2:-TERM}" "$1" 2>/dev/null
	n=0
	while ns_alive "$1" && [ $n -lt $((${3:-5} * 20)) ]; do
		sleep 0.05
		n=$((n + 1))
	done
	kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

# ns_wait PID: wait (bounded) until PID exits; its status in rc
ns_wait()
{
	ns_forget "$1"
	ns_poll "process $1 to exit" ns_dead "$1" || bail "process $1 did not exit"
	wait "$1" 2>/dev/null
	rc=$?
}

ns_dead()
{
	! kill -0 "$1" 2>/dev/null
}

# ns_poll WHAT COMMAND...: COMMAND every 50 ms until it succeeds, at most
# NS_TIMEOUT seconds; fails at once when a watched process dies
ns_poll()
{
	local what n p
	what=$1
	shift
	n=$((NS_TIMEOUT * 20))
	while [ "$n" -gt 0 ]; do
		"$@" 2>/dev/null && return 0
		for p in $NS_WATCH; do
			if ! kill -0 "$p" 2>/dev/null; then
				echo "# process $p died waiting for $what"
				return 1
			fi
		done
		sleep 0.05
		n=$((n - 1))
	done
	echo "# timeout (${NS_TIMEOUT}s) waiting for $what"
	return 1
}

# ns_del ROLE: delete ROLE's namespace before the exit does (a benchmark's
# fresh namespaces for every run); stop the processes started in it first
# (ns_stop): what they forked and left there is killed here
ns_del()
{
	local n l x sig p
	n=$(ns_name "$1")
	for sig in TERM KILL; do
		for p in $(ip netns pids "$n" 2>/dev/null); do
			kill -"$sig" "$p" 2>/dev/null
		done
		[ "$sig" = KILL ] || sleep 0.2
	done
	ip netns del "$n" || bail "ip netns del $n"
	l=
	for x in $NS_LIST; do [ "$x" = "$n" ] || l="$l $x"; done
	NS_LIST=$l
}

ns_cleanup()
{
	local p i alive sig n
	set +e
	for p in $NS_PIDS; do kill "$p" 2>/dev/null; done
	i=0
	while [ $i -lt 60 ]; do
		alive=
		for p in $NS_PIDS; do kill -0 "$p" 2>/dev/null && alive=1; done
		[ -z "$alive" ] && break
		sleep 0.05
		i=$((i + 1))
	done
	for p in $NS_PIDS; do kill -9 "$p" 2>/dev/null; done
	wait 2>/dev/null
	NS_PIDS=
	# what our daemons forked and left in our namespaces (dhcpcd's
	# privilege-separation proxies outlive a killed manager)
	for sig in TERM KILL; do
		for n in $NS_LIST; do
			for p in $(ip netns pids "$n" 2>/dev/null); do
				kill -"$sig" "$p" 2>/dev/null
			done
		done
		[ "$sig" = KILL ] || sleep 0.2
	done
	for n in $NS_LIST; do ip netns del "$n" 2>/dev/null; done
	NS_LIST=
}

# ------------------------------------------------------------------ checks
# check NAME EXPECTED ACTUAL: tests/lib.sh

# check_grep NAME TEXT FILE: FILE holds TEXT (a fixed string)
check_grep()
{
	if grep -qF -- "$2" "$3" 2>/dev/null; then
		ok "$1"
	else
		not_ok "$1" "\"$2\" not in ${3#$T/}"
	fi
}

# check_nogrep NAME TEXT FILE: FILE does not hold TEXT
check_nogrep()
{
	if grep -qF -- "$2" "$3" 2>/dev/null; then
		not_ok "$1" "\"$2\" in ${3#$T/}:" "$(grep -F -- "$2" "$3" | head -n 3)"
	else
		ok "$1"
	fi
}

# ------------------------------------------------------------------ capture
# cap_start ROLE IFACE FILE FILTER: tcpdump on IFACE of ROLE into FILE
# (pcap), waits until it listens; CAP_PID is its PID, its messages in
# FILE.err
cap_start()
{
	local n
	rm -f "$3" "$3.err"
	ns_bg "$1" "$3.err" tcpdump -i "$2" -n -U --immediate-mode -s 0 \
	    -B 32768 -w "$3" "$4"
	CAP_PID=$NS_PID
	n=0
	while ! grep -q "listening on" "$3.err" 2>/dev/null; do
		n=$((n + 1))
		[ $n -lt 100 ] && ns_alive "$CAP_PID" || bail "tcpdump did not start"
		sleep 0.05
	done
}

# cap_stop FILE: let tcpdump write out what it has buffered (FILE stops
# growing; at most 3 s), then SIGINT (its statistics go to FILE.err)
cap_stop()
{
	local n last size
	n=0
	last=-1
	size=$(wc -c < "$1")
	while [ "$size" != "$last" ] && [ $n -lt 10 ]; do
		sleep 0.3
		last=$size
		size=$(wc -c < "$1")
		n=$((n + 1))
	done
	ns_stop "$CAP_PID" INT
}

# ------------------------------------------------------------------ Kea
# kea_require: skip unless both Kea servers and the built hook are there
kea_require()
{
	local c
	for c in kea-dhcp4 kea-dhcp6; do
		command -v "$c" >/dev/null 2>&1 || skip_all "$c is not installed"
	done
	[ -n "$(kea_hook)" ] || skip_all "the pcpsel Kea hook is not built"
}

# kea_version: "2.2.0", "2.6.3", "3.0.4", ...
kea_version()
{
	kea-dhcp4 -v 2>/dev/null | head -n 1
}

# kea_hook_link NAME [FILE]: NAME in $T/hooks, Kea's hooks directory for
# this test: a symlink to FILE (default: Kea's own hook NAME, from the
# directory Kea reports); prints the path to put in "library"
kea_hook_link()
{
	local d f
	mkdir -p "$T/hooks"
	f=${2:-}
	if [ -z "$f" ]; then
		d=$(kea_hooks_dir)
		f=$d/$1
	fi
	[ -f "$f" ] || skip_all "no hook library $f"
	ln -sf "$f" "$T/hooks/$1"
	echo "$T/hooks/$1"
}

# kea_conf ROLE FAMILY IFACE HOOKPARAMS [EXTRA]: $T/ROLE/kea/keaFAMILY.json,
# valid on Kea 2.2, 2.6 and 3.0: IFACE served; the pcpsel hook with
# HOOKPARAMS (a JSON map; empty: no pcpsel hook); EXTRA: JSON members of
# "DhcpX", each followed by a comma (subnets, classes, option-data...).
# KEA_HOOKS: further "hooks-libraries" entries, each followed by a comma.
# KEA_PERSIST=1: leases in a memfile in the Kea's directory.
# KEA_SOCKET=1: a control socket $T/ROLE/kea/kFAMILY.sock (kea_cmd).
# KEA_RENEW=SECONDS: the renewal time T1 (default 300).
# Log: $T/ROLE/kea/kea-dhcpFAMILY.log; severities KEA_SEVERITY (INFO),
# KEA_LEASES_SEVERITY (INFO), KEA_HOOK_SEVERITY (DEBUG, debuglevel 50:
# one line per reply); KEA_LOGGERS: the "loggers" entries instead, each
# followed by a comma (a benchmark's: nothing per packet).
kea_conf()
{
	local r fam ifc params extra d hooks lib lease sock head log loggers
	r=$1 fam=$2 ifc=$3 params=$4 extra=${5:-}
	d=$T/$r/kea
	mkdir -p "$d"
	chmod 750 "$d"	# Kea >= 2.6.3 wants its socket directory so
	hooks=${KEA_HOOKS:-}
	if [ -n "$params" ]; then
		lib=$(kea_hook_link libdhcp_pcpsel.so "$(kea_hook)")
		hooks="$hooks { \"library\": \"$lib\", \"parameters\": $params },"
	fi
	if [ "${KEA_PERSIST:-0}" = 1 ]; then
		lease="\"persist\": true, \"lfc-interval\": 0, \"name\": \"$d/leases$fam.csv\""
	else
		lease="\"persist\": false"
	fi
	sock=
	[ "${KEA_SOCKET:-0}" = 1 ] && sock="\"control-socket\": { \"socket-type\": \"unix\", \"socket-name\": \"$d/k$fam.sock\" },"
	if [ "$fam" = 4 ]; then
		head="\"interfaces-config\": { \"interfaces\": [ \"$ifc\" ], \"dhcp-socket-type\": \"raw\" },
  \"valid-lifetime\": 600, \"renew-timer\": ${KEA_RENEW:-300}, \"rebind-timer\": 500,"
	else
		head="\"interfaces-config\": { \"interfaces\": [ \"$ifc\" ] },
  \"server-id\": { \"type\": \"LL\", \"persist\": false },
  \"preferred-lifetime\": 500, \"valid-lifetime\": 600,
  \"renew-timer\": ${KEA_RENEW:-300}, \"rebind-timer\": 400,"
	fi
	log=$d/kea-dhcp$fam.log
	if [ -n "${KEA_LOGGERS:-}" ]; then
		loggers=$KEA_LOGGERS
	else
		loggers="{ \"name\": \"kea-dhcp$fam\", \"severity\": \"${KEA_SEVERITY:-INFO}\",
                 \"output_options\": [ { \"output\": \"$log\" } ] },
               { \"name\": \"kea-dhcp$fam.leases\", \"severity\": \"${KEA_LEASES_SEVERITY:-INFO}\",
                 \"output_options\": [ { \"output\": \"$log\" } ] },
               { \"name\": \"kea-dhcp$fam.pcpsel-hooks\", \"severity\": \"${KEA_HOOK_SEVERITY:-DEBUG}\",
                 \"debuglevel\": 50, \"output_options\": [ { \"output\": \"$log\" } ] },"
	fi
	cat > "$d/kea$fam.json" <<EOF
{ "Dhcp$fam": {
  $head
  "lease-database": { "type": "memfile", $lease },
  $sock
  $extra
  "hooks-libraries": [ ${hooks%,} ],
  "loggers": [ ${loggers%,} ]
} }
EOF
}

# kea_subnet4 IFACE [USER_CONTEXT] [RESERVATIONS] [NET]: a "subnet4" member
# (id 1, NET.0/24, default 192.0.2, pool .100-.199)
kea_subnet4()
{
	local n
	n=${4:-192.0.2}
	printf '"subnet4": [ { "id": 1, "subnet": "%s.0/24", "interface": "%s", "pools": [ { "pool": "%s.100 - %s.199" } ]%s%s } ],' \
	    "$n" "$1" "$n" "$n" "${2:+, \"user-context\": $2}" "${3:+, \"reservations\": $3}"
}

# kea_subnet6 IFACE [USER_CONTEXT] [RESERVATIONS] [NET]: a "subnet6" member
# (id 1, NET::/64, default 2001:db8:1, pool ::100-::1ff)
kea_subnet6()
{
	local n
	n=${4:-2001:db8:1}
	printf '"subnet6": [ { "id": 1, "subnet": "%s::/64", "interface": "%s", "pools": [ { "pool": "%s::100 - %s::1ff" } ]%s%s } ],' \
	    "$n" "$1" "$n" "$n" "${2:+, \"user-context\": $2}" "${3:+, \"reservations\": $3}"
}

# kea_log ROLE FAMILY: the Kea's log file
kea_log()
{
	echo "$T/$1/kea/kea-dhcp$2.log"
}

# kea_start ROLE FAMILY [CONFIG]: kea-dhcpFAMILY in ROLE's namespace with
# CONFIG (default: kea_conf's file); waits (bounded) until it serves.
# Returns 1 if it exited or did not start; KEA_PID is its PID (also
# kea_pid ROLE FAMILY).  Kea's early messages: $T/ROLE/kea/early.log.
# KEA_SYSTEM_HOOKS=1: no KEA_HOOKS_PATH in Kea's environment, so that Kea
# looks a hook library named by its file name alone up in its own hooks
# directory (the installed packages: tests/pkg/test-install.sh; give
# KEA_HOOKS entries then, not HOOKPARAMS to kea_conf).
kea_start()
{
	local r fam d conf
	r=$1 fam=$2
	d=$T/$r/kea
	conf=${3:-$d/kea$fam.json}
	mkdir -p "$d" "$T/hooks"
	chmod 750 "$d"
	: > "$d/early$fam.log"
	set -- "kea-dhcp$fam" -c "$conf"
	[ "${KEA_SYSTEM_HOOKS:-0}" != 1 ] || set -- env -u KEA_HOOKS_PATH "$@"
	KEA_PIDFILE_DIR=$d KEA_LOCKFILE_DIR=$d \
	KEA_LOGGER_DESTINATION=$d/early$fam.log \
	KEA_HOOKS_PATH=$T/hooks KEA_LOG_FILE_DIR=$d KEA_DHCP_DATA_DIR=$d \
	KEA_CONTROL_SOCKET_DIR=$d \
		ns_bg "$r" "$d/kea$fam.out" "$@"
	KEA_PID=$NS_PID
	KEA_LOG=$(kea_log "$r" "$fam")
	eval "kea_pid_${r}_$fam=$KEA_PID"
	ns_poll "kea-dhcp$fam of $r to start" kea_started "$fam" \
	    "$(kea_log "$r" "$fam")" "$KEA_PID" &&
	    grep -q "DHCP${fam}_STARTED" "$(kea_log "$r" "$fam")" 2>/dev/null &&
	    ns_alive "$KEA_PID"
}

# kea_started FAMILY LOG PID: Kea says it started, or died (the poll ends)
kea_started()
{
	grep -q "DHCP$1_STARTED" "$2" 2>/dev/null || ! kill -0 "$3" 2>/dev/null
}

# kea_pid ROLE FAMILY
kea_pid()
{
	eval "echo \${kea_pid_$1_$2:-}"
}

# kea_stop ROLE FAMILY
kea_stop()
{
	local p
	p=$(kea_pid "$1" "$2")
	[ -n "$p" ] && ns_stop "$p"
	eval "kea_pid_$1_$2="
}

# kea_reload ROLE FAMILY: make Kea re-read its file (SIGHUP); waits until
# it says how that went; returns 1 if the new configuration was refused
kea_reload()
{
	local l re n
	l=$(kea_log "$1" "$2")
	re="DHCP$2_DYNAMIC_RECONFIGURATION_(SUCCESS|FAIL)"
	n=$(grep -cE "$re" "$l")
	kill -HUP "$(kea_pid "$1" "$2")" || bail "kill -HUP kea-dhcp$2 of $1"
	ns_poll "kea-dhcp$2 of $1 to reload" kea_count_gt "$re" "$l" "$n" ||
	    bail "kea-dhcp$2 of $1 did not reload"
	grep -E "$re" "$l" | tail -n 1 | grep -q _SUCCESS
}

# kea_count_gt REGEX FILE N: more than N lines of FILE match REGEX
kea_count_gt()
{
	[ "$(grep -cE "$1" "$2")" -gt "$3" ]
}

# kea_cmd ROLE FAMILY JSON: a command on the Kea's control socket
# (KEA_SOCKET=1); prints the answer
kea_cmd()
{
	ns_exec "$1" "$NS_PY" "$top_srcdir/tests/netns/pktlib.py" command \
	    "$T/$1/kea/k$2.sock" "$3"
}

# kea_cmd_result ROLE FAMILY JSON: kea_cmd; prints the answer's result code
# and text ("0 ..."; of the first answer when Kea gives a list)
kea_cmd_result()
{
	kea_cmd "$1" "$2" "$3" | "$NS_PY" -c 'import json, sys
a = json.load(sys.stdin)
a = a[0] if isinstance(a, list) else a
print(a.get("result"), a.get("text", ""))'
}

# kea_cmd_ok NAME FAMILY JSON: one check: the Kea of role srv accepts the
# command (result 0); its answer is shown when it does not
kea_cmd_ok()
{
	local r
	r=$(kea_cmd_result srv "$2" "$3")
	check "$1: accepted" 0 "${r%% *}"
	[ "${r%% *}" = 0 ] || note "answer: $r"
}

# kea_hooks_dir: the directory this Kea loads its own hooks from
kea_hooks_dir()
{
	kea-dhcp4 -W 2>/dev/null | sed -n 's/^ *Hooks directory: *//p' | head -n 1
}

# ------------------------------------------------------------------ Kea HA
# ha_lan: one link for a Kea High Availability pair: namespace "lan"
# bridges (br0, multicast snooping off: every port hears every query)
# namespaces "p1" (interface kts, MAC :0c:01, 192.0.2.1/24,
# 2001:db8:1::1/64), "p2" (kts, :0c:02, 192.0.2.2/24, 2001:db8:1::2/64)
# and "cli" (ktc, CLI_MAC, link-local CLI_LL); also sets HA_HOOKS, the
# "hooks-libraries" entry prefix Kea's own libdhcp_lease_cmds.so needs
ha_lan()
{
	ns_new lan
	ns_new p1
	ns_new p2
	ns_new cli
	ns_bridge lan br0 mcast_snooping 0
	ns_link p1 kts lan l1 02:00:00:00:0c:01
	ns_link p2 kts lan l2 02:00:00:00:0c:02
	ns_link cli ktc lan l3 "$CLI_MAC"
	ns_port lan br0 l1 l2 l3
	ns_addr p1 kts 192.0.2.1/24 2001:db8:1::1/64
	ns_addr p2 kts 192.0.2.2/24 2001:db8:1::2/64
	# (not in a subshell: a missing hook skips the test)
	kea_hook_link libdhcp_ha.so >/dev/null
	kea_hook_link libdhcp_lease_cmds.so >/dev/null
	HA_HOOKS="{ \"library\": \"$T/hooks/libdhcp_lease_cmds.so\" },"
}

# ha_hooks NAME MODE ROLE2: HA_HOOKS and Kea's libdhcp_ha.so for server
# NAME (server1 on p1, primary; server2 on p2, ROLE2: standby or
# secondary) of a pair in MODE (hot-standby, load-balancing); the partners
# talk over the HA hook's own HTTP listener (multi-threading on), fast
# failure detection (heartbeat 1 s, partner down after 2 s)
ha_hooks()
{
	printf '%s { "library": "%s", "parameters": { "high-availability": [ {
    "this-server-name": "%s", "mode": "%s",
    "heartbeat-delay": 1000, "max-response-delay": 2000,
    "max-ack-delay": 1000, "max-unacked-clients": 0, "sync-timeout": 5000,
    "multi-threading": { "enable-multi-threading": true,
      "http-dedicated-listener": true, "http-listener-threads": 1,
      "http-client-threads": 1 },
    "peers": [
      { "name": "server1", "url": "http://192.0.2.1:8001/", "role": "primary", "auto-failover": true },
      { "name": "server2", "url": "http://192.0.2.2:8002/", "role": "%s", "auto-failover": true } ] } ] } },' \
	    "$HA_HOOKS" "$T/hooks/libdhcp_ha.so" "$1" "$2" "$3"
}

# ha_mt: the "multi-threading" member the HA hook's own listener needs
ha_mt()
{
	echo '"multi-threading": { "enable-multi-threading": true, "thread-pool-size": 2, "packet-queue-size": 16 },'
}

# ha_state ROLE FAMILY STATE: ROLE's Kea logged its move to STATE
ha_state()
{
	grep -q "to $3 state" "$(kea_log "$1" "$2")"
}

# ha_same ROLE1 ROLE2 FAMILY: the partners' configuration files are the
# same but for this-server-name and their own directory
ha_same()
{
	local r
	for r in "$1" "$2"; do
		sed "s/\"this-server-name\": \"server[12]\"/NAME/; s#$T/$r/#DIR/#g" \
		    "$T/$r/kea/kea$3.json" > "$T/$r.norm"
	done
	cmp -s "$T/$1.norm" "$T/$2.norm"
}

# kea_stat ROLE FAMILY NAME: the value of Kea's statistic NAME (0 if none)
kea_stat()
{
	kea_cmd "$1" "$2" "{ \"command\": \"statistic-get\", \"arguments\": { \"name\": \"$3\" } }" |
	    "$NS_PY" -c 'import json, sys
a = json.load(sys.stdin).get("arguments", {}).get(sys.argv[1], [[0]])
print(a[0][0])' "$3"
}

# ------------------------------------------------------------------ PostgreSQL
# pg_require: skip unless Debian's PostgreSQL server (initdb, postgres),
# psql, kea-admin and Kea's PostgreSQL backend are there; PG_BIN is the
# server's directory, KEA_PGSQL the "hooks-libraries" entry Kea >= 2.6
# needs for the backend (empty on Kea 2.2, where it is built in)
pg_require()
{
	local d c
	PG_BIN=
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
		[ -x "$d/initdb" ] && [ -x "$d/postgres" ] && PG_BIN=$d
	done
	[ -n "$PG_BIN" ] || skip_all "no PostgreSQL server (Debian package postgresql)"
	for c in psql kea-admin setpriv; do
		command -v "$c" >/dev/null 2>&1 || skip_all "$c is not installed"
	done
	# Kea 2.2 to 2.6 have the backend built in (kea-dhcp4 -W names the
	# PostgreSQL it was built with); Kea 3.0 has it in a hook library
	KEA_PGSQL=
	d=$(kea_hooks_dir)
	if [ -f "$d/libdhcp_pgsql.so" ]; then
		KEA_PGSQL="{ \"library\": \"$(kea_hook_link libdhcp_pgsql.so)\" },"
	elif ! kea-dhcp4 -W 2>/dev/null | grep -q 'PGSQL_VERSION'; then
		skip_all "this Kea has no PostgreSQL backend (no PGSQL_VERSION in kea-dhcp4 -W, no $d/libdhcp_pgsql.so)"
	fi
}

# pg_start ROLE: a PostgreSQL cluster of this test in ROLE's namespace,
# made by initdb in $T/pg as the unprivileged user "nobody", listening on
# 127.0.0.1 and PG_LISTEN (an address of ROLE, optional) port 5432 of the
# namespace and on a socket in $T/pg, user "kea" let in from PG_CLIENTS
# (a network, optional) too; database "kea" of user "kea"
# (password "kea") with Kea's schema (kea-admin db-init).  PG_PID is the
# postgres server's PID (stopped with the test; pg_stop stops it earlier).
pg_start()
{
	local r
	r=$1
	PG_ROLE=$r
	mkdir -p "$T/pg/sock"
	chown -R nobody:nogroup "$T/pg"
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
	    "$PG_BIN/initdb" -D "$T/pg/data" -U postgres -A trust -E UTF8 \
	    --no-locale > "$T/pg/initdb.out" 2>&1 || bail "initdb failed"
	# initdb lets in only 127.0.0.1 and ::1: Kea in other namespaces
	# comes from PG_CLIENTS (a network), with the password
	[ -z "${PG_CLIENTS:-}" ] ||
	    echo "host kea kea $PG_CLIENTS md5" >> "$T/pg/data/pg_hba.conf"
	ns_bg "$r" "$T/pg/postgres.log" setpriv --reuid=nobody --regid=nogroup \
	    --clear-groups "$PG_BIN/postgres" -D "$T/pg/data" -p 5432 \
	    -k "$T/pg/sock" -c "listen_addresses=127.0.0.1${PG_LISTEN:+,$PG_LISTEN}" \
	    -c fsync=off
	PG_PID=$NS_PID
	ns_watch "$PG_PID"
	ns_poll "PostgreSQL to accept connections" pg_ready ||
	    bail "PostgreSQL did not start"
	pg_sql_as postgres postgres "CREATE USER kea PASSWORD 'kea'" >/dev/null &&
	pg_sql_as postgres postgres "CREATE DATABASE kea OWNER kea" >/dev/null ||
	    bail "could not create Kea's database"
	ns_exec "$r" env -u PGPASSWORD -u PGUSER -u PGHOST -u PGPORT -u PGDATABASE \
	    kea-admin db-init pgsql -u kea -p kea -n kea -h 127.0.0.1 -P 5432 \
	    > "$T/pg/db-init.out" 2>&1 || bail "kea-admin db-init pgsql failed"
}

pg_ready()
{
	pg_sql_as postgres postgres 'SELECT 1' >/dev/null
}

# pg_sql_as USER DB SQL: run SQL; prints the rows (unaligned, no headers)
pg_sql_as()
{
	ns_exec "$PG_ROLE" env -u PGPASSWORD -u PGSERVICE psql -X -q -A -t \
	    -v ON_ERROR_STOP=1 -h "$T/pg/sock" -p 5432 -U "$1" -d "$2" -c "$3"
}

# pg_sql SQL: SQL on Kea's database, as user kea
pg_sql()
{
	pg_sql_as kea kea "$1"
}

# pg_hosts_db [HOST]: the "hosts-database" member of a DhcpX map for
# pg_start's database at HOST (default 127.0.0.1), followed by a comma
pg_hosts_db()
{
	echo "\"hosts-database\": { \"type\": \"postgresql\", \"name\": \"kea\", \"user\": \"kea\", \"password\": \"kea\", \"host\": \"${1:-127.0.0.1}\", \"port\": 5432 },"
}

# pg_stop: stop the server (fast shutdown) and reap it
pg_stop()
{
	[ -n "${PG_PID:-}" ] && ns_stop "$PG_PID" INT
	PG_PID=
}

# ------------------------------------------------------------------ scapy
# pkt_require: skip unless Debian's scapy imports
pkt_require()
{
	"$NS_PY" -c 'import scapy.all' 2>/dev/null || skip_all "no python3-scapy"
}

# client ROLE ARGS...: the scapy DHCP client (tests/netns/client.py) in
# ROLE's namespace, bounded; prints what it received
client()
{
	local r
	r=$1
	shift
	ns_exec "$r" timeout 20 "$NS_PY" "$top_srcdir/tests/netns/client.py" "$@"
}

# ------------------------------------------------------------------ Kea wire
# kea_wire_setup: the Kea hook's wire tests: namespace "srv" (Kea on "kts",
# 192.0.2.1/24 and 2001:db8:1::1/64, MAC SRV_MAC) and namespace "cli" (the
# scapy client on "ktc", MAC CLI_MAC, link-local CLI_LL)
SRV_MAC=02:00:00:00:0a:01
CLI_MAC=02:00:00:00:0a:02
CLI_LL=fe80::ff:fe00:a02
kea_wire_setup()
{
	ns_init "$(basename "$0" .sh)"
	kea_require
	pkt_require
	ns_new srv
	ns_new cli
	ns_link srv kts cli ktc "$SRV_MAC" "$CLI_MAC"
	ns_addr srv kts 192.0.2.1/24 2001:db8:1::1/64
}

# client4 ARGS...: a DHCPv4 exchange from the scapy client (client.py)
client4()
{
	client cli -4 ktc "$@"
}

# client6 ARGS...: a DHCPv6 exchange from the client's link-local
client6()
{
	client6_mac "$CLI_MAC" "$@"
}

# client6_mac MAC ARGS...: the same exchange by the client whose DUID-LL
# is of MAC (one host seen as several clients)
client6_mac()
{
	local m
	m=$1
	shift
	client cli -6 ktc "$m" --src "$CLI_LL" "$@"
}

# ------------------------------------------------------------------ ISPs
# ns_isp X: ISP X (a or b) and the host: namespace "X" (Kea on "tocpe",
# NET4.254/24, NET6::fe/64) linked to interface "ispX" of namespace "host"
#   ISP-A: 192.0.2.0/24, 2001:db8:a::/64; ISP-B: 198.51.100.0/24, 2001:db8:b::/64
ns_isp()
{
	local net4 net6 mac
	case $1 in
	a) net4=192.0.2 net6=2001:db8:a mac=02:00:00:00:0a ;;
	b) net4=198.51.100 net6=2001:db8:b mac=02:00:00:00:0b ;;
	*) bail "ns_isp: no ISP $1" ;;
	esac
	ns_has host || ns_new host
	ns_new "$1"
	ns_link "$1" tocpe host "isp$1" "$mac:01" "$mac:02"
	ns_addr "$1" tocpe "$net4.254/24" "$net6::fe/64"
}

# isp_net4 X / isp_net6 X: the ISP's networks
isp_net4()
{
	case $1 in a) echo 192.0.2 ;; b) echo 198.51.100 ;; esac
}
isp_net6()
{
	case $1 in a) echo 2001:db8:a ;; b) echo 2001:db8:b ;; esac
}

# kea_isp X FAMILY hook|raw VALUE: ISP X's Kea on tocpe: the pcpsel hook
# with "pcp-servers": VALUE (hook), or option 158/86 data VALUE in hex as
# plain option-data (raw); leases kept in a file (renewals)
kea_isp()
{
	local x fam mode value n4 n6 sub code space
	x=$1 fam=$2 mode=$3 value=$4
	n4=$(isp_net4 "$x") n6=$(isp_net6 "$x")
	if [ "$fam" = 4 ]; then
		sub=$(kea_subnet4 tocpe "" "" "$n4")
		code=158 space=dhcp4
	else
		sub=$(kea_subnet6 tocpe "" "" "$n6")
		code=86 space=dhcp6
	fi
	if [ "$mode" = hook ]; then
		KEA_PERSIST=1 kea_conf "$x" "$fam" tocpe "{ \"pcp-servers\": $value }" "$sub"
	else
		KEA_PERSIST=1 kea_conf "$x" "$fam" tocpe "" "$sub
  \"option-def\": [ { \"name\": \"pcp-server\", \"code\": $code, \"space\": \"$space\", \"type\": \"binary\" } ],
  \"option-data\": [ { \"name\": \"pcp-server\", \"code\": $code, \"space\": \"$space\", \"csv-format\": false, \"data\": \"$value\" } ],"
	fi
}

# ------------------------------------------------------------------ dhcpcd
# dhcpcd_require: skip unless dhcpcd, its run-hooks script and our hook
# are there; DHCPCD_RUNHOOKS is the system's run-hooks script
dhcpcd_require()
{
	local f
	command -v dhcpcd >/dev/null 2>&1 || skip_all "dhcpcd is not installed"
	# the hook runner compiled into dhcpcd (/usr/libexec/... on unstable)
	DHCPCD_RUNHOOKS=$(LC_ALL=C grep -a -o '/[-A-Za-z0-9_./]*/dhcpcd-run-hooks' \
	    "$(command -v dhcpcd)" | head -n 1)
	[ -f "$DHCPCD_RUNHOOKS" ] || for f in /usr/lib/dhcpcd/dhcpcd-run-hooks \
	    /usr/libexec/dhcpcd-run-hooks; do
		[ -f "$f" ] && { DHCPCD_RUNHOOKS=$f; break; }
	done
	[ -n "$DHCPCD_RUNHOOKS" ] || skip_all "no dhcpcd-run-hooks"
	DHCPCD_HOOK=$top_builddir/dhcpcd-hook/60-pcpsel
	[ -f "$DHCPCD_HOOK" ] || skip_all "no dhcpcd hook at $DHCPCD_HOOK"
	command -v mount >/dev/null 2>&1 || skip_all "mount is not installed"
}

# The dhcpcd_* and servers_* functions act on the namespace of role
# ${NS_HOST:-host} (several "hosts" can then run dhcpcd on interfaces of the
# same name).
#
# dhcpcd_conf IFACE...: $T/host/dhcpcd.conf (the shipped snippet, verbatim,
# and one block per interface), a private copy of the real dhcpcd-run-hooks
# whose hooks are $T/host/hooks/*, the pcpsel hook there, a logger(1) that
# records syslog lines in $T/host/syslog, and ns-wrap, which hides the
# host's /run and /var/lib/dhcpcd behind $T/host/run and $T/host/varlib
dhcpcd_conf()
{
	local h i ifc hookdir
	h=$T/${NS_HOST:-host}
	mkdir -p "$h/hooks" "$h/run" "$h/varlib" "$h/bin"
	{
		echo "# a fresh DUID-LL, never the host's"
		echo "duid ll"
		echo "noipv4ll"
		echo "nodelay"
		echo "# udev does not announce interfaces of a netns"
		echo "nodev"
		echo "# --- the shipped snippet, verbatim"
		cat "$top_srcdir/dhcpcd-hook/dhcpcd.conf.pcpsel"
		echo "# ---"
		i=1
		for ifc do
			echo "interface $ifc"
			echo "	noipv6rs"	# DHCPv6 at once, no RA needed
			echo "	ia_na $i"
			echo "	noarp"		# no 5 s ARP probe
			i=$((i + 1))
		done
	} > "$h/dhcpcd.conf"
	hookdir=$(sed -n 's|^[[:space:]]*\(/[^[:space:]]*dhcpcd-hooks\)/\*.*|\1|p' "$DHCPCD_RUNHOOKS" | head -n 1)
	[ -n "$hookdir" ] || skip_all "no hooks directory in $DHCPCD_RUNHOOKS"
	sed -e "s|/etc/dhcpcd.enter-hook|$h/enter-hook|" \
	    -e "s|$hookdir/\*|$h/hooks/*|" \
	    -e "s|/etc/dhcpcd.exit-hook|$h/exit-hook|" \
	    "$DHCPCD_RUNHOOKS" > "$h/dhcpcd-run-hooks"
	grep -q "$h/hooks/\*" "$h/dhcpcd-run-hooks" ||
	    skip_all "cannot redirect the hooks of $DHCPCD_RUNHOOKS"
	chmod 755 "$h/dhcpcd-run-hooks"
	cp "$DHCPCD_HOOK" "$h/hooks/60-pcpsel"
	# a user's enter-hook: the pcpsel of the build tree
	printf 'pcpsel=%s\n' "$PCPSEL" > "$h/enter-hook"
	# dhcpcd-run-hooks logs with logger(1); this one, first in the PATH
	# dhcpcd passes to its hooks, records the line (no syslogd here)
	fake_logger "$h"
	: > "$h/syslog"
	cat > "$h/ns-wrap" <<EOF
#!/bin/sh
# inside ip netns exec (a private, slave mount namespace): hide the host's
# /run and /var/lib/dhcpcd behind this test's directories
set -e
mkdir -p /var/lib/dhcpcd
mount --bind '$h/varlib' /var/lib/dhcpcd
mount --bind '$h/run' /run
exec "\$@"
EOF
	chmod 755 "$h/ns-wrap"
}

# dhcpcd_start IFACE [ARG...]: a dhcpcd (with ARGs, e.g. -4) for IFACE in
# the host namespace (one per
# uplink, as ifupdown runs it; they share /run, so their hook runs share
# the state and the lock), in the foreground, owned by our shell
dhcpcd_start()
{
	local h ifc
	h=$T/${NS_HOST:-host} ifc=$1
	shift
	PATH=$h/bin:$PATH ns_bg "${NS_HOST:-host}" "$h/dhcpcd-$ifc.out" \
	    "$h/ns-wrap" dhcpcd -f "$h/dhcpcd.conf" -c "$h/dhcpcd-run-hooks" \
	    -B -d -j "$h/dhcpcd.log" "$@" "$ifc"
	eval "dhcpcd_pid_${NS_HOST:-host}_$ifc=$NS_PID"
	ns_watch "$NS_PID"
}

# dhcpcd_ctl ARGS: a dhcpcd control command (-k, -N, -x ...), in the
# daemons' mount view (their pid files and sockets are in the hidden /run)
dhcpcd_ctl()
{
	local h
	h=$T/${NS_HOST:-host}
	ns_exec "${NS_HOST:-host}" "$h/ns-wrap" dhcpcd -f "$h/dhcpcd.conf" "$@" \
	    >> "$h/dhcpcd-ctl.out" 2>&1
}

# dhcpcd_gone IFACE: wait until the dhcpcd of IFACE has exited
dhcpcd_gone()
{
	local p
	eval "p=\$dhcpcd_pid_${NS_HOST:-host}_$1"
	ns_wait "$p"
}

# ------------------------------------------------------------------ other clients
# cl_require CLIENT...: skip unless each client (dhclient, udhcpc) and its
# pcpsel hook are there; DHCLIENT_SCRIPT is the script compiled into
# dhclient (/sbin/dhclient-script)
cl_require()
{
	local c
	command -v mount >/dev/null 2>&1 || skip_all "mount is not installed"
	command -v unshare >/dev/null 2>&1 || skip_all "unshare is not installed"
	for c do
		case $c in
		dhclient)
			command -v dhclient >/dev/null 2>&1 ||
			    skip_all "dhclient is not installed (isc-dhcp-client)"
			DHCLIENT_SCRIPT=$(LC_ALL=C grep -a -o \
			    '/[-A-Za-z0-9_./]*/dhclient-script' \
			    "$(command -v dhclient)" | head -n 1)
			[ -f "$DHCLIENT_SCRIPT" ] || skip_all "no dhclient-script"
			[ -f "$top_builddir/dhclient-hook/pcpsel" ] ||
			    skip_all "no dhclient hook in the build tree"
			;;
		udhcpc)
			command -v udhcpc >/dev/null 2>&1 ||
			    skip_all "udhcpc is not installed"
			[ -f "$top_builddir/udhcpc-hook/pcpsel.script" ] ||
			    skip_all "no udhcpc script in the build tree"
			;;
		esac
	done
}

# cl_conf ROLE: for the clients of ROLE's namespace: $T/ROLE/cl-wrap, which
# runs a command in the private mount namespace `ip netns exec` gives it,
# with the host's /run, /var/lib/dhcp and /var/lib/dhcpcd hidden behind
# $T/ROLE/run, .../varlib-dhcp and .../varlib (dhcpcd_conf's directories:
# a dhcpcd of the same role shares /run, hence the adapters' store),
# /etc/resolv.conf behind a scratch file, dhclient-script's hook
# directories behind $T/ROLE/dhclient-enter-hooks.d (which sets pcpsel to
# the build tree's) and $T/ROLE/dhclient-exit-hooks.d (the pcpsel hook,
# then zz-record, which records "INTERFACE REASON" in $T/ROLE/events),
# logger(1) behind a stand-in recording in $T/ROLE/syslog, and in a UTS
# namespace of its own (dhclient-script may set the host name);
# $T/ROLE/dhclient.conf (the shipped snippet, verbatim) and
# $T/ROLE/pcpsel.script (udhcpc's, as built)
cl_conf()
{
	local h
	h=$T/$1
	mkdir -p "$h/run" "$h/varlib" "$h/varlib-dhcp" "$h/bin" \
	    "$h/dhclient-enter-hooks.d" "$h/dhclient-exit-hooks.d"
	: > "$h/resolv.conf"
	: > "$h/empty"
	: > "$h/events"
	: > "$h/syslog"
	printf 'pcpsel=%s\n' "$PCPSEL" > "$h/dhclient-enter-hooks.d/pcpsel-test"
	if [ -f "$top_builddir/dhclient-hook/pcpsel" ]; then
		cp "$top_builddir/dhclient-hook/pcpsel" \
		    "$h/dhclient-exit-hooks.d/pcpsel"
		cp "$top_srcdir/dhclient-hook/dhclient.conf.pcpsel" \
		    "$h/dhclient.conf"
	fi
	printf 'printf "%%s %%s\\n" "$interface" "$reason" >> "%s"\n' \
	    "$h/events" > "$h/dhclient-exit-hooks.d/zz-record"
	if [ -f "$top_builddir/udhcpc-hook/pcpsel.script" ]; then
		cp "$top_builddir/udhcpc-hook/pcpsel.script" "$h/pcpsel.script"
	fi
	fake_logger "$h"
	cat > "$h/cl-wrap" <<EOF
#!/bin/sh
# inside ip netns exec (a private, slave mount namespace): hide what a DHCP
# client's scripts would change on the host behind this test's files
set -e
h='$h'
mount --bind "\$h/run" /run
if [ -d /var/lib/dhcp ]; then mount --bind "\$h/varlib-dhcp" /var/lib/dhcp; fi
mkdir -p /var/lib/dhcpcd
mount --bind "\$h/varlib" /var/lib/dhcpcd
r=\$(readlink -f /etc/resolv.conf || :)
if [ -f "\$r" ]; then mount --bind "\$h/resolv.conf" "\$r"; fi
for d in enter exit; do
	if [ -d /etc/dhcp/dhclient-\$d-hooks.d ]; then
		mount --bind "\$h/dhclient-\$d-hooks.d" /etc/dhcp/dhclient-\$d-hooks.d
	fi
	if [ -f /etc/dhcp/dhclient-\$d-hooks ]; then
		mount --bind "\$h/empty" /etc/dhcp/dhclient-\$d-hooks
	fi
done
l=\$(command -v logger || :)
if [ -n "\$l" ]; then mount --bind "\$h/bin/logger" "\$(readlink -f "\$l")"; fi
exec unshare -u "\$@"
EOF
	chmod 755 "$h/cl-wrap"
}

# dhclient_start ROLE FAMILY IFACE: the real dhclient -FAMILY on IFACE in
# ROLE's namespace, in the foreground, with the real dhclient-script (so
# our hook runs as dhclient-exit-hooks.d runs it), $T/ROLE/dhclient.conf,
# its leases and PID in $T/ROLE/dhclientFAMILY-IFACE.*; watched
dhclient_start()
{
	local h f
	h=$T/$1 f=$T/$1/dhclient$2-$3
	ns_bg "$1" "$f.out" "$h/cl-wrap" dhclient "-$2" -d -v \
	    -cf "$h/dhclient.conf" -lf "$f.leases" -pf "$f.pid" \
	    -sf "$DHCLIENT_SCRIPT" "$3"
	eval "dhclient_pid_$2_$3=$NS_PID"
	ns_watch "$NS_PID"
}

# dhclient_ctl ROLE FAMILY IFACE ARG...: dhclient -FAMILY ARG... (-r
# release, -x stop) for the dhclient of IFACE, with its files
dhclient_ctl()
{
	local r h f fam ifc
	r=$1 h=$T/$1 fam=$2 ifc=$3 f=$T/$1/dhclient$2-$3
	shift 3
	ns_exec "$r" "$h/cl-wrap" timeout 20 dhclient "-$fam" "$@" \
	    -cf "$h/dhclient.conf" -lf "$f.leases" -pf "$f.pid" \
	    -sf "$DHCLIENT_SCRIPT" "$ifc" >> "$f.ctl" 2>&1
}

# dhclient_gone ROLE FAMILY IFACE: wait until that dhclient has exited
dhclient_gone()
{
	local p
	eval "p=\$dhclient_pid_$2_$3"
	ns_wait "$p"
}

# udhcpc_start ROLE IFACE [ARG...]: the real udhcpc on IFACE in ROLE's
# namespace, in the foreground, asking for option 158, with
# $T/ROLE/pcpsel.script, which first runs $T/ROLE/udhcpc-record (records
# "IFACE EVENT" in $T/ROLE/events, and "IFACE EVENT file|nofile", whether
# the interface has a server list before pcpsel runs, in
# $T/ROLE/events-files; then runs udhcpc's default script);
# UDHCPC_PID is its PID (watched)
udhcpc_start()
{
	local h r ifc
	r=$1 ifc=$2 h=$T/$1
	shift 2
	cat > "$h/udhcpc-record" <<EOF
#!/bin/sh
printf '%s %s\n' "\$interface" "\$1" >> '$h/events'
if [ -e "/run/pcp/servers/\$interface" ]; then f=file; else f=nofile; fi
printf '%s %s %s\n' "\$interface" "\$1" "\$f" >> '$h/events-files'
exec '$(sed -n 's/^: "${pcpsel_udhcpc_script=\(.*\)}"$/\1/p' "$h/pcpsel.script")' "\$@"
EOF
	chmod 755 "$h/udhcpc-record"
	ns_bg "$r" "$h/udhcpc-$ifc.out" "$h/cl-wrap" env pcpsel="$PCPSEL" \
	    pcpsel_udhcpc_script="$h/udhcpc-record" \
	    udhcpc -f -i "$ifc" -O 158 -s "$h/pcpsel.script" "$@"
	UDHCPC_PID=$NS_PID
	ns_watch "$NS_PID"
}

# events_count ROLE 'IFACE REASON': how often the hooks ran for it
events_count()
{
	grep -c "^$2\$" "$T/$1/events"
}

# wait_event ROLE 'IFACE REASON' N: until it ran more than N times
wait_event()
{
	ns_poll "$2" cl_more "$1" "$2" "$3" || bail "no '$2' event"
}

cl_more()
{
	[ "$(events_count "$1" "$2")" -gt "$3" ]
}

# e2e_setup NAME: an end-to-end test (real Kea with the hook, real dhcpcd
# with the hook): ns_init plus what both need
e2e_setup()
{
	ns_init "$1" mount
	kea_require
	dhcpcd_require
}

# servers_file IFACE: the server list of IFACE, as written in the host
servers_file()
{
	echo "$T/${NS_HOST:-host}/run/pcp/servers/$1"
}

# servers_text IFACE 'server ...' ...: the exact file text for IFACE
servers_text()
{
	local ifc l
	ifc=$1
	shift
	printf '# PCP servers for %s, written by pcpsel\n' "$ifc"
	for l do printf '%s\n' "$l"; done
}

# same_text FILE TEXT: FILE holds TEXT and one newline, nothing else
same_text()
{
	[ -f "$1" ] && [ "$(cat "$1"; echo x)" = "$(printf '%s\nx' "$2")" ]
}

# wait_file IFACE TEXT: until IFACE's server list is exactly TEXT; bails
# with both texts otherwise
wait_file()
{
	local f
	f=$(servers_file "$1")
	if ! ns_poll "$f" same_text "$f" "$2"; then
		printf '# expected:\n%s\n# got:\n' "$2" | sed '2,$s/^/#   /'
		sed 's/^/#   /' "$f" 2>/dev/null || echo "#   (no file)"
		bail "$1: server list differs"
	fi
}

# wait_gone IFACE: until IFACE's server list is gone
wait_gone()
{
	local f
	f=$(servers_file "$1")
	ns_poll "$f to go" ns_absent "$f" || bail "$f still there"
}

ns_absent()
{
	[ ! -e "$1" ]
}

# ------------------------------------------------------------------ rogue
# rogue_start ROLE IFACE CASE [LOG]: the scapy DHCPv4/DHCPv6 server of the
# tests (tests/netns/hostile/rogue-dhcp.py) on IFACE of ROLE, answering as
# the file CASE says (re-read per query); its log LOG (default
# $T/ROLE/rogue.log); waits until it is ready.  ROGUE_PID is its PID
# (watched: a poll ends if it dies).
rogue_start()
{
	local log
	log=${4:-$T/$1/rogue.log}
	pkt_require
	ns_bg "$1" "$log.out" "$NS_PY" \
	    "$top_srcdir/tests/netns/hostile/rogue-dhcp.py" "$2" "$3" "$log"
	ROGUE_PID=$NS_PID
	ns_watch "$ROGUE_PID"
	ns_poll "the scapy server" grep -q '^[0-9.]* ready' "$log" ||
	    bail "the scapy server did not start"
}

# ------------------------------------------------------------------ miniupnpd
# mup_require: skip without miniupnpd
mup_require()
{
	[ -x "$MINIUPNPD" ] ||
	    skip_all "miniupnpd missing (apt-get install miniupnpd-nftables)"
}

# mup_start ROLE CONF_LINE...: the real miniupnpd in ROLE's namespace
# with these configuration lines (and PCP/NAT-PMP on, UPnP off, a fixed
# uuid); waits until UDP 5351 is open; MUP_PID is its PID (also
# mup_pid_ROLE, for mup_stop)
mup_start()
{
	local r d l
	r=$1
	shift
	d=$T/$r/pcp
	mkdir -p "$d"
	{
		echo "enable_natpmp=yes"
		echo "enable_upnp=no"
		echo "uuid=3c0a3c0a-0000-4000-8000-$(printf '%012d' $$)"
		for l do echo "$l"; done
	} > "$d/miniupnpd.conf"
	# a restart keeps the log of the run before
	[ ! -s "$d/miniupnpd.log" ] || cat "$d/miniupnpd.log" >> "$d/miniupnpd.before"
	ns_bg "$r" "$d/miniupnpd.log" "$MINIUPNPD" -d -f "$d/miniupnpd.conf" \
	    -P "$d/miniupnpd.pid"
	MUP_PID=$NS_PID
	eval "mup_pid_$r=$MUP_PID"
	ns_poll "miniupnpd of $r to listen" mup_listening "$r" "$MUP_PID" &&
	    ns_alive "$MUP_PID" || bail "miniupnpd of $r did not start"
}

# mup_plain ROLE IFACE [CONF_LINE...]: miniupnpd in ROLE as a PCP server
# only (no firewall rule touched: the probe tests), answering on IFACE
# (its first IPv4 address, every IPv6 one) for clients of 192.0.2.0/24 and
# 198.51.100.0/24
mup_plain()
{
	local r i
	r=$1 i=$2
	shift 2
	mup_start "$r" ext_ifname=lo "listening_ip=$i" \
	    "allow 1024-65535 192.0.2.0/24 1024-65535" \
	    "allow 1024-65535 198.51.100.0/24 1024-65535" "$@"
}

# mup_listening ROLE PID: UDP 5351 open in ROLE; true also when PID died
mup_listening()
{
	ns_exec "$1" ss -Hunl 'sport = :5351' | grep -q 5351 || ! kill -0 "$2" 2>/dev/null
}

# ------------------------------------------------------------------ ISP routers
# An ISP router as the PCP tests need it: namespace X of ns_isp (the host
# on "tocpe") gets an uplink "wan" to the namespace "inet", the internet,
# and forwards between them behind nftables (nft_router); miniupnpd is its
# PCP server (mup_router).  External addresses: miniupnpd refuses reserved
# ones (RFC 1918, 100.64/10, the documentation ranges, 198.18/15: it
# answers every MAP with NO_RESOURCES), so the NAT44 external networks are
# ordinary ones that never leave our namespaces: 192.0.3.0/24 (ISP-A) and
# 198.51.101.0/24 (ISP-B).  IPv6 has no such check: 2001:db8:ffX::/64.
#   ISP-A: wan 192.0.3.1/24, 2001:db8:ffa::a/64; inet "toa" 192.0.3.2,
#          2001:db8:ffa::1
#   ISP-B: wan 198.51.101.1/24, 2001:db8:ffb::b/64; inet "tob"
#          198.51.101.2, 2001:db8:ffb::1
# The internet routes 2001:db8:X::/48 to ISP X.

# isp_ext4 X: ISP X's NAT44 external network (first three octets)
isp_ext4()
{
	case $1 in a) echo 192.0.3 ;; b) echo 198.51.101 ;; esac
}

# isp_wan X [LAN]: ISP X's uplink to the internet, its forwarding and its
# firewall (nft_router; LAN: the host-side interface, default tocpe)
isp_wan()
{
	local x e4 lan
	x=$1 lan=${2:-tocpe}
	e4=$(isp_ext4 "$x")
	[ -n "$e4" ] || bail "isp_wan: no ISP $x"
	ns_has inet || ns_new inet
	ns_link "$x" wan inet "to$x"
	ns_exec "$x" sysctl -qw net.ipv4.ip_forward=1 \
	    net.ipv6.conf.all.forwarding=1 || bail "forwarding in $x"
	ns_addr "$x" wan "$e4.1/24" "2001:db8:ff$x::$x/64"
	ns_addr inet "to$x" "$e4.2/24" "2001:db8:ff$x::1/64"
	ip -n "$(ns_name "$x")" -6 route add default via "2001:db8:ff$x::1" ||
	    bail "default route of $x"
	ip -n "$(ns_name inet)" -6 route add "2001:db8:$x::/48" \
	    via "2001:db8:ff$x::$x" || bail "internet route to $x"
	nft_router "$x" "$lan" wan "$(isp_net4 "$x").0/24"
}

# map_isp: the topology of the pcpsel map tests: one ISP router ("a") with
# the host ("host") behind it and the internet ("inet") in front
#   host up0 192.0.2.10/24, 2001:db8:a:1::100/64 (default routes via a)
#   a    lan 192.0.2.1/24, 2001:db8:a:1::1/64 (the PCP server); wan: isp_wan
map_isp()
{
	ns_new host
	ns_new a
	ns_link a lan host up0
	ns_addr a lan 192.0.2.1/24 2001:db8:a:1::1/64
	ns_addr host up0 192.0.2.10/24 2001:db8:a:1::100/64
	ip -n "$(ns_name host)" route add default via 192.0.2.1 &&
	    ip -n "$(ns_name host)" -6 route add default via 2001:db8:a:1::1 ||
	    bail "the host's default routes"
	isp_wan a lan
}

# nft_router ROLE LAN WAN [NET4]: the firewall of an ISP router in ROLE:
# forward policy drop (established and LAN-to-WAN accepted, the rest only
# through the chain miniupnpd fills), the NAT chains miniupnpd fills
# (Debian's nft_init.sh does not work as shipped: notes/miniupnpd-pcp-map.md)
# and, with NET4, NAT44 (masquerade of NET4 out of WAN)
nft_router()
{
	local masq
	masq=
	[ -z "${4:-}" ] || masq="oifname \"$3\" ip saddr $4 masquerade"
	ns_exec "$1" nft -f - <<NFT || bail "the firewall of $1"
table inet filter {
	chain forward {
		type filter hook forward priority 0; policy drop;
		ct state established,related accept
		ct state invalid drop
		iifname "$2" oifname "$3" accept
		jump miniupnpd
	}
	chain miniupnpd {
	}
	chain prerouting {
		type nat hook prerouting priority -100; policy accept;
		jump prerouting_miniupnpd
	}
	chain postrouting {
		type nat hook postrouting priority 100; policy accept;
		jump postrouting_miniupnpd
		$masq
	}
	chain prerouting_miniupnpd {
	}
	chain postrouting_miniupnpd {
	}
}
NFT
}

# mup_router ROLE LAN WAN MIN_LIFETIME [CONF_LINE...]: miniupnpd as the
# router's PCP server (mup_start): NAT44 and IPv6 pinholes on WAN, PCP on
# LAN (an interface name: IPv6 peers of that link are accepted; IPv4 binds
# the interface's first address, add listening_ip=ADDRESS/LEN lines for
# others), its rules in nft_router's chains; MIN_LIFETIME: the least it
# grants (miniupnpd 2.3.9 and later never grant less than 120 s)
mup_router()
{
	local r lan wan min
	r=$1 lan=$2 wan=$3 min=$4
	shift 4
	mup_start "$r" "ext_ifname=$wan" "ext_ifname6=$wan" \
	    "listening_ip=$lan" secure_mode=yes "min_lifetime=$min" \
	    max_lifetime=86400 upnp_table_name=filter \
	    upnp_nat_table_name=filter upnp_forward_chain=miniupnpd \
	    upnp_nat_chain=prerouting_miniupnpd \
	    upnp_nat_postrouting_chain=postrouting_miniupnpd "$@"
}

# mup_stop ROLE: stop ROLE's miniupnpd (it leaves its rules behind)
mup_stop()
{
	local p
	p=$(eval "echo \${mup_pid_$1:-}")
	[ -n "$p" ] && ns_stop "$p"
	eval "mup_pid_$1="
}

# mup_flush ROLE: forget every rule miniupnpd made in ROLE (with mup_stop:
# a restart that loses the state, as a reboot does)
mup_flush()
{
	local c
	for c in miniupnpd prerouting_miniupnpd postrouting_miniupnpd; do
		ns_exec "$1" nft flush chain inet filter "$c" ||
		    bail "nft flush chain $c in $1"
	done
}

# nft_port ROLE PORT: the rules of ROLE's firewall for PORT (pinholes,
# DNAT), one a line; empty if none
nft_port()
{
	ns_exec "$1" nft list table inet filter | grep "dport $2 " || true
}

# nft_pinhole ROLE ADDRESS PORT: ROLE's firewall has miniupnpd's pinhole
# for ADDRESS and PORT (its rule matches the destination address as raw
# bytes: @nh,192,128 0x...)
nft_pinhole()
{
	local h
	h=$("$NS_PY" -c 'import ipaddress, sys
print("0x" + ipaddress.ip_address(sys.argv[1]).packed.hex())' "$2")
	ns_exec "$1" nft list chain inet filter miniupnpd |
	    grep -q "dport $3 @nh,192,128 $h "
}

# ------------------------------------------------------------------ service
# ns_listen ROLE PORT: a TCP service on PORT in ROLE, both families; it
# answers each connection with "host local=ADDRESS peer=ADDRESS" and
# closes; bounded in time; LISTEN_PID is its PID
ns_listen()
{
	ns_bg "$1" "$T/$1/listen-$2.log" timeout 900 "$NS_PY" -c '
import socket, sys, time
s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
s.bind(("::", int(sys.argv[1])))
s.listen(16)
print("listening", flush=True)
end = time.time() + 890
s.settimeout(1.0)
while time.time() < end:
    try:
        c, peer = s.accept()
    except socket.timeout:
        continue
    local = c.getsockname()[0]
    if local.startswith("::ffff:"):
        local = local[7:]
    p = peer[0][7:] if peer[0].startswith("::ffff:") else peer[0]
    c.sendall(("host local=%s peer=%s\n" % (local, p)).encode())
    print("from %s to %s" % (p, local), flush=True)
    c.close()
' "$2"
	LISTEN_PID=$NS_PID
	ns_poll "the service on port $2" grep -q listening \
	    "$T/$1/listen-$2.log" || bail "the service on port $2 did not start"
}

# ns_reach ROLE ADDRESS PORT: from ROLE, connect to ADDRESS port PORT (2 s
# at most); true if the service answered; its line (or the error) in
# $T/reach.out
ns_reach()
{
	ns_exec "$1" timeout 10 "$NS_PY" -c '
import socket, sys
try:
    s = socket.create_connection((sys.argv[1], int(sys.argv[2])), 2)
    s.settimeout(2)
    b = s.recv(200).decode().strip()
except OSError as e:
    print("no: %s" % e)
    sys.exit(1)
print(b)
sys.exit(0 if b.startswith("host ") else 1)
' "$2" "$3" > "$T/reach.out" 2>&1
}

# check_reach NAME ROLE ADDRESS PORT [LINE]: ok if ROLE reaches the service
# at ADDRESS PORT (and it answered LINE); check_blocked NAME ROLE ADDRESS
# PORT: ok if it does not
check_reach()
{
	if ! ns_reach "$2" "$3" "$4"; then
		not_ok "$1" "[$3]:$4 not reached: $(cat "$T/reach.out")"
	elif [ -n "${5:-}" ] && [ "$(cat "$T/reach.out")" != "$5" ]; then
		not_ok "$1" "expected: $5" "got:      $(cat "$T/reach.out")"
	else
		ok "$1"
	fi
}
check_blocked()
{
	if ns_reach "$2" "$3" "$4"; then
		not_ok "$1" "[$3]:$4 reached: $(cat "$T/reach.out")"
	else
		ok "$1"
	fi
}

# ------------------------------------------------------------------ pcpsel
# servers_put DIR IFACE LINE...: IFACE's server list in DIR, replaced as
# the dhcpcd hook does it (a temp file renamed over it)
servers_put()
{
	local d f l
	d=$1 f=$2
	shift 2
	mkdir -p "$d"
	: > "$d/.$f.tmp"
	for l do printf '%s\n' "$l" >> "$d/.$f.tmp"; done
	mv "$d/.$f.tmp" "$d/$f"
}

# probe_run ROLE DIR ARGS...: pcpsel probe --json in ROLE (bounded); the
# JSON in $T/probe.json, stderr in $T/probe.err, the status in PROBE_RC
probe_run()
{
	local r d
	r=$1 d=$2
	shift 2
	ns_exec "$r" timeout 60 "$PCPSEL" probe --dir "$d" --json "$@" \
	    > "$T/probe.json" 2> "$T/probe.err"
	PROBE_RC=$?
}

# probe_check NAME EXPR: ok if the Python expression EXPR holds over j,
# the JSON of the last probe_run (srv(i, s): server s of interface i;
# tried(i, s): its tried addresses by address)
probe_check()
{
	if "$NS_PY" - "$T/probe.json" "$2" <<'PY' > "$T/probe.why" 2>&1
import json, sys
j = json.load(open(sys.argv[1]))
def srv(i=0, s=0):
    return j["interfaces"][i]["servers"][s]
def tried(i=0, s=0):
    return {t["address"]: t for t in srv(i, s)["tried"]}
sys.exit(0 if eval(sys.argv[2]) else 1)
PY
	then
		ok "$1"
	else
		not_ok "$1" "false: $2" "$(tail -n 1 "$T/probe.why")" \
		    "probe: $(head -c 600 "$T/probe.json")"
	fi
}

# map_start ROLE DIR ARGS...: `pcpsel map --json --dir DIR ARGS` in ROLE
# in the background (the foreground mode, as a user runs it); its events
# in MAP_OUT (default $T/map.out; stderr: MAP_OUT.err); MAP_PID is its PID
# (watched: a poll ends if it dies); PCPSEL_MAP_IRT_MS from MAP_IRT_MS
map_start()
{
	local r d
	r=$1 d=$2
	shift 2
	: "${MAP_OUT:=$T/map.out}"
	ns_bg "$r" "$MAP_OUT.err" env PCPSEL_MAP_IRT_MS="${MAP_IRT_MS:-3000}" \
	    sh -c 'out=$1; shift; exec "$@" > "$out"' sh "$MAP_OUT" \
	    "$PCPSEL" map --json --dir "$d" "$@"
	MAP_PID=$NS_PID
}

# map_stop [SIGNAL]: signal pcpsel map (TERM), wait until it exits (70 s
# at most: the deletes take one exchange, 45 s nominal); MAP_RC its status
map_stop()
{
	local n
	ns_forget "$MAP_PID"
	kill -"${1:-TERM}" "$MAP_PID" 2>/dev/null
	n=0
	while ns_alive "$MAP_PID" && [ $n -lt 700 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	if ns_alive "$MAP_PID"; then
		kill -KILL "$MAP_PID"
		wait "$MAP_PID" 2>/dev/null
		MAP_RC=timeout
		return
	fi
	wait "$MAP_PID"
	MAP_RC=$?
}

# map_events EXPR [MIN [SECONDS]]: the number of events e of MAP_OUT for
# which the Python expression EXPR holds; with MIN, waits (SECONDS at
# most, default NS_TIMEOUT) until there are MIN and fails (status 1, the
# events shown as TAP comments) if not, or if pcpsel map exited
map_events()
{
	"$NS_PY" - "${MAP_OUT:-$T/map.out}" "$1" "${2:-0}" \
	    "${3:-$NS_TIMEOUT}" "${MAP_PID:-0}" <<'PY'
import json, os, sys, time
path, expr, want, secs, pid = sys.argv[1:6]
want, end, pid = int(want), time.time() + float(secs), int(pid)
def lines():
    # the file appears when the background shell starts (not yet, on a
    # loaded machine) and a line counts once its newline is written
    try:
        with open(path) as f:
            return [l for l in f if l.endswith("\n")]
    except FileNotFoundError:
        return []
while True:
    n = 0
    for line in lines():
        try:
            e = json.loads(line)
        except ValueError:
            print("# not JSON: " + line.rstrip())
            sys.exit(2)
        if eval(expr):
            n += 1
    if n >= want:
        break
    alive = True
    if pid:
        try:
            os.kill(pid, 0)
        except OSError:
            alive = False
    if not alive or time.time() >= end:
        print("# %d of %d events %s after %s s%s; the events:" % (
            n, want, expr, secs, "" if alive else " (pcpsel map exited)"))
        for line in lines():
            print("#   " + line.rstrip())
        sys.exit(1)
    time.sleep(0.1)
if want == 0:
    print(n)
PY
}

# check_events NAME N EXPR [SECONDS]: ok once N events match EXPR (waits)
check_events()
{
	if map_events "$3" "$2" "${4:-$NS_TIMEOUT}" > "$T/events.why"; then
		ok "$1"
	else
		not_ok "$1"
		cat "$T/events.why"
	fi
}

# map_last EXPR: the last event matching EXPR, as JSON, in $T/ev.json
# ("null" if none)
map_last()
{
	"$NS_PY" - "${MAP_OUT:-$T/map.out}" "$1" > "$T/ev.json" <<'PY'
import json, sys
last = None
for line in open(sys.argv[1]):
    if not line.endswith("\n"):
        break  # still being written
    e = json.loads(line)
    if eval(sys.argv[2]):
        last = e
print(json.dumps(last))
PY
}

# check_ev NAME EXPR: ok if the Python expression EXPR holds over e, the
# event of the last map_last
check_ev()
{
	if "$NS_PY" - "$T/ev.json" "$2" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
sys.exit(0 if e is not None and eval(sys.argv[2]) else 1)
PY
	then
		ok "$1"
	else
		not_ok "$1" "false: $2" "event: $(cat "$T/ev.json")"
	fi
}

# ev_get KEY: KEY of the event of the last map_last
ev_get()
{
	"$NS_PY" -c 'import json, sys
e = json.load(open(sys.argv[1]))
print("" if e is None else e.get(sys.argv[2], ""))' "$T/ev.json" "$1"
}

# map_lifetime: the lifetime of the first granted event (servers clamp
# what is asked: miniupnpd 2.3.9 never grants less than 120 s, 2.3.1
# honours a lower min_lifetime); 0 if none
map_lifetime()
{
	"$NS_PY" - "${MAP_OUT:-$T/map.out}" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    if not line.endswith("\n"):
        break  # still being written
    e = json.loads(line)
    if e["event"] == "granted":
        print(e["lifetime"])
        break
else:
    print(0)
PY
}

# map_renew_bound: seconds by which a renewal of the first granted
# mapping is due at the latest (5/8 of its lifetime, RFC 6887 §11.2.1),
# plus slack
map_renew_bound()
{
	echo $(( $(map_lifetime) * 5 / 8 + 10 ))
}

# ------------------------------------------------------------------ multihoming
# The multihoming case with real parts (tests/netns/map, the demo): the
# host's two uplinks ispa and ispb (ns_isp), each ISP's namespace its
# router (isp_wan: NAT44 and firewall to the internet "inet"), its PCP
# server (mh_pcp: miniupnpd on the router) and its Kea with the pcpsel hook
# serving the router as that server; the host runs dhcpcd with the pcpsel
# hook (dhcpcd_conf) and the service on port 8080.
#   ISP-A router: 192.0.2.254, 2001:db8:a::fe; ISP-B: 198.51.100.254,
#   2001:db8:b::fe (tocpe, the host side); the host's addresses come from
#   the Kea pools (.100-.199, ::100-::1ff)

# mh_isps FAMILIES: ISP-A and ISP-B with their routers, and for each
# family of FAMILIES ("4", "6" or "46") their Kea, started: DHCPv4 serves
# the router's IPv4 address; DHCPv6 its IPv6 address and, with "46", its
# IPv4 one (::ffff:..., RFC 7291 §3): one server with both addresses.
# Then the host's routes (host_uplink), its service on 8080 and dhcpcd's
# configuration (not started).
mh_isps()
{
	local x fam v4 v6
	for x in a b; do
		ns_isp "$x"
		isp_wan "$x"
	done
	for x in a b; do
		v4=$(isp_net4 "$x").254
		v6=$(isp_net6 "$x")::fe
		case $1 in
		*4*)
			kea_isp "$x" 4 hook "[ [ \"$v4\" ] ]"
			kea_start "$x" 4 || bail "kea-dhcp4 of $x did not start"
			;;
		esac
		case $1 in
		*4*6*)
			kea_isp "$x" 6 hook "[ [ \"$v6\", \"$v4\" ] ]"
			kea_start "$x" 6 || bail "kea-dhcp6 of $x did not start"
			;;
		*6*)
			kea_isp "$x" 6 hook "[ [ \"$v6\" ] ]"
			kea_start "$x" 6 || bail "kea-dhcp6 of $x did not start"
			;;
		esac
		host_uplink "$x"
	done
	ns_listen host 8080
	dhcpcd_conf ispa ispb
}

# mh_servers X FAMILIES: the server list the host must get from ISP X
mh_servers()
{
	local v4 v6
	v4=$(isp_net4 "$1").254
	v6=$(isp_net6 "$1")::fe
	case $2 in
	*4*6*) servers_text "isp$1" "server dhcpv4,dhcpv6 $v6 $v4" ;;
	*4*) servers_text "isp$1" "server dhcpv4 $v4" ;;
	*6*) servers_text "isp$1" "server dhcpv6 $v6" ;;
	esac
}

# mh_pcp X [MIN]: ISP X's PCP server: miniupnpd on its router (NAT44 and
# IPv6 pinholes; PCP on tocpe for the host's network), granting at least
# MIN seconds (default MH_MIN, else 120)
mh_pcp()
{
	mup_router "$1" tocpe wan "${2:-${MH_MIN:-120}}" \
	    "allow 1024-65535 $(isp_net4 "$1").0/24 1024-65535"
	eval "mh_started_$1=\$(date +%s)"
}

# mh_pcp_age X: seconds since ISP X's PCP server started
mh_pcp_age()
{
	echo $(( $(date +%s) - $(eval "echo \${mh_started_$1:-0}") ))
}

# host_uplink X [DEV]: the host's routes through ISP X (on DEV, default
# ispX): X's /64 on link (as its
# router advertisements would say; DHCPv6 gives a /128), and a routing
# table per ISP (101, 102) with X's router as the default, used for the
# host's addresses in X's networks, so that replies leave by the uplink
# they came in through (one table per source address)
host_uplink()
{
	local x h t n4 n6 dev
	x=$1 dev=${2:-isp$1}
	h=$(ns_name host)
	n4=$(isp_net4 "$x") n6=$(isp_net6 "$x")
	case $x in a) t=101 ;; *) t=102 ;; esac
	ip -n "$h" -6 route replace "$n6::/64" dev "$dev" &&
	    ip -n "$h" route replace default via "$n4.254" dev "$dev" \
	    onlink table $t &&
	    ip -n "$h" -6 route replace default via "$n6::fe" dev "$dev" \
	    table $t &&
	    ip -n "$h" rule add from "$n4.0/24" table $t pref $((1000 + t)) &&
	    ip -n "$h" -6 rule add from "$n6::/64" table $t \
	    pref $((1000 + t)) || bail "the host's routes through $x"
}

# host_addr X FAMILY [DEV]: the host's address on uplink ispX (or DEV),
# from the lease
host_addr()
{
	ip -n "$(ns_name host)" -"$2" -o addr show dev "${3:-isp$1}" scope global |
	    sed -n 's/.* inet6* \([^/]*\)\/.*/\1/p' | head -n 1
}

# mh_withdraw X FAMILIES: ISP X withdraws its PCP server by DHCP: its Kea
# of each family reconfigured without the pcpsel hook (kea_reload), then
# dhcpcd -N ispX (a renewal: the reply has no option 158/86); waits until
# the host's server list of ispX is gone
mh_withdraw()
{
	local x fam sub
	x=$1
	for fam in 4 6; do
		case $2 in *$fam*) ;; *) continue ;; esac
		if [ "$fam" = 4 ]; then
			sub=$(kea_subnet4 tocpe "" "" "$(isp_net4 "$x")")
		else
			sub=$(kea_subnet6 tocpe "" "" "$(isp_net6 "$x")")
		fi
		KEA_PERSIST=1 kea_conf "$x" "$fam" tocpe "" "$sub"
		kea_reload "$x" "$fam" ||
		    bail "kea-dhcp$fam of $x refused its configuration"
	done
	dhcpcd_ctl -N "isp$x" || bail "dhcpcd -N isp$x"
	wait_gone "isp$x"
}

# cap_after FILE TIME [FILTER]: the packets of the capture FILE after TIME
# (seconds since the epoch, as date +%s.%N), one a line (tcpdump -tt)
cap_after()
{
	tcpdump -tt -n -r "$1" ${3:+"$3"} 2>/dev/null |
	    awk -v t="$2" '$1 + 0 > t + 0'
}

# map_due_ms IFACE FAMILY: how long after the last event of pcpsel map a
# renewal (or retry) of IFACE's FAMILY mapping was due, in ms (the
# "next-in" of its last event with one, counted from that event's
# "time-ms", minus the "time-ms" of the last event of all); 0 if past
map_due_ms()
{
	"$NS_PY" - "${MAP_OUT:-$T/map.out}" "$1" "$2" <<'PY'
import json, sys
due, last = None, 0
for line in open(sys.argv[1]):
    if not line.endswith("\n"):
        break  # still being written
    e = json.loads(line)
    last = e["time-ms"]
    if (e["interface"] == sys.argv[2] and e.get("family") == int(sys.argv[3])
            and "next-in" in e):
        due = e["time-ms"] + 1000 * e["next-in"]
print(max(0, due - last) if due is not None else 0)
PY
}

# check_deleted NAME IFACE FAMILY ROLE ADDRESS PORT: after map_stop, the
# mapping of IFACE and FAMILY was deleted (then ROLE's firewall holds no
# rule for ADDRESS and PORT, and the internet no longer reaches it), or
# the server refused the delete (NOT_AUTHORIZED: miniupnpd 2.3.1 after a
# renewal), which is reported with its expiry
check_deleted()
{
	local sel
	sel='e["interface"] == "'$2'" and e["family"] == '$3
	if [ "$(map_events "$sel"' and e["event"] == "deleted"')" = 1 ]; then
		ok "$1: deleted"
		if [ "$3" = 6 ] && nft_pinhole "$4" "$5" "$6"; then
			not_ok "$1: the pinhole is gone"
		else
			check "$1: no rule left" "" "$(nft_port "$4" "$6")"
		fi
		check_blocked "$1: closed again" inet "$5" "$6"
	else
		map_last "$sel"' and e["event"] == "delete-failed"'
		check_ev "$1: delete refused (NOT_AUTHORIZED), reported with its expiry" \
		    'e["result"] == "NOT_AUTHORIZED" and e["expires-in"] > 0'
	fi
}
