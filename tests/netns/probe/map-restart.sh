#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# pcpsel map across a restart of the PCP server that loses its state
# (miniupnpd stopped, its rules flushed, started again: a new epoch).  The
# IPv4 side hears the unsolicited ANNOUNCE (RFC 6887 §14.1.3, 224.0.0.1)
# and re-creates at once; on the IPv6 side miniupnpd announces from its
# link-local address, which is no server address, so the restart shows in
# the epoch of the next renewal's answer (§8.5).  The server stays down
# over a renewal, which fails at once (port unreachable); the retry comes
# at the next §11.2.1 point.  Both mappings must be
# back within one renewal round (5/8 of the granted lifetime: 12.5 s with
# miniupnpd 2.3.1 and min_lifetime 20, 75 s with 2.3.9, which grants 120
# at least; a lifetime of 20 s leaves room for the retry 4 s after the
# failure, §11.2.1), and the internet must reach the host again through
# both.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"

ns_init map-restart nft
mup_require
map_isp
ALLOW="allow 1024-65535 192.0.2.0/24 1024-65535"
mup_router a lan wan 20 "$ALLOW"
D=$T/servers
servers_put "$D" up0 "server dhcpv4 192.0.2.1" "server dhcpv6 2001:db8:a:1::1"
ns_listen host 8080
# the epoch must have run a few seconds for a restart to be seen (§8.5)
sleep 3
map_start host "$D" --lifetime 20 tcp 8080
check_events "two mappings granted" 2 'e["event"] == "granted"' 20
# a renewal round on both sides first
check_events "both renewed" 2 'e["event"] == "renewed"' "$(map_renew_bound)"
check_reach "NAT44 reaches the host before the restart" inet 192.0.3.1 8080
check_reach "the pinhole reaches the host before the restart" inet \
    2001:db8:a:1::100 8080

mup_stop a
mup_flush a
check_blocked "NAT44 closed with the state lost" inet 192.0.3.1 8080
check_blocked "pinhole closed with the state lost" inet 2001:db8:a:1::100 8080
# down over a renewal: port unreachable (hard) fails it at once; the
# mapping is tried again at the next RFC 6887 §11.2.1 point (3/4 of the
# lifetime), not 15 minutes later (RFC 7488 §3 step 5 is for finding a
# server, not for keeping a mapping)
check_events "IPv6: no-response while the server is down" 1 \
    'e["event"] == "no-response" and e["family"] == 6' "$(map_renew_bound)"
map_last 'e["event"] == "no-response" and e["family"] == 6'
check_ev "IPv6: retried within the lifetime" 'e["next-in"] <= '"$(map_lifetime)"
N0=$(wc -l < "$T/map.out")
mup_router a lan wan 20 "$ALLOW"

# back within one renewal round (5/8 of the lifetime), with slack
check_events "both restarts seen" 2 'e["event"] == "restarted"' \
    "$(map_renew_bound)"
# IPv4: from the ANNOUNCE, re-created after a random 0-5 s ("next-in");
# IPv6: from the renewal's answer, which re-created it already
check_events "IPv4: seen from the ANNOUNCE" 1 \
    'e["event"] == "restarted" and e["family"] == 4 and "next-in" in e' 1
check_events "IPv6: seen from the renewal's answer" 1 \
    'e["event"] == "restarted" and e["family"] == 6 and "next-in" not in e' 1
# after each restart, the mapping answered again (renewed or granted)
if "$NS_PY" - "$T/map.out" "$N0" <<'PY'
import json, sys, time
for tries in range(500):
    evs = [json.loads(l) for l in open(sys.argv[1])][int(sys.argv[2]):]
    back = set()
    for fam in (4, 6):
        seen = False
        for e in evs:
            if e["family"] != fam:
                continue
            if e["event"] == "restarted":
                seen = True
            elif seen and e["event"] in ("renewed", "granted", "changed"):
                back.add(fam)
    if back == {4, 6}:
        sys.exit(0)
    time.sleep(0.2)
sys.exit(1)
PY
then
	ok "both mappings answered again after the restart"
else
	not_ok "both mappings answered again after the restart" \
	    "$(tail -n +$((N0 + 1)) "$T/map.out" | tr '\n' '|')"
fi
check_reach "NAT44 reaches the host after the restart" inet 192.0.3.1 8080
check_reach "the pinhole reaches the host after the restart" inet \
    2001:db8:a:1::100 8080
map_stop TERM
check "pcpsel map exits 0" 0 "$MAP_RC"
finish
