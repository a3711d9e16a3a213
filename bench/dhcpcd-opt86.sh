#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# bench/dhcpcd-opt86.sh - how the installed dhcpcd hands DHCPv6 option 86 to
# its hooks: a measurement, it reports figures and never passes or fails.
#
#   bench/dhcpcd-opt86.sh [-m METHOD]... [-n COUNT]... [-p on|off] [-i]
#
# For each METHOD and COUNT a scapy server (tests/netns/hostile/rogue-dhcp.py)
# sends COUNT option-86 instances (one address each) in every DHCPv6 reply
# to the real dhcpcd, in two network namespaces made here.  dhcpcd runs
# with MALLOC_CHECK_=3 and glibc's malloc debugging library, and its hook
# (a script of this program, run by dhcpcd with -c) copies its environment
# and the saved lease files at every event.  The sequence: BOUND6, two
# renewals (dhcpcd -N: RENEW6 with the old and the new lease), a DHCPv4
# NAK, a new DHCPv4 lease, one more renewal.  Methods, as dhcpcd.conf lines:
#
#   binhex  define6 86 binhex pcp_server; option dhcp6_pcp_server
#           (pcpsel up to 0.x: duplicate new_dhcp6_pcp_server entries)
#   index   define6 86 index embed pcp_server; embed binhex pcp_server;
#           option dhcp6_pcp_server (new_dhcp6_pcp_server1, 2, ...)
#   lease   define6 86 request binhex reserved (requested, not exported):
#           the instances are read from /var/lib/dhcpcd/IFACE.lease6
#
# -i asks for stateless DHCPv6 (inform6: INFORM6 events, no address) in
# place of an address (ia_na).  -p off runs dhcpcd without privilege separation (its user hidden behind a
# private /etc/passwd).  Output: one line per hook run of interest and one
# summary line per run.  Root only; built from the namespace harness of
# the tests (tests/netns/lib.sh): two fresh namespaces per run (ns_new,
# ns_link; deleted by ns_del after the run), the scapy server by
# rogue_start, dhcpcd -N / -x by dhcpcd_ctl, every wait a bounded ns_poll,
# every process stopped by its PID, the rest at exit (also on SIGINT).
# KEEP=1 keeps the scratch directory (PCPSEL_KEEP=1).
set -u
HERE=$(cd "$(dirname "$0")/.." && pwd)
PY=/usr/bin/python3
methods=
counts=
privsep=on
v6mode=ia_na
while getopts m:n:p:i o; do
	case $o in
	m) methods="$methods $OPTARG" ;;
	n) counts="$counts $OPTARG" ;;
	p) privsep=$OPTARG ;;
	i) v6mode=inform6 ;;
	*) echo "usage: $0 [-m binhex|index|lease]... [-n COUNT]... [-p on|off]" >&2
	   exit 64 ;;
	esac
done
: "${methods:= binhex index lease}"
: "${counts:= 1 3 100 1000}"
[ "$(id -u)" = 0 ] || { echo "needs root" >&2; exit 77; }
PATH=$PATH:/usr/sbin:/sbin
"$PY" -c 'import scapy.all' 2>/dev/null || { echo "no scapy" >&2; exit 77; }
DEBUGLIB=
for f in /usr/lib/*/libc_malloc_debug.so.0 /lib/*/libc_malloc_debug.so.0; do
	[ -f "$f" ] && DEBUGLIB=$f && break
done
[ "${KEEP:-0}" = 1 ] && PCPSEL_KEEP=1
# the harness prints nothing (NS_QUIET); what it would say (a timeout, an
# error) goes to stderr: stdout (fd 3) carries this program's lines only
top_srcdir=$HERE
NS_QUIET=1
NS_TIMEOUT=10	# the scapy server's start
. "$HERE/tests/netns/lib.sh"
exec 3>&1 1>&2
ns_init dhcpcd-opt86 dhcpcd mount

# upto SECONDS WHAT COMMAND...: ns_poll bounded by SECONDS
upto()
{
	local t r
	t=$NS_TIMEOUT
	NS_TIMEOUT=$1
	shift
	ns_poll "$@"
	r=$?
	NS_TIMEOUT=$t
	return $r
}

