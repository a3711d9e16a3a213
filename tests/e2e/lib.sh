# tests/e2e/lib.sh - end-to-end harness for the dhcpcd hook: the real
# kea-dhcp4/kea-dhcp6 (with the pcpsel Kea hook, or raw option-data) and the
# real dhcpcd (with the pcpsel dhcpcd hook, sourced by a private copy of the
# real dhcpcd-run-hooks), in network namespaces created and removed here.
# Sourced (POSIX sh) by tests/e2e/*.sh and tests/e2e/demo.sh.
#
#   netns pcpsel-<id>-host  dhcpcd (manager mode) on ispa [and ispb]
#   netns pcpsel-<id>-a     kea-dhcp4 + kea-dhcp6 on tocpe  <-veth->  ispa
#   netns pcpsel-<id>-b     kea-dhcp4 + kea-dhcp6 on tocpe  <-veth->  ispb
#
#   ISP-A link: 192.0.2.0/24 (Kea .254, pool .100-.199), 2001:db8:a::/64
#   ISP-B link: 198.51.100.0/24 (likewise),              2001:db8:b::/64
#
# Only documentation addresses; nothing on the host is touched but
# /run/netns: inside the host namespace dhcpcd runs behind bind mounts of
# /run and /var/lib/dhcpcd (ip netns exec gives it a private mount
# namespace), so its state, the hook's state and /run/pcp/servers all land
# in $E2E_DIR/host.  Every process is started from the test's own shell and
# stopped by its PID; every wait is a bounded poll.
#
# Input (environment): top_builddir, top_srcdir (set by `make check`),
# PCPSEL (the pcpsel binary), PCPSEL_KEA_HOOK (the Kea hook .so, else
# searched in $top_builddir), PCPSEL_SKIP_NETNS=1 (skip), E2E_KEEP=1 (keep
# $E2E_DIR), E2E_QUIET=1 (no progress lines).

E2E_STEP_TIMEOUT=${E2E_STEP_TIMEOUT:-15}	# seconds, per wait
E2E_PIDS=
E2E_WATCH=	# processes whose death ends a wait at once
E2E_NETNS=
E2E_DIR=

e2e_log()
{
	[ "${E2E_QUIET:-0}" = 1 ] && return 0
	printf '[%s %s] %s\n' "$e2e_name" "$(date +%T.%N | cut -c1-12)" "$*"
}

e2e_skip()
{
	echo "SKIP: $*"
	exit 77
}

