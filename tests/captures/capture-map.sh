#!/bin/sh
# capture-map.sh - record real PCP MAP exchanges with Debian's miniupnpd
# (miniupnpd-nftables) for the fixtures of tests/unit/check_map.c.  Run as root;
# prints the transcript (miniupnpd-2.3.1-map.txt was made with it on
# Debian 12, miniupnpd 2.3.1).  Not part of `make check`.
#
# Topology (namespaces named cap<role><pid>, deleted at the end):
#
#   host  up0 ---- lan  router  wan ---- net0  internet
#
#   host: 192.0.2.10/24, 2001:db8:a:1::100/64
#   router: lan 192.0.2.1/24, 2001:db8:a:1::1/64 (PCP server, miniupnpd);
#           wan 192.0.3.1/24 (NAT44 external address: miniupnpd refuses
#           reserved ones, documentation ranges included, so this one
#           is outside them; it never leaves the namespaces),
#           2001:db8:ffa::a/64; nftables: forward policy drop, masquerade
#   internet: 192.0.3.2/24, 2001:db8:ffa::1/64
#
# The requests come from tests/captures/pcpreq.py (built there, not by
# libpcpsel); tcpdump on the host's side records the unsolicited ANNOUNCEs
# of a restart.
set -u
[ "$(id -u)" -eq 0 ] || { echo "needs root" >&2; exit 77; }
D=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
ID=$$
H=caph$ID R=capr$ID I=capi$ID
T=$(mktemp -d /tmp/capture-map.XXXXXX) || exit 1
PIDS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	for p in $PIDS; do wait "$p" 2>/dev/null; done
	for n in $H $R $I; do ip netns del "$n" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

for n in $H $R $I; do
	ip netns add "$n" || exit 1
	ip -n "$n" link set lo up
	ip netns exec "$n" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
	    net.ipv6.conf.default.accept_dad=0
done
ip -n $R link add lan type veth peer name up0 netns $H
ip -n $R link add wan type veth peer name net0 netns $I
ip netns exec $R sysctl -qw net.ipv4.ip_forward=1 \
    net.ipv6.conf.all.forwarding=1
