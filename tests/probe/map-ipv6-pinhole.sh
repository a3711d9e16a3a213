#!/bin/sh
# pcpsel map -6: the IPv6 pinhole of issue 21 on an ISP firewall (real
# nftables, real miniupnpd): blocked before, open after; sent from the
# host's public address, never the temporary or the link-local one, which
# is also the client IP; renewed within 1/2..5/8 of its lifetime (§11.2.1);
# on SIGTERM the delete (lifetime 0) goes out on the wire.  miniupnpd 2.3.1
# refuses a delete after a renewal (NOT_AUTHORIZED): then the pinhole must
# be reported as staying until it expires, and close at its expiry.
. "${top_srcdir:-.}/tests/probe/lib.sh"
. "${top_srcdir:-.}/tests/probe/map-lib.sh"
command -v tcpdump >/dev/null 2>&1 || skip "tcpdump missing"

isp_up
# RFC 4941 temporary addresses in the same prefix, as a desktop has them
# (the kernel prefers them as sources): never the internal address
ip netns exec "$NS_C" sysctl -qw net.ipv6.conf.up0.use_tempaddr=2
ip -n "$NS_C" addr change 2001:db8:a:1::100/64 dev up0 mngtmpaddr nodad ||
	hard "mngtmpaddr"
i=0
until ip -n "$NS_C" -6 addr show dev up0 temporary | grep -q 2001:db8:a:1:; do
	i=$((i + 1))
	[ $i -lt 50 ] || hard "no temporary address"
	sleep 0.1
done
TEMP=$(ip -n "$NS_C" -6 addr show dev up0 temporary | sed -n 's/.*inet6 \([^/]*\).*/\1/p' | head -n 1)
mu_start 6
servers_set "server dhcpv6 2001:db8:a:1::1"
reach 2001:db8:a:1::100 && fail "open before any mapping"

ip netns exec "$NS_R" timeout 300 tcpdump -i lan -U -w "$T/wire.pcap" \
    'udp port 5351' > /dev/null 2>&1 &
PIDS="$PIDS $!"
sleep 1
map_start -6 --lifetime 6 tcp $LISTEN_PORT
wait_events 1 'e["event"] == "granted"' 20
last_event 'e["event"] == "granted"'
ev_check 'e["family"] == 6 and e["mapping-type"] == "IPv6Firewall"'
ev_check 'e["internal-address"] == "2001:db8:a:1::100" == e["external-address"]'
# the lifetime granted, as the server clamps it (reported with the request)
ev_check 'e["requested-lifetime"] == 6 and e["lifetime"] >= 6'
reach 2001:db8:a:1::100 || fail "pinhole not open: $(cat "$T/reach.out")"
# a renewal: due between 1/2 and 5/8 of the granted lifetime
wait_events 1 'e["event"] == "renewed"' "$(renew_bound)"
map_stop TERM
[ "$MAP_RC" -eq 0 ] || fail "pcpsel map exit $MAP_RC: $(cat "$T/map.err")"
sleep 1

# on the wire: every request from 2001:db8:a:1::100 with it as client IP;
# the last one a delete (lifetime 0) of tcp 8080
$PY - "$T/wire.pcap" <<'PYEOF' || fail "the wire: $(cat "$T/wire.txt")"
import ipaddress, struct, sys
d = open(sys.argv[1], "rb").read()
off, reqs = 24, []
host = ipaddress.ip_address("2001:db8:a:1::100").packed
while off + 16 <= len(d):
    incl = struct.unpack("<IIII", d[off:off + 16])[2]
    p = d[off + 16:off + 16 + incl][14:]
    off += 16 + incl
    if p[0] >> 4 != 6 or p[6] != 17:
        continue
    udp = p[40:]
    if struct.unpack("!H", udp[2:4])[0] != 5351:
        continue
    msg = udp[8:]
    reqs.append((p[8:24], msg))
with open(sys.argv[1].replace("wire.pcap", "wire.txt"), "w") as f:
    for src, m in reqs:
        f.write("%s %s\n" % (ipaddress.ip_address(src), m.hex()))
ok = len(reqs) >= 3
for src, m in reqs:
    ok = ok and src == host and m[8:24] == host and len(m) == 60
    ok = ok and m[1] == 1 and struct.unpack("!H", m[40:42])[0] == 8080
last = reqs[-1][1] if reqs else b""
ok = ok and struct.unpack("!I", last[4:8])[0] == 0 and last[42:60] == bytes(18)
sys.exit(0 if ok else 1)
PYEOF

if [ "$(events 'e["event"] == "deleted"')" -eq 1 ]; then
	[ -z "$(rules 8080)" ] || fail "deleted, but the rule is still there"
	echo "the delete was accepted"
else
	LT=$(granted_lifetime)
	last_event 'e["event"] == "delete-failed"'
	ev_check 'e["result"] == "NOT_AUTHORIZED" and 0 < e["expires-in"] <= '"$LT"
	[ -n "$(rules 8080)" ] || fail "a refused delete, but the rule is gone"
	# it expires on the server's clock: gone within its lifetime
	i=0
	while [ -n "$(rules 8080)" ] && [ $i -lt $(( (LT + 10) * 5 )) ]; do
		sleep 0.2
		i=$((i + 1))
	done
	[ -z "$(rules 8080)" ] || fail "the pinhole outlived its lifetime"
	echo "the delete was refused (NOT_AUTHORIZED): reported, pinhole expired"
fi
reach 2001:db8:a:1::100 && fail "open after the stop"
echo "PASS: pinhole granted from 2001:db8:a:1::100 (not the temporary $TEMP), reached, renewed, delete on the wire ($(wc -l < "$T/wire.txt") requests)"
exit 0