# e2e_fail MSG: show what the daemons said, then fail
e2e_fail()
{
	echo "FAIL: $*"
	if [ -n "$E2E_DIR" ] && [ -d "$E2E_DIR" ]; then
		for f in "$E2E_DIR"/host/dhcpcd.log "$E2E_DIR"/host/dhcpcd.out \
		    "$E2E_DIR"/host/syslog "$E2E_DIR"/*/kea/kea*.out; do
			[ -s "$f" ] || continue
			echo "--- $f (last 40 lines)"
			tail -n 40 "$f"
		done
		echo "--- files:"
		find "$E2E_DIR/host/run/pcp" "$E2E_DIR/host/run/dhcpcd" \
		    -type f 2>/dev/null | while read -r f; do
			echo "$f:"; sed 's/^/  /' "$f"; done
	fi
	exit 1
}

e2e_now()
{
	date +%s.%N
}

# e2e_elapsed T0: seconds since T0, two decimals
e2e_elapsed()
{
	awk -v a="$1" -v b="$(e2e_now)" 'BEGIN { printf "%.2f", b - a }'
}

e2e_cleanup()
{
	set +e
	for p in $E2E_PIDS; do
		kill "$p" 2>/dev/null
	done
	i=0
	while [ $i -lt 60 ]; do
		alive=
		for p in $E2E_PIDS; do
			kill -0 "$p" 2>/dev/null && alive=1
		done
		[ -z "$alive" ] && break
		sleep 0.05
		i=$((i + 1))
	done
	for p in $E2E_PIDS; do
		kill -9 "$p" 2>/dev/null
	done
	wait 2>/dev/null
	E2E_PIDS=
	# whatever our daemons forked and left in our namespaces (dhcpcd's
	# privilege-separation proxies outlive a killed manager): stop it by
	# PID before the namespace goes
	for sig in TERM KILL; do
		for ns in $E2E_NETNS; do
			for p in $(ip netns pids "$ns" 2>/dev/null); do
				kill -"$sig" "$p" 2>/dev/null
			done
		done
		[ "$sig" = KILL ] || sleep 0.2
	done
	# deleting a namespace also destroys its veth ends
	for ns in $E2E_NETNS; do
		ip netns del "$ns" 2>/dev/null
	done
	E2E_NETNS=
	if [ -n "$E2E_DIR" ] && [ "${E2E_KEEP:-0}" != 1 ]; then
		rm -rf "$E2E_DIR"
	elif [ -n "$E2E_DIR" ]; then
		echo "kept $E2E_DIR"
	fi
	E2E_DIR=
}

# e2e_init NAME: skip unless root with the daemons; make the scratch dir
e2e_init()
{
	e2e_name=$1
	[ "${PCPSEL_SKIP_NETNS:-0}" = 1 ] && e2e_skip "PCPSEL_SKIP_NETNS=1"
	[ "$(id -u)" = 0 ] || e2e_skip "needs root (network namespaces)"
	# E2E_TOOLS: what the test needs (a test without Kea names less)
	for tool in ${E2E_TOOLS:-ip kea-dhcp4 kea-dhcp6 dhcpcd mount}; do
		command -v "$tool" >/dev/null 2>&1 ||
		    PATH=$PATH:/usr/sbin:/sbin command -v "$tool" >/dev/null ||
		    e2e_skip "$tool is not installed"
	done
	PATH=$PATH:/usr/sbin:/sbin
	# the hook runner compiled into dhcpcd (/usr/libexec/... on unstable)
	E2E_RUNHOOKS_SYS=$(LC_ALL=C grep -a -o '/[-A-Za-z0-9_./]*/dhcpcd-run-hooks' \
	    "$(command -v dhcpcd)" | head -n 1)
	: "${E2E_RUNHOOKS_SYS:=/usr/lib/dhcpcd/dhcpcd-run-hooks}"
	[ -f "$E2E_RUNHOOKS_SYS" ] || e2e_skip "no $E2E_RUNHOOKS_SYS"
	[ -n "${top_builddir:-}" ] || e2e_skip "top_builddir is not set"
	: "${top_srcdir:=$top_builddir}"
	: "${PCPSEL:=$top_builddir/pcpsel}"
	[ -x "$PCPSEL" ] || e2e_skip "no pcpsel at $PCPSEL"
	E2E_HOOK=$top_builddir/dhcpcd-hook/60-pcpsel
	[ -f "$E2E_HOOK" ] || e2e_skip "no dhcpcd hook at $E2E_HOOK"
	ip netns list >/dev/null 2>&1 || e2e_skip "ip netns does not work here"
	# a unique id: tests may run in parallel (make -j)
	e2e_id=$e2e_name-$$
	E2E_DIR=$(mktemp -d "${TMPDIR:-/tmp}/pcpsel-e2e.XXXXXX") ||
	    e2e_fail "mktemp"
	chmod 755 "$E2E_DIR"
	trap e2e_cleanup EXIT
	trap 'exit 99' HUP INT TERM
}

# e2e_kea_hook: the pcpsel Kea hook library, or empty
e2e_kea_hook()
{
	if [ -n "${PCPSEL_KEA_HOOK:-}" ]; then
		echo "$PCPSEL_KEA_HOOK"
		return
	fi
	for f in "$top_builddir"/kea-hook/.libs/libdhcp_pcpsel.so \
	    "$top_builddir"/.libs/libdhcp_pcpsel.so \
	    "$top_builddir"/kea-hook/libdhcp_pcpsel.so; do
		[ -f "$f" ] && { echo "$f"; return; }
	done
}

# ------------------------------------------------------------------ network
# e2e_isp X: ISP X (a or b): its namespace, the veth to the host's "ispX"
e2e_isp()
{
	x=$1
	ns=pcpsel-$e2e_id-$x
	host=pcpsel-$e2e_id-host
	case $x in
	a) net4=192.0.2 net6=2001:db8:a mac=02:00:00:00:0a ;;
	b) net4=198.51.100 net6=2001:db8:b mac=02:00:00:00:0b ;;
	*) e2e_fail "e2e_isp: no ISP $x" ;;
	esac
	if ! ip netns list | grep -q "^$host\b"; then
		ip netns add "$host" || e2e_fail "ip netns add $host"
		E2E_NETNS="$E2E_NETNS $host"
		ip -n "$host" link set lo up
		mkdir -p "$E2E_DIR/host/run" "$E2E_DIR/host/varlib" \
		    "$E2E_DIR/host/bin"
	fi
	ip netns add "$ns" || e2e_fail "ip netns add $ns"
	E2E_NETNS="$E2E_NETNS $ns"
	mkdir -p "$E2E_DIR/$x/kea"
	# both ends made inside their namespaces: the host never sees them
	ip link add tocpe netns "$ns" type veth peer name "isp$x" \
	    netns "$host" || e2e_fail "veth for ISP $x"
	# no DAD: kea-dhcp6 binds to the link-local at once, and the leased
	# address is usable (not tentative) when the hook orders the servers
	{ ip -n "$ns" link set lo up &&
	  ip netns exec "$ns" sysctl -qw net.ipv6.conf.tocpe.accept_dad=0 &&
	  ip netns exec "$host" sysctl -qw \
	      "net.ipv6.conf.isp$x.accept_dad=0" &&
	  ip -n "$ns" link set dev tocpe address "$mac:01" &&
	  ip -n "$host" link set dev "isp$x" address "$mac:02" &&
	  ip -n "$ns" addr add "$net4.254/24" dev tocpe &&
	  ip -n "$ns" addr add "$net6::fe/64" dev tocpe nodad &&
	  ip -n "$ns" link set dev tocpe up &&
	  ip -n "$host" link set dev "isp$x" up; } ||
	    e2e_fail "network of ISP $x"
}