events_ge()
{
	[ "$(grep -c " $1\$" "$W/events" 2>/dev/null)" -ge "$2" ]
}

set_case()
{
	printf 'name=%s\nv4=9e0504c0000201\nv6=%s\nv4nak=%s\n' "$1" "$V6" \
	    "$2" > "$W/case.tmp"
	mv "$W/case.tmp" "$W/case"
}

# v6hex N: N option-86 instances of one address 2001:db8:c:K::1
v6hex()
{
	awk -v n="$1" 'BEGIN { for (k = 1; k <= n; k++)
		printf "0056001020010db8000c%04x0000000000000001", k }'
}

# one run: METHOD COUNT, in namespaces "srv-METHOD-COUNT" (the scapy
# server on tocpe) and "METHOD-COUNT" (dhcpcd on pmc0; its files in
# $T/METHOD-COUNT, the harness's directory of that role)
run()
{
	m=$1 count=$2
	cr=$m-$count sr=srv-$m-$count
	ns_new "$sr"
	ns_new "$cr"
	W=$T/$cr
	mkdir -p "$W/ev" "$W/varlib" "$W/run"
	ns_link "$sr" tocpe "$cr" pmc0
	ns_addr "$sr" tocpe 192.0.2.254/24
	V6=$(v6hex "$count")
	set_case "$m-$count" 0
	rogue_start "$sr" tocpe "$W/case" "$W/rogue.log"
	{
		echo "duid ll"
		echo "noipv4ll"
		echo "nodelay"
		echo "nodev"
		echo "define 158 binhex pcp_server"
		echo "option pcp_server"
		case $m in
		binhex)
			echo "define6 86 binhex pcp_server"
			echo "option dhcp6_pcp_server" ;;
		index)
			echo "define6 86 index embed pcp_server"
			echo "embed binhex pcp_server"
			echo "option dhcp6_pcp_server" ;;
		lease)
			echo "define6 86 request binhex reserved" ;;
		esac
		echo "interface pmc0"
		echo "	noipv6rs"
		[ "$v6mode" = inform6 ] && echo "	inform6" || echo "	ia_na 1"
		echo "	noarp"
	} > "$W/dhcpcd.conf"
	cat > "$W/hook" <<EOF
#!/bin/sh
# the hook: keep the environment block and the lease files of every run
n=\$(cat '$W/n' 2>/dev/null || echo 0)
echo \$((n + 1)) > '$W/n'
f='$W/ev/'\$(printf %04d "\$n")-\$reason
cp /proc/\$\$/environ "\$f.env"
[ -f "/var/lib/dhcpcd/\$interface.lease6" ] &&
    cp "/var/lib/dhcpcd/\$interface.lease6" "\$f.lease6"
echo "\$n \$reason" >> '$W/events'
exit 0
EOF
	chmod 755 "$W/hook"
	: > "$W/events"
	grep -v '^_\?dhcpcd:' /etc/passwd > "$W/passwd"
	cat > "$W/ns-wrap" <<EOF