ip -n $R addr add 192.0.2.1/24 dev lan
ip -n $R addr add 2001:db8:a:1::1/64 dev lan nodad
ip -n $R addr add 192.0.3.1/24 dev wan
ip -n $R addr add 2001:db8:ffa::a/64 dev wan nodad
ip -n $R link set lan up
ip -n $R link set wan up
ip -n $R -6 route add default via 2001:db8:ffa::1
ip -n $H addr add 192.0.2.10/24 dev up0
ip -n $H addr add 2001:db8:a:1::100/64 dev up0 nodad
ip -n $H link set up0 up
ip -n $H route add default via 192.0.2.1
ip -n $H -6 route add default via 2001:db8:a:1::1
ip -n $I addr add 192.0.3.2/24 dev net0
ip -n $I addr add 2001:db8:ffa::1/64 dev net0 nodad
ip -n $I link set net0 up
ip -n $I -6 route add 2001:db8:a::/48 via 2001:db8:ffa::a
ip netns exec $R nft -f - <<'EOF' || exit 1
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
cat > "$T/mu.conf" <<EOF
ext_ifname=wan
ext_ifname6=wan
listening_ip=lan
enable_natpmp=yes
enable_upnp=no
secure_mode=yes
min_lifetime=120
max_lifetime=86400
upnp_table_name=filter
upnp_nat_table_name=filter
upnp_forward_chain=miniupnpd
upnp_nat_chain=prerouting_miniupnpd
upnp_nat_postrouting_chain=postrouting_miniupnpd
uuid=3c0a3c0a-0000-4000-8000-0000000000aa
allow 1024-65535 192.0.2.0/24 1024-65535
EOF
mu_start() {
	ip netns exec $R /usr/sbin/miniupnpd -d -f "$T/mu.conf" \
	    -P "$T/mu.pid" > "$T/mu.log" 2>&1 &
	MUPID=$!
	PIDS="$PIDS $MUPID"
	i=0
	until ip netns exec $R ss -Huln 'sport = :5351' | grep -q 5351; do
		i=$((i + 1))
		[ $i -lt 50 ] || { cat "$T/mu.log" >&2; exit 1; }
		sleep 0.1
	done
}
mu_stop() {
	kill "$MUPID"
	i=0
	while kill -0 "$MUPID" 2>/dev/null && [ $i -lt 30 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}
mu_start
ip netns exec $H timeout 60 tcpdump -i up0 -w "$T/cap.pcap" -U \
    'udp port 5350' 2>/dev/null &
PIDS="$PIDS $!"
sleep 3	# some epoch before the first exchange

hx() { ip netns exec $H $PY "$D/pcpreq.py" "$@"; }
V4="--server 192.0.2.1 --src 192.0.2.10"
V6="--server 2001:db8:a:1::1 --src 2001:db8:a:1::100"
NA=a1a2a3a4a5a6a7a8a9aaabac
NB=b1b2b3b4b5b6b7b8b9babbbc
hx --tag v4-announce --op ANNOUNCE $V4
hx --tag v4-map $V4 --nonce $NA --iport 8080 --eport 8080 --lifetime 600 --sport 40000
hx --tag v4-renew $V4 --nonce $NA --iport 8080 --eport 8080 --eaddr 192.0.3.1 --lifetime 600 --sport 40000
hx --tag v4-del-after-renew $V4 --nonce $NA --iport 8080 --lifetime 0 --sport 40000
hx --tag v4-map-short $V4 --nonce $NA --iport 8081 --lifetime 30
hx --tag v4-map-long $V4 --nonce $NA --iport 8082 --lifetime 999999
hx --tag v4-del $V4 --nonce $NA --iport 8082 --lifetime 0
hx --tag v4-del-unknown $V4 --nonce $NA --iport 8083 --lifetime 0
hx --tag v4-del-other-nonce $V4 --nonce $NB --iport 8081 --lifetime 0
hx --tag v4-mismatch $V4 --client-ip 192.0.2.99 --nonce $NA --iport 8084 --lifetime 600
hx --tag v4-version1 --version 1 $V4 --nonce $NA --iport 8085 --lifetime 600
hx --tag v4-version3 --version 3 $V4 --nonce $NA --iport 8085 --lifetime 600
hx --tag v4-udp --proto 17 $V4 --nonce $NA --iport 5000 --lifetime 600
hx --tag v4-proto0 --proto 0 $V4 --nonce $NA --iport 5000 --lifetime 600
hx --tag v6-announce --op ANNOUNCE $V6
hx --tag v6-map $V6 --nonce $NB --iport 8080 --lifetime 600 --sport 40001
hx --tag v6-renew $V6 --nonce $NB --iport 8080 --eport 8080 --eaddr 2001:db8:a:1::100 --lifetime 600 --sport 40001
hx --tag v6-del-after-renew $V6 --nonce $NB --iport 8080 --lifetime 0 --sport 40001
hx --tag v6-map2 $V6 --nonce $NB --iport 8090 --lifetime 600
hx --tag v6-del $V6 --nonce $NB --iport 8090 --lifetime 0
hx --tag v6-mismatch $V6 --client-ip 2001:db8:a:1::99 --nonce $NB --iport 8091 --lifetime 600
hx --tag v6-short $V6 --nonce $NB --iport 8092 --lifetime 30
# a restart: a new epoch, unsolicited ANNOUNCEs to 224.0.0.1 and ff02::1
mu_stop
mu_start
sleep 4
hx --tag v4-after-restart $V4 --nonce $NA --iport 8080 --eport 8080 --eaddr 192.0.3.1 --lifetime 600 --sport 40000
hx --tag v6-after-restart $V6 --nonce $NB --iport 8080 --eport 8080 --eaddr 2001:db8:a:1::100 --lifetime 600 --sport 40001
sleep 1
$PY - "$T/cap.pcap" <<'EOF'
import ipaddress, struct, sys
d = open(sys.argv[1], "rb").read()
off = 24
while off + 16 <= len(d):
    incl = struct.unpack("<IIII", d[off:off + 16])[2]
    pkt = d[off + 16:off + 16 + incl]
    off += 16 + incl
    eth = struct.unpack("!H", pkt[12:14])[0]
    if eth == 0x0800:
        ip = pkt[14:]
        udp = ip[(ip[0] & 15) * 4:]
        src = ipaddress.IPv4Address(ip[12:16])
    elif eth == 0x86dd:
        ip = pkt[14:]
        udp = ip[40:]
        src = ipaddress.IPv6Address(ip[8:24])
    else:
        continue
    if struct.unpack("!H", udp[2:4])[0] == 5350:
        print("unsolicited-announce-v%d from %s %s" % (src.version, src, udp[8:].hex()))
EOF