# ------------------------------------------------------------------ Kea
# e2e_kea_conf X FAMILY MODE VALUE
#   MODE hook: VALUE is the JSON "pcp-servers" list for the pcpsel Kea hook
#   MODE raw:  VALUE is the hex data of one option 158 / 86 (option-data)
e2e_kea_conf()
{
	x=$1 fam=$2 mode=$3 value=$4
	d=$E2E_DIR/$x/kea
	case $x in
	a) net4=192.0.2 net6=2001:db8:a ;;
	b) net4=198.51.100 net6=2001:db8:b ;;
	esac
	if [ "$mode" = hook ]; then
		lib=$(e2e_kea_hook)
		[ -n "$lib" ] || e2e_skip "the pcpsel Kea hook is not built"
		opts="\"hooks-libraries\": [ { \"library\": \"$lib\",
	    \"parameters\": { \"pcp-servers\": $value } } ],"
	elif [ "$fam" = 4 ]; then
		opts="\"option-def\": [ { \"name\": \"pcp-server\", \"code\": 158,
	    \"space\": \"dhcp4\", \"type\": \"binary\" } ],
	\"option-data\": [ { \"name\": \"pcp-server\", \"code\": 158,
	    \"space\": \"dhcp4\", \"csv-format\": false, \"data\": \"$value\" } ],"
	else
		opts="\"option-def\": [ { \"name\": \"pcp-server\", \"code\": 86,
	    \"space\": \"dhcp6\", \"type\": \"binary\" } ],
	\"option-data\": [ { \"name\": \"pcp-server\", \"code\": 86,
	    \"space\": \"dhcp6\", \"csv-format\": false, \"data\": \"$value\" } ],"
	fi
	if [ "$fam" = 4 ]; then
		cat > "$d/kea4.json" <<EOF
{ "Dhcp4": {
	"interfaces-config": { "interfaces": [ "tocpe" ],
	    "dhcp-socket-type": "raw" },
	"lease-database": { "type": "memfile", "persist": true,
	    "lfc-interval": 0, "name": "$d/leases4.csv" },
	"valid-lifetime": 600, "renew-timer": 300, "rebind-timer": 500,
	$opts
	"subnet4": [ { "id": 1, "subnet": "$net4.0/24", "interface": "tocpe",
	    "pools": [ { "pool": "$net4.100 - $net4.199" } ] } ],
	"loggers": [ { "name": "kea-dhcp4", "severity": "INFO",
	    "output_options": [ { "output": "$d/kea-dhcp4.log" } ] } ]
} }
EOF
	else
		cat > "$d/kea6.json" <<EOF
{ "Dhcp6": {
	"interfaces-config": { "interfaces": [ "tocpe" ] },
	"data-directory": "$d",
	"server-id": { "type": "LL", "persist": false },
	"lease-database": { "type": "memfile", "persist": true,
	    "lfc-interval": 0, "name": "$d/leases6.csv" },
	"preferred-lifetime": 500, "valid-lifetime": 600,
	"renew-timer": 300, "rebind-timer": 400,
	$opts
	"subnet6": [ { "id": 1, "subnet": "$net6::/64", "interface": "tocpe",
	    "pools": [ { "pool": "$net6::100 - $net6::1ff" } ] } ],
	"loggers": [ { "name": "kea-dhcp6", "severity": "INFO",
	    "output_options": [ { "output": "$d/kea-dhcp6.log" } ] } ]
} }
EOF
	fi
}