#!/bin/sh
set -e
mount --bind '$W/varlib' /var/lib/dhcpcd
mount --bind '$W/run' /run
[ '$privsep' = off ] && mount --bind '$W/passwd' /etc/passwd
exec "\$@"
EOF
	chmod 755 "$W/ns-wrap"
	ns_bg "$cr" "$W/dhcpcd.out" env MALLOC_CHECK_=3 LIBC_FATAL_STDERR_=1 \
	    LD_PRELOAD="$DEBUGLIB" "$W/ns-wrap" dhcpcd -f "$W/dhcpcd.conf" \
	    -c "$W/hook" -B -d -j "$W/dhcpcd.log" pmc0
	dpid=$NS_PID
	NS_HOST=$cr	# dhcpcd_ctl: $W/ns-wrap and $W/dhcpcd.conf
	steps=
	upto 20 BOUND6 events_ge BOUND6 1 && steps="$steps BOUND6" ||
	    steps="$steps no-BOUND6"
	upto 20 BOUND events_ge BOUND 1 || steps="$steps no-BOUND"
	for k in 1 2; do
		dhcpcd_ctl -N pmc0
		upto 15 RENEW6 events_ge RENEW6 "$k" && steps="$steps RENEW6" ||
		    steps="$steps no-RENEW6"
	done
	set_case "$m-$count-nak" 1
	dhcpcd_ctl -N pmc0
	upto 15 NAK events_ge NAK 1 && steps="$steps NAK" ||
	    steps="$steps no-NAK"
	set_case "$m-$count" 0
	upto 25 BOUND events_ge BOUND 2 && steps="$steps BOUND" ||
	    steps="$steps no-BOUND"
	dhcpcd_ctl -N pmc0
	upto 15 RENEW6 events_ge RENEW6 3 && steps="$steps RENEW6" ||
	    steps="$steps no-RENEW6"
	if ns_alive "$dpid"; then alive=yes; else alive=no; fi
	nproc=$(ip netns pids "$(ns_name "$cr")" | wc -l)
	dhcpcd_ctl -x pmc0
	upto 10 "dhcpcd to exit" ns_dead "$dpid"
	ns_stop "$dpid"
	ns_stop "$ROGUE_PID"
	# whatever is left in the namespaces (privsep proxies of a dhcpcd
	# that lost its manager) goes with them
	ns_del "$cr"
	ns_del "$sr"
	malloc=$(grep -ciE 'malloc|free\(\)|corrupt|double free|abort' \
	    "$W/dhcpcd.out" "$W/dhcpcd.log" | awk -F: '{ s += $NF } END { print s + 0 }')
	"$PY" - "$W" "$m" "$count" >&3 <<'EOF'
import os, re, struct, sys
w, m, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
def lease_n86(path):
    d = open(path, "rb").read()
    i, n = 4, 0
    while i + 4 <= len(d):
        code, ln = struct.unpack("!HH", d[i:i + 4])
        if code == 86:
            n += 1
        i += 4 + ln
    return n, len(d)
for f in sorted(os.listdir(w + "/ev")):
    if not f.endswith(".env"):
        continue
    reason = f[5:-4]
    if reason not in ("BOUND6", "RENEW6", "REBIND6", "REBOOT6", "INFORM6", "NAK", "BOUND", "RENEW"):
        continue
    env = open(w + "/ev/" + f, "rb").read()
    ents = env.split(b"\0")
    whole = env.endswith(b"\0")
    new_dup = sum(1 for e in ents if e.startswith(b"new_dhcp6_pcp_server="))
    new_idx = sum(1 for e in ents if re.match(rb"new_dhcp6_pcp_server\d+=", e))
    old = sum(1 for e in ents if re.match(rb"old_dhcp6_pcp_server\d*=", e))
    sid = any(e.startswith(b"new_dhcp6_server_id=") for e in ents)
    lf = w + "/ev/" + f[:-4] + ".lease6"
    if os.path.exists(lf):
        n86, llen = lease_n86(lf)
        lease = "lease6 %d B %d inst" % (llen, n86)
    else:
        lease = "no lease6"
    print("  %-7s env %6d B %4d entries%s  new86 dup %4d idx %4d old %4d%s  %s" % (
        reason, len(env), len(ents) - (1 if whole else 0),
        "" if whole else " (ends inside an entry)", new_dup, new_idx,
        old, "" if sid else " no-server-id", lease))
EOF
	asked=$(grep -c '^[0-9.]* v6 REPLY.*asked=1' "$W/rogue.log")
	replies=$(grep -c '^[0-9.]* v6 REPLY' "$W/rogue.log")
	echo "RESULT $(dhcpcd --version | head -1) privsep=$privsep method=$m n=$count steps:$steps alive=$alive procs=$nproc malloc-lines=$malloc oro86=$asked/$replies" >&3
	grep -iE 'malloc|free\(\)|corrupt|abort' "$W/dhcpcd.out" | head -3 | sed 's/^/  dhcpcd.out: /' >&3
	grep -iE 'dhcp_envoption|script|truncat|buffer|too long|overflow' "$W/dhcpcd.log" | sort | uniq -c | head -5 | sed 's/^/  dhcpcd.log: /' >&3
}

for m in $methods; do
	for n in $counts; do
		run "$m" "$n"
	done
done
