# tests/probe/map-lib.sh - sourced (after lib.sh) by the pcpsel map tests:
# one ISP router with a real NAT44 and IPv6 firewall (nftables) and the
# real miniupnpd as its PCP server, the host behind it, and an "internet"
# namespace in front of it that tries to reach the host's service.
#
#   host $NS_C  up0 ---- lan  router $NS_R  wan ---- net0  internet $NS_I
#
#   host:     192.0.2.10/24, 2001:db8:a:1::100/64, a TCP listener
#   router:   lan 192.0.2.1/24, 2001:db8:a:1::1/64 (the PCP server);
#             wan 192.0.3.1/24: the NAT44 external address (miniupnpd
#             refuses reserved ones, documentation ranges included; this
#             one never leaves the namespaces), 2001:db8:ffa::a/64
#   internet: 192.0.3.2/24, 2001:db8:ffa::1/64
#
# nftables on the router: forward policy drop, established and LAN-to-WAN
# accepted, the chains miniupnpd fills (notes/miniupnpd-pcp-map.md).

command -v nft >/dev/null 2>&1 || skip "nftables missing"
NS_R=pprt$ID
NS_I=ppin$ID
SRV=$T/servers
mkdir -p "$SRV"
LISTEN_PORT=${LISTEN_PORT:-8080}

isp_up() {
	ns_add "$NS_C"
	ns_add "$NS_R"
	ns_add "$NS_I"
	ip link add lan netns "$NS_R" type veth peer name up0 netns "$NS_C" ||
		hard "veth lan/up0"
	ip link add wan netns "$NS_R" type veth peer name net0 netns "$NS_I" ||
		hard "veth wan/net0"
	ip netns exec "$NS_R" sysctl -qw net.ipv4.ip_forward=1 \
	    net.ipv6.conf.all.forwarding=1
	ip -n "$NS_R" addr add 192.0.2.1/24 dev lan
	ip -n "$NS_R" addr add 2001:db8:a:1::1/64 dev lan nodad
	ip -n "$NS_R" addr add 192.0.3.1/24 dev wan
	ip -n "$NS_R" addr add 2001:db8:ffa::a/64 dev wan nodad
	ip -n "$NS_R" link set lan up
	ip -n "$NS_R" link set wan up
	ip -n "$NS_R" -6 route add default via 2001:db8:ffa::1
	ip -n "$NS_C" addr add 192.0.2.10/24 dev up0
	ip -n "$NS_C" addr add 2001:db8:a:1::100/64 dev up0 nodad
	ip -n "$NS_C" link set up0 up
	ip -n "$NS_C" route add default via 192.0.2.1
	ip -n "$NS_C" -6 route add default via 2001:db8:a:1::1
	ip -n "$NS_I" addr add 192.0.3.2/24 dev net0
	ip -n "$NS_I" addr add 2001:db8:ffa::1/64 dev net0 nodad
	ip -n "$NS_I" link set net0 up
	ip -n "$NS_I" -6 route add 2001:db8:a::/48 via 2001:db8:ffa::a
	ip netns exec "$NS_R" nft -f - <<'EOF' || hard "router ruleset"
table inet filter {
	chain forward {
		type filter hook forward priority 0; policy drop;
		ct state established,related accept
		ct state invalid drop
		iifname "lan" oifname "wan" accept
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
		oifname "wan" ip saddr 192.0.2.0/24 masquerade
	}
	chain prerouting_miniupnpd {
	}
	chain postrouting_miniupnpd {
	}
}
EOF
	# the service on the host, both families, bounded in time
	ip netns exec "$NS_C" timeout 300 $PY -c '
import socket, sys, time
s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
s.bind(("::", int(sys.argv[1]))); s.listen(16); s.settimeout(1.0)
end = time.time() + 290
while time.time() < end:
    try:
        c, peer = s.accept()
    except socket.timeout:
        continue
    c.sendall(("host %s\n" % peer[0]).encode()); c.close()
' "$LISTEN_PORT" > "$T/listener.log" 2>&1 &
	PIDS="$PIDS $!"
}

# mu_start MIN_LIFETIME: the router's miniupnpd
mu_start() {
	cat > "$T/mu.conf" <<EOF
ext_ifname=wan
ext_ifname6=wan
listening_ip=lan
enable_natpmp=yes
enable_upnp=no
secure_mode=yes
min_lifetime=$1
max_lifetime=86400
upnp_table_name=filter
upnp_nat_table_name=filter
upnp_forward_chain=miniupnpd
upnp_nat_chain=prerouting_miniupnpd
upnp_nat_postrouting_chain=postrouting_miniupnpd
uuid=3c0a3c0a-0000-4000-8000-0000000000ab
allow 1024-65535 192.0.2.0/24 1024-65535
EOF
	ip netns exec "$NS_R" "$MINIUPNPD" -d -f "$T/mu.conf" \
	    -P "$T/mu.pid" >> "$T/mu.log" 2>&1 &
	MU_PID=$!
	PIDS="$PIDS $MU_PID"
	i=0
	until ip netns exec "$NS_R" ss -Huln 'sport = :5351' | grep -q 5351; do
		i=$((i + 1))
		[ $i -lt 50 ] || { cat "$T/mu.log"; hard "miniupnpd did not start"; }
		sleep 0.1
	done
}