# e2e_kea_start X FAMILY: start kea-dhcpFAMILY of ISP X, wait until ready
e2e_kea_start()
{
	x=$1 fam=$2
	d=$E2E_DIR/$x/kea
	# the hook links the libpcpsel of the build tree
	LD_LIBRARY_PATH=$top_builddir/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} \
	KEA_PIDFILE_DIR=$d KEA_LOCKFILE_DIR=$d \
	KEA_LOGGER_DESTINATION=$d/early$fam.log \
	    ip netns exec "pcpsel-$e2e_id-$x" "kea-dhcp$fam" -c "$d/kea$fam.json" \
	    > "$d/kea$fam.out" 2>&1 &
	pid=$!		# ip netns exec exec()s: this is Kea's PID
	E2E_PIDS="$E2E_PIDS $pid"
	eval "e2e_kea_pid_$x$fam=$pid"
	e2e_poll "kea-dhcp$fam of ISP $x to start" \
	    e2e_started "DHCP${fam}_STARTED" "$d/kea-dhcp$fam.log" "$pid" &&
	    grep -q "DHCP${fam}_STARTED" "$d/kea-dhcp$fam.log" ||
	    { cat "$d/kea$fam.out" "$d/early$fam.log" 2>/dev/null;
	      e2e_fail "kea-dhcp$fam of ISP $x did not start"; }
}

# e2e_kea_reload X FAMILY: make Kea re-read its (rewritten) file (SIGHUP)
e2e_kea_reload()
{
	x=$1 fam=$2
	d=$E2E_DIR/$x/kea
	n=$(grep -c "DHCP${fam}_DYNAMIC_RECONFIGURATION_SUCCESS" \
	    "$d/kea-dhcp$fam.log")
	eval "pid=\$e2e_kea_pid_$x$fam"
	kill -HUP "$pid" || e2e_fail "kill -HUP kea-dhcp$fam"
	e2e_poll "kea-dhcp$fam of ISP $x to reload" e2e_count_gt \
	    "DHCP${fam}_DYNAMIC_RECONFIGURATION_SUCCESS" \
	    "$d/kea-dhcp$fam.log" "$n" ||
	    e2e_fail "kea-dhcp$fam of ISP $x did not reload"
}

# e2e_started ID LOG PID: Kea logged ID; exit 0 also if Kea died, so the
# poll ends at once (the caller checks the log)
e2e_started()
{
	grep -q "$1" "$2" 2>/dev/null || ! kill -0 "$3" 2>/dev/null
}

e2e_count_gt()
{
	[ "$(grep -c "$1" "$2")" -gt "$3" ]
}

# ------------------------------------------------------------------ dhcpcd
# e2e_dhcpcd_conf IFACE...: dhcpcd.conf (the shipped snippet, verbatim, and
# one block per interface), the private dhcpcd-run-hooks, the hook
e2e_dhcpcd_conf()
{
	h=$E2E_DIR/host
	mkdir -p "$h/hooks"
	{
		echo "# e2e: a fresh DUID-LL, never the host's"
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
	# the private runner: the real one, its hook list redirected to $h
	sed -e "s|/etc/dhcpcd.enter-hook|$h/enter-hook|" \
	    -e "s|/[-A-Za-z0-9_./]*dhcpcd-hooks/\*|$h/hooks/*|" \
	    -e "s|/etc/dhcpcd.exit-hook|$h/exit-hook|" \
	    "$E2E_RUNHOOKS_SYS" > "$h/dhcpcd-run-hooks"
	grep -q "$h/hooks/\*" "$h/dhcpcd-run-hooks" ||
	    e2e_skip "cannot redirect the hooks of $E2E_RUNHOOKS_SYS"
	chmod 755 "$h/dhcpcd-run-hooks"
	cp "$E2E_HOOK" "$h/hooks/60-pcpsel"
	# a user's enter-hook: the pcpsel of the build tree
	printf 'pcpsel=%s\n' "$PCPSEL" > "$h/enter-hook"
	# syslog(): dhcpcd-run-hooks calls logger(1); this one, first in the
	# PATH dhcpcd passes to its hooks, records the line (no syslogd here)
	cat > "$h/bin/logger" <<EOF
#!/bin/sh
# fake logger(1): keep priority, tag and message
while [ \$# -gt 1 ]; do
	case \$1 in
	-p) pri=\$2; shift ;;
	-t) tag=\$2; shift ;;
	esac
	shift
done
printf '%s %s: %s\n' "\$pri" "\$tag" "\$1" >> '$h/syslog'
EOF
	chmod 755 "$h/bin/logger"
	: > "$h/syslog"
	cat > "$h/ns-wrap" <<EOF
#!/bin/sh
# inside ip netns exec (a private, slave mount namespace): hide the host's
# /run and /var/lib/dhcpcd behind this test's directories
set -e
mount --bind '$h/varlib' /var/lib/dhcpcd
mount --bind '$h/run' /run
exec "\$@"
EOF
	chmod 755 "$h/ns-wrap"
}

