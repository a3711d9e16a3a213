# tests/probe/lib.sh - sourced by the pcpsel probe tests: a client
# namespace, one or two PCP server namespaces running the real miniupnpd
# (Debian miniupnpd-nftables 2.3.1, no firewall rule touched: notes/peers.md
# §3), veth pairs created inside the namespaces, documentation addresses
# only.  Every process is stopped by its PID, every namespace deleted.
#
# Skips (77) when not root, when PCPSEL_SKIP_NETNS=1, or without miniupnpd.

set -u

: "${PCPSEL:=${top_builddir:-.}/pcpsel}"
MINIUPNPD=${MINIUPNPD:-/usr/sbin/miniupnpd}

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
hard() { echo "ERROR: $*"; exit 99; }

[ "${PCPSEL_SKIP_NETNS:-0}" = 1 ] && skip "PCPSEL_SKIP_NETNS=1"
[ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces)"
command -v ip >/dev/null 2>&1 || skip "iproute2 missing"
[ -x "$MINIUPNPD" ] || skip "miniupnpd missing (apt-get install miniupnpd-nftables)"

# unique names: this shell's PID; namespaces pp<role><pid>
ID=$$
NS_C=ppc$ID
NS_S1=pps1x$ID
NS_S2=pps2x$ID
T=$(mktemp -d "${TMPDIR:-/tmp}/pcpsel-probe.XXXXXX") || hard "mktemp"
PIDS=""
NSS=""
MUP_N=0

cleanup() {
	for p in $PIDS; do
		kill "$p" 2>/dev/null
	done
	for p in $PIDS; do
		i=0
		while kill -0 "$p" 2>/dev/null && [ $i -lt 30 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		kill -9 "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	for n in $NSS; do
		ip netns del "$n" 2>/dev/null
	done
	[ "${PCPSEL_KEEP:-0}" = 1 ] && echo "kept $T" || rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 99' INT TERM HUP

ns_add() {
	ip netns add "$1" || hard "ip netns add $1"
	NSS="$NSS $1"
	ip -n "$1" link set lo up
	# no DAD: addresses usable at once
	ip netns exec "$1" sysctl -qw net.ipv6.conf.default.accept_dad=0
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.accept_dad=0
}

# link NS_SERVER IF_SERVER IF_CLIENT: a veth pair between a server
# namespace and the client namespace, created inside them
link() {
	ip link add "$2" netns "$1" type veth peer name "$3" netns "$NS_C" ||
		hard "veth $2/$3"
	ip -n "$1" link set "$2" up
	ip -n "$NS_C" link set "$3" up
}

# miniupnpd NS LISTEN_IF [extra config lines]: start it, wait for 5351
miniupnpd_start() {
	ns=$1 lif=$2
	shift 2
	conf=$T/miniupnpd-$ns.conf
	{
		echo "ext_ifname=lo"
		echo "listening_ip=$lif"
		echo "enable_natpmp=yes"
		echo "enable_upnp=no"
		MUP_N=$((MUP_N + 1))
		echo "uuid=3c0a3c0a-0000-4000-8000-00000000000$MUP_N"
		echo "allow 1024-65535 192.0.2.0/24 1024-65535"
		echo "allow 1024-65535 198.51.100.0/24 1024-65535"
		for l in "$@"; do echo "$l"; done
	} > "$conf"
	ip netns exec "$ns" "$MINIUPNPD" -d -f "$conf" -P "$T/miniupnpd-$ns.pid" \
		> "$T/miniupnpd-$ns.log" 2>&1 &
	PIDS="$PIDS $!"
	i=0
	until ip netns exec "$ns" ss -Huln 'sport = :5351' | grep -q 5351; do
		i=$((i + 1))
		[ $i -lt 50 ] || { cat "$T/miniupnpd-$ns.log"; hard "miniupnpd in $ns did not start"; }
		sleep 0.1
	done
}

# servers IFNAME LINE...: the interface's server-list file
servers() {
	mkdir -p "$T/servers"
	f=$T/servers/$1
	shift
	: > "$f"
	for l in "$@"; do echo "$l" >> "$f"; done
}

# probe ARGS...: pcpsel probe --json in the client namespace, bounded
probe() {
	timeout 60 ip netns exec "$NS_C" "$PCPSEL" probe --dir "$T/servers" \
		--json "$@" > "$T/probe.json" 2> "$T/probe.err"
	PROBE_RC=$?
	cat "$T/probe.json" "$T/probe.err"
}

# jq-like checks with the system python (json module only)
PY=/usr/bin/python3
[ -x $PY ] || PY=python3
# check EXPR: a Python expression over j (the probe JSON) must be true
check() {
	$PY - "$T/probe.json" "$1" <<'PYEOF' || fail "check failed: $1"
import json, sys
j = json.load(open(sys.argv[1]))
def srv(i=0, s=0):
    return j["interfaces"][i]["servers"][s]
def tried(i=0, s=0):
    return {t["address"]: t for t in srv(i, s)["tried"]}
ok = eval(sys.argv[2])
if not ok:
    print("expression false:", sys.argv[2])
    sys.exit(1)
PYEOF
}
