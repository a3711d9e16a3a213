#!/bin/sh
# The seed's picture (issue 21): an IPv6 host with addresses from two ISPs,
# each ISP router an nftables firewall (forward policy drop) with miniupnpd
# as its PCP server, and an "internet" namespace routing each prefix to its
# ISP.  One `pcpsel map -6 tcp 8080` opens a pinhole on both firewalls,
# each for the host's address in that ISP's prefix (never the other ISP's:
# P-MAP-1), in both shapes of multihoming:
#   uplinks: two interfaces, one ISP each (a server-list file each);
#   link:    one interface, two routers on the same link (a bridge), both
#            servers in that interface's file.
# Blocked before, both reachable after, each rule only on its own router,
# closed again after SIGTERM.
. "${top_srcdir:-.}/tests/probe/lib.sh"
command -v nft >/dev/null 2>&1 || skip "nftables missing"
PORT=8080
SRV=$T/servers
mkdir -p "$SRV"

ruleset() {
	cat <<'EOF'
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
	}
	chain prerouting_miniupnpd {
	}
	chain postrouting_miniupnpd {
	}
}
EOF
}

# router NS X: ISP X's router (a or b): lan 2001:db8:X:1::1/64 (its PCP
# server), wan 2001:db8:ffX::X/64, its firewall and miniupnpd
router() {
	ns=$1 x=$2
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.forwarding=1
	ip -n "$ns" addr add 2001:db8:$x:1::1/64 dev lan nodad
	ip -n "$ns" addr add 2001:db8:ff$x::$x/64 dev wan nodad
	ip -n "$ns" link set lan up
	ip -n "$ns" link set wan up
	ip -n "$ns" -6 route add default via 2001:db8:ff$x::1
	ruleset | ip netns exec "$ns" nft -f - || hard "ruleset $x"
	cat > "$T/mu-$x$s.conf" <<EOF
ext_ifname=wan
ext_ifname6=wan
listening_ip=lan
enable_natpmp=yes
enable_upnp=no
secure_mode=yes
min_lifetime=120
upnp_table_name=filter
upnp_nat_table_name=filter
upnp_forward_chain=miniupnpd
upnp_nat_chain=prerouting_miniupnpd
upnp_nat_postrouting_chain=postrouting_miniupnpd
uuid=3c0a3c0a-0000-4000-8000-0000000000c$x
EOF
	ip netns exec "$ns" "$MINIUPNPD" -d -f "$T/mu-$x$s.conf" \
	    -P "$T/mu-$x$s.pid" > "$T/mu-$x$s.log" 2>&1 &
	PIDS="$PIDS $!"
	i=0
	until ip netns exec "$ns" ss -Huln 'sport = :5351' | grep -q 5351; do
		i=$((i + 1))
		[ $i -lt 50 ] || { cat "$T/mu-$x$s.log"; hard "miniupnpd $x"; }
		sleep 0.1
	done
}