# e2e_dhcpcd_start IFACE: a dhcpcd for IFACE (one per uplink, as ifupdown
# runs it; they share /run, so their hook runs share the state and the
# lock), in the foreground, owned by our shell
e2e_dhcpcd_start()
{
	h=$E2E_DIR/host
	PATH=$h/bin:$PATH ip netns exec "pcpsel-$e2e_id-host" "$h/ns-wrap" \
	    dhcpcd -f "$h/dhcpcd.conf" -c "$h/dhcpcd-run-hooks" -B -d \
	    -j "$h/dhcpcd.log" "$1" >> "$h/dhcpcd.out" 2>&1 &
	pid=$!		# every step exec()s: this is dhcpcd's PID
	eval "e2e_dhcpcd_pid_$1=$pid"
	E2E_PIDS="$E2E_PIDS $pid"
	E2E_WATCH="$E2E_WATCH $pid"
}

# e2e_dhcpcd_ctl ARGS: a dhcpcd control command (-k, -N, -x ...), in the
# daemons' mount view (their pid files and sockets are in the hidden /run)
e2e_dhcpcd_ctl()
{
	h=$E2E_DIR/host
	ip netns exec "pcpsel-$e2e_id-host" "$h/ns-wrap" \
	    dhcpcd -f "$h/dhcpcd.conf" "$@" >> "$h/dhcpcd-ctl.out" 2>&1
}

# e2e_dhcpcd_gone IFACE: wait until the dhcpcd of IFACE has exited (after
# -k or -x)
e2e_dhcpcd_gone()
{
	eval "pid=\$e2e_dhcpcd_pid_$1"
	w=
	for p in $E2E_WATCH; do
		[ "$p" = "$pid" ] || w="$w $p"
	done
	E2E_WATCH=$w
	e2e_poll "dhcpcd of $1 to exit" e2e_dead "$pid" ||
	    e2e_fail "dhcpcd of $1 did not exit"
	wait "$pid" 2>/dev/null
}

e2e_dead()
{
	! kill -0 "$1" 2>/dev/null
}

# ------------------------------------------------------------------ files
# e2e_file IFACE: the server list of IFACE, as written inside the netns
e2e_file()
{
	echo "$E2E_DIR/host/run/pcp/servers/$1"
}

# e2e_expect IFACE 'server ...' ...: the exact file text for IFACE
e2e_expect()
{
	ifc=$1
	shift
	printf '# PCP servers for %s, written by pcpsel\n' "$ifc"
	for l do
		printf '%s\n' "$l"
	done
}

# e2e_poll WHAT CMD...: run CMD every 50 ms until it succeeds, at most
# E2E_STEP_TIMEOUT seconds
e2e_poll()
{
	what=$1
	shift
	n=$((E2E_STEP_TIMEOUT * 20))
	while [ "$n" -gt 0 ]; do
		"$@" 2>/dev/null && return 0
		for p in $E2E_WATCH; do
			if ! kill -0 "$p" 2>/dev/null; then
				echo "process $p died waiting for $what"
				return 1
			fi
		done
		sleep 0.05
		n=$((n - 1))
	done
	echo "timeout (${E2E_STEP_TIMEOUT}s) waiting for $what"
	return 1
}

# e2e_same FILE TEXT: FILE holds TEXT and one newline, nothing else
e2e_same()
{
	[ -f "$1" ] && [ "$(cat "$1"; echo x)" = "$(printf '%s\nx' "$2")" ]
}

# e2e_wait_file IFACE EXPECTED_TEXT: until the file is exactly that
e2e_wait_file()
{
	f=$(e2e_file "$1")
	if ! e2e_poll "$f" e2e_same "$f" "$2"; then
		echo "--- expected:"
		printf '%s\n' "$2"
		echo "--- got:"
		cat "$f" 2>/dev/null || echo "(no file)"
		e2e_fail "$1: server list differs"
	fi
}

# e2e_wait_gone IFACE: until the file is gone
e2e_wait_gone()
{
	f=$(e2e_file "$1")
	e2e_poll "$f to go" e2e_absent "$f" || e2e_fail "$f still there"
}

e2e_absent()
{
	[ ! -e "$1" ]
}