# mu_stop: stop it; mu_flush: forget every rule it made (a restart that
# loses state: miniupnpd leaves its rules behind when it stops)
mu_stop() {
	kill "$MU_PID" 2>/dev/null
	i=0
	while kill -0 "$MU_PID" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}
mu_flush() {
	for c in miniupnpd prerouting_miniupnpd postrouting_miniupnpd; do
		ip netns exec "$NS_R" nft flush chain inet filter $c
	done
}

# rules PORT: the router's rules for PORT (pinholes, DNAT)
rules() {
	ip netns exec "$NS_R" nft list table inet filter | grep "dport $1 "
}

# reach ADDRESS: the internet connects to ADDRESS port $LISTEN_PORT; true
# if the host's service answered
reach() {
	ip netns exec "$NS_I" timeout 5 $PY -c '
import socket, sys
try:
    s = socket.create_connection((sys.argv[1], int(sys.argv[2])), 2)
    b = s.recv(100).decode().strip()
except OSError:
    sys.exit(1)
print(b)
sys.exit(0 if b.startswith("host ") else 1)
' "$1" "$LISTEN_PORT" > "$T/reach.out" 2>&1
}

# servers_set LINE...: the host's server-list file for up0, replaced the
# way the dhcpcd hook does it (a temp file renamed over it)
servers_set() {
	: > "$SRV/.up0.tmp"
	for l in "$@"; do echo "$l" >> "$SRV/.up0.tmp"; done
	mv "$SRV/.up0.tmp" "$SRV/up0"
}

# map_start ARGS...: pcpsel map --json in the foreground mode, in the
# background; its events in $T/map.out
map_start() {
	ip netns exec "$NS_C" env PCPSEL_MAP_IRT_MS=${IRT_MS:-3000} \
	    "$PCPSEL" map --json --dir "$SRV" "$@" > "$T/map.out" \
	    2> "$T/map.err" &
	MAP_PID=$!
	PIDS="$PIDS $MAP_PID"
}

# map_stop [SIGNAL]: signal pcpsel map, wait (bounded) and keep its status
map_stop() {
	kill -"${1:-TERM}" "$MAP_PID"
	i=0
	while kill -0 "$MAP_PID" 2>/dev/null && [ $i -lt 150 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -0 "$MAP_PID" 2>/dev/null && fail "pcpsel map still runs 15 s after SIG${1:-TERM}"
	wait "$MAP_PID"
	MAP_RC=$?
}

# events EXPR: how many event lines e satisfy the Python expression
events() {
	$PY - "$T/map.out" "$1" <<'PYEOF'
import json, sys
n = 0
for line in open(sys.argv[1]):
    try:
        e = json.loads(line)
    except ValueError:
        print("not JSON: " + line, file=sys.stderr)
        sys.exit(2)
    if eval(sys.argv[2]):
        n += 1
print(n)
PYEOF
}

# wait_events N EXPR SECONDS: until N events match (bounded); fails the test
wait_events() {
	i=0
	while [ "$(events "$2")" -lt "$1" ]; do
		i=$((i + 1))
		[ $i -le $(($3 * 5)) ] || { echo "--- map.out"; cat "$T/map.out";
			echo "--- map.err"; cat "$T/map.err";
			fail "no $1 event(s) $2 within $3 s"; }
		sleep 0.2
	done
}

# last_event EXPR: the last event matching, as JSON, in $T/ev.json
last_event() {
	$PY - "$T/map.out" "$1" > "$T/ev.json" <<'PYEOF'
import json, sys
last = None
for line in open(sys.argv[1]):
    e = json.loads(line)
    if eval(sys.argv[2]):
        last = e
print(json.dumps(last))
PYEOF
}

# ev_check EXPR: a Python expression over e (the JSON in $T/ev.json)
ev_check() {
	$PY - "$T/ev.json" "$1" <<'PYEOF' || fail "check failed: $1 -- $(cat "$T/ev.json")"
import json, sys
e = json.load(open(sys.argv[1]))
sys.exit(0 if e is not None and eval(sys.argv[2]) else 1)
PYEOF
}

# granted_lifetime: the lifetime of the first granted event (servers clamp
# what is asked: miniupnpd 2.3.9 never grants less than 120 s, 2.3.1
# honours a lower min_lifetime); renew_bound: seconds by which a renewal
# of it is due at the latest (5/8 of it, RFC 6887 §11.2.1) plus slack
granted_lifetime() {
	$PY - "$T/map.out" <<'PYEOF'
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e["event"] == "granted":
        print(e["lifetime"])
        break
else:
    print(0)
PYEOF
}
renew_bound() {
	echo $(( $(granted_lifetime) * 5 / 8 + 10 ))
}
