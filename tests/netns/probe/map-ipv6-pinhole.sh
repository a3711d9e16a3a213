#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# pcpsel map -6: the IPv6 pinhole of issue 21 on an ISP firewall (real
# nftables, real miniupnpd): blocked before, open after; sent from the
# host's public address, never the temporary or the link-local one, which
# is also the client IP; renewed within 1/2..5/8 of its lifetime (§11.2.1);
# on SIGTERM the delete (lifetime 0) goes out on the wire.  miniupnpd 2.3.1
# refuses a delete after a renewal (NOT_AUTHORIZED): then the pinhole must
# be reported as staying until it expires, and close at its expiry.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"

# has_temp: the host has a temporary address in 2001:db8:a:1::/64
has_temp()
{
	ip -n "$(ns_name host)" -6 addr show dev up0 temporary | grep -q 2001:db8:a:1:
}

# no_rule: the router has no rule for port 8080
no_rule()
{
	[ -z "$(nft_port a 8080)" ]
}

ns_init map-ipv6-pinhole nft tcpdump
mup_require
map_isp
# RFC 4941 temporary addresses in the same prefix, as a desktop has them
# (the kernel prefers them as sources): never the internal address
ns_exec host sysctl -qw net.ipv6.conf.up0.use_tempaddr=2
ip -n "$(ns_name host)" addr change 2001:db8:a:1::100/64 dev up0 mngtmpaddr \
    nodad || bail "mngtmpaddr"
ns_poll "a temporary address" has_temp || bail "no temporary address"
TEMP=$(ip -n "$(ns_name host)" -6 addr show dev up0 temporary |
    sed -n 's/.*inet6 \([^/]*\).*/\1/p' | head -n 1)
mup_router a lan wan 6 "allow 1024-65535 192.0.2.0/24 1024-65535"
D=$T/servers
servers_put "$D" up0 "server dhcpv6 2001:db8:a:1::1"
ns_listen host 8080
check_blocked "closed before any mapping" inet 2001:db8:a:1::100 8080

cap_start a lan "$T/wire.pcap" "udp port 5351"
map_start host "$D" -6 --lifetime 6 tcp 8080
check_events "granted" 1 'e["event"] == "granted"' 20
map_last 'e["event"] == "granted"'
check_ev "an IPv6 pinhole" 'e["family"] == 6 and e["mapping-type"] == "IPv6Firewall"'
check_ev "for the public address, not the temporary $TEMP" \
    'e["internal-address"] == "2001:db8:a:1::100" == e["external-address"]'
# the lifetime granted, as the server clamps it (reported with the request)
check_ev "lifetime asked 6, granted at least that" \
    'e["requested-lifetime"] == 6 and e["lifetime"] >= 6'
check_reach "the pinhole reaches the host" inet 2001:db8:a:1::100 8080
# a renewal: due between 1/2 and 5/8 of the granted lifetime
check_events "renewed" 1 'e["event"] == "renewed"' "$(map_renew_bound)"
map_stop TERM
check "pcpsel map exits 0" 0 "$MAP_RC"
cap_stop "$T/wire.pcap"

# on the wire: every request from 2001:db8:a:1::100 with it as client IP;
# the last one a delete (lifetime 0) of tcp 8080
if "$NS_PY" - "$T/wire.pcap" <<'PY' > "$T/wire.txt" 2>&1
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
for src, m in reqs:
    print("%s %s" % (ipaddress.ip_address(src), m.hex()))
ok = len(reqs) >= 3
for src, m in reqs:
    ok = ok and src == host and m[8:24] == host and len(m) == 60
    ok = ok and m[1] == 1 and struct.unpack("!H", m[40:42])[0] == 8080
last = reqs[-1][1] if reqs else b""
ok = ok and struct.unpack("!I", last[4:8])[0] == 0 and last[42:60] == bytes(18)
sys.exit(0 if ok else 1)
PY
then
	ok "every request from and for 2001:db8:a:1::100, the last a delete ($(wc -l < "$T/wire.txt") requests)"
else
	not_ok "every request from and for 2001:db8:a:1::100, the last a delete" \
	    "$(tr '\n' '|' < "$T/wire.txt")"
fi

if [ "$(map_events 'e["event"] == "deleted"')" -eq 1 ]; then
	check "the delete accepted: the rule is gone" "" "$(nft_port a 8080)"
else
	LT=$(map_lifetime)
	map_last 'e["event"] == "delete-failed"'
	check_ev "the delete refused (NOT_AUTHORIZED): reported with its expiry" \
	    'e["result"] == "NOT_AUTHORIZED" and 0 < e["expires-in"] <= '"$LT"
	if [ -n "$(nft_port a 8080)" ]; then
		ok "a refused delete: the rule stays"
	else
		not_ok "a refused delete: the rule stays" "the rule is gone"
	fi
	# it expires on the server's clock: gone within its lifetime
	NS_TIMEOUT=$((LT + 10)) ns_poll "the pinhole to expire" no_rule
	check "the pinhole expired within its lifetime" "" "$(nft_port a 8080)"
fi
check_blocked "closed after the stop" inet 2001:db8:a:1::100 8080
finish