# shape SHAPE: builds the namespaces of one shape (uplinks or link)
shape() {
	s=$1
	H=pph$s$ID RA=ppa$s$ID RB=ppb$s$ID I=ppi$s$ID
	for n in $H $RA $RB $I; do ns_add "$n"; done
	ip link add wan netns $RA type veth peer name toa netns $I
	ip link add wan netns $RB type veth peer name tob netns $I
	if [ "$s" = uplinks ]; then
		ip link add lan netns $RA type veth peer name up0 netns $H
		ip link add lan netns $RB type veth peer name up1 netns $H
		IFA=up0 IFB=up1
	else
		# one link: the host's interface is a bridge with both
		# routers on it
		ip -n $H link add up0 type bridge
		ip link add lan netns $RA type veth peer name pa netns $H
		ip link add lan netns $RB type veth peer name pb netns $H
		ip -n $H link set pa master up0
		ip -n $H link set pb master up0
		ip -n $H link set pa up
		ip -n $H link set pb up
		IFA=up0 IFB=up0
	fi
	router $RA a
	router $RB b
	for x in a b; do
		if [ $x = a ]; then d=$IFA t=101; else d=$IFB t=102; fi
		ip -n $H addr add 2001:db8:$x:1::100/64 dev $d nodad
		ip -n $H link set $d up
		# replies leave by the ISP they came in through
		ip -n $H -6 route add default via 2001:db8:$x:1::1 dev $d table $t
		ip -n $H -6 rule add from 2001:db8:$x::/48 table $t pref $((1000 + t))
		ip -n $I addr add 2001:db8:ff$x::1/64 dev to$x nodad
		ip -n $I link set to$x up
		ip -n $I -6 route add 2001:db8:$x::/48 via 2001:db8:ff$x::$x
	done
	ip -n $H -6 route add default via 2001:db8:a:1::1 dev $IFA
	rm -f "$SRV"/*
	if [ "$s" = uplinks ]; then
		echo "server dhcpv6 2001:db8:a:1::1" > "$SRV/up0"
		echo "server dhcpv6 2001:db8:b:1::1" > "$SRV/up1"
	else
		printf 'server dhcpv6 2001:db8:a:1::1\nserver dhcpv6 2001:db8:b:1::1\n' \
		    > "$SRV/up0"
	fi
	ip netns exec $H timeout 120 $PY -c '
import socket, sys, time
s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("::", int(sys.argv[1]))); s.listen(16); s.settimeout(1.0)
end = time.time() + 110
while time.time() < end:
    try:
        c, peer = s.accept()
    except socket.timeout:
        continue
    c.sendall(("host %s\n" % c.getsockname()[0]).encode()); c.close()
' $PORT > "$T/listener-$s.log" 2>&1 &
	PIDS="$PIDS $!"
	sleep 0.5
}

# reach ADDRESS: the internet reaches the host's service at ADDRESS
reach() {
	ip netns exec $I timeout 5 $PY -c '
import socket, sys
try:
    s = socket.create_connection((sys.argv[1], int(sys.argv[2])), 2)
    b = s.recv(100).decode().strip()
except OSError:
    sys.exit(1)
sys.exit(0 if b == "host " + sys.argv[1] else 1)
' "$1" $PORT
}

# rule NS ADDRESS: NS's firewall has the pinhole for ADDRESS port 8080
rule() {
	h=$($PY -c 'import ipaddress,sys; print("0x" + ipaddress.ip_address(sys.argv[1]).packed.hex())' "$2")
	ip netns exec "$1" nft list chain inet filter miniupnpd |
	    grep -q "dport $PORT @nh,192,128 $h "
}

for s in uplinks link; do
	shape $s
	reach 2001:db8:a:1::100 && fail "$s: open through A before any mapping"
	reach 2001:db8:b:1::100 && fail "$s: open through B before any mapping"
	ip netns exec $H "$PCPSEL" map -6 --json --dir "$SRV" tcp $PORT \
	    > "$T/map-$s.out" 2> "$T/map-$s.err" &
	MP=$!
	PIDS="$PIDS $MP"
	i=0
	until [ "$(grep -c '"event":"granted"' "$T/map-$s.out")" -ge 2 ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || fail "$s: not two pinholes in 20 s: $(cat "$T/map-$s.out" "$T/map-$s.err")"
		sleep 0.2
	done
	$PY - "$T/map-$s.out" $s <<'PYEOF' || fail "$s: events: $(cat "$T/map-$s.out")"
import json, sys
g = {}
for l in open(sys.argv[1]):
    e = json.loads(l)
    if e["event"] == "granted":
        g[e["server"]] = e
ok = (g["2001:db8:a:1::1"]["internal-address"] == "2001:db8:a:1::100"
      and g["2001:db8:b:1::1"]["internal-address"] == "2001:db8:b:1::100"
      and all(e["mapping-type"] == "IPv6Firewall" for e in g.values()))
if sys.argv[2] == "uplinks":
    ok = ok and g["2001:db8:a:1::1"]["interface"] == "up0"
    ok = ok and g["2001:db8:b:1::1"]["interface"] == "up1"
sys.exit(0 if ok else 1)
PYEOF
	rule $RA 2001:db8:a:1::100 || fail "$s: no pinhole on A"
	rule $RB 2001:db8:b:1::100 || fail "$s: no pinhole on B"
	rule $RA 2001:db8:b:1::100 && fail "$s: B's address opened on A"
	rule $RB 2001:db8:a:1::100 && fail "$s: A's address opened on B"
	reach 2001:db8:a:1::100 || fail "$s: not reachable through A"
	reach 2001:db8:b:1::100 || fail "$s: not reachable through B"
	kill -TERM $MP
	i=0
	while kill -0 $MP 2>/dev/null && [ $i -lt 150 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	wait $MP || fail "$s: pcpsel map exit $?"
	[ "$(grep -c '"event":"deleted"' "$T/map-$s.out")" -eq 2 ] ||
	    fail "$s: not two deletes: $(cat "$T/map-$s.out")"
	reach 2001:db8:a:1::100 && fail "$s: open through A after SIGTERM"
	reach 2001:db8:b:1::100 && fail "$s: open through B after SIGTERM"
	echo "ok $s: a pinhole per ISP for its own address, reached, closed"
done
echo "PASS: both shapes of IPv6 multihoming"
exit 0
