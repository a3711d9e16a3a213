#!/bin/sh
# capture-map.sh - record real PCP MAP exchanges with Debian's miniupnpd
# (miniupnpd-nftables) for the fixtures of tests/unit/check_map.c.  Run as root;
# prints the transcript (miniupnpd-2.3.1-map.txt was made with it on
# Debian 12, miniupnpd 2.3.1).  Not part of `make check`.
#
# Built on the namespace harness of the tests (tests/netns/lib.sh): the
# topology of the pcpsel map tests (map_isp), namespaces named by ns_name
# (pcpsel-capture-map-<pid>-<role>), deleted at exit; miniupnpd started and
# stopped by its PID (mup_router, mup_stop), tcpdump likewise (cap_start,
# cap_stop).  The harness says nothing (NS_QUIET) and what it would say on
# an error goes to stderr: stdout (fd 3) carries the transcript only.
#
#   host  up0 ---- lan  a (router)  wan ---- toa  inet (the internet)
#
#   host: 192.0.2.10/24, 2001:db8:a:1::100/64
#   a: lan 192.0.2.1/24, 2001:db8:a:1::1/64 (PCP server, miniupnpd);
#      wan 192.0.3.1/24 (NAT44 external address: miniupnpd refuses
#      reserved ones, documentation ranges included, so this one is
#      outside them; it never leaves the namespaces), 2001:db8:ffa::a/64;
#      nftables: forward policy drop, masquerade (nft_router)
#   inet: 192.0.3.2/24, 2001:db8:ffa::1/64
#
# The requests come from tests/captures/pcpreq.py (built there, not by
# libpcpsel); tcpdump on the host's side records the unsolicited ANNOUNCEs
# of a restart.
set -u
[ "$(id -u)" -eq 0 ] || { echo "needs root" >&2; exit 77; }
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
D=$top_srcdir/tests/captures
NS_QUIET=1
. "$top_srcdir/tests/netns/lib.sh"
if [ ! -x "$MINIUPNPD" ]; then
	echo "capture-map.sh: no $MINIUPNPD (apt-get install miniupnpd-nftables)" >&2
	exit 77
fi
ns_usable nft tcpdump ss "$NS_PY" ||
    { echo "capture-map.sh: $NS_WHY" >&2; exit 77; }
exec 3>&1 1>&2
ns_init capture-map nft tcpdump ss

map_isp
# the PCP server: NAT44 and IPv6 pinholes on wan, PCP on lan, for the
# host's network, granting no less than 120 s
mu_start()
{
	mup_router a lan wan 120 "allow 1024-65535 192.0.2.0/24 1024-65535"
}
mu_start
cap_start host up0 "$T/cap.pcap" 'udp port 5350'
sleep 3	# some epoch before the first exchange

hx() { ns_exec host "$NS_PY" "$D/pcpreq.py" "$@" >&3; }
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
mup_stop a
mu_start
sleep 4
hx --tag v4-after-restart $V4 --nonce $NA --iport 8080 --eport 8080 --eaddr 192.0.3.1 --lifetime 600 --sport 40000
hx --tag v6-after-restart $V6 --nonce $NB --iport 8080 --eport 8080 --eaddr 2001:db8:a:1::100 --lifetime 600 --sport 40001
sleep 1
cap_stop "$T/cap.pcap"
"$NS_PY" - "$T/cap.pcap" >&3 <<'EOF'
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
