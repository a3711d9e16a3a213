#!/bin/sh
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
. "${top_srcdir:-.}/tests/probe/lib.sh"
. "${top_srcdir:-.}/tests/probe/map-lib.sh"

isp_up
mu_start 20
servers_set "server dhcpv4 192.0.2.1" "server dhcpv6 2001:db8:a:1::1"
# the epoch must have run a few seconds for a restart to be seen (§8.5)
sleep 3
map_start --lifetime 20 tcp $LISTEN_PORT
wait_events 2 'e["event"] == "granted"' 20
# a renewal round on both sides first
wait_events 2 'e["event"] == "renewed"' "$(renew_bound)"
reach 192.0.3.1 || fail "NAT44 not reachable before the restart"
reach 2001:db8:a:1::100 || fail "pinhole not open before the restart"

mu_stop
mu_flush
reach 192.0.3.1 && fail "NAT44 still open with the state lost"
reach 2001:db8:a:1::100 && fail "pinhole still open with the state lost"
# down over a renewal: port unreachable (hard) fails it at once; the
# mapping is tried again at the next RFC 6887 §11.2.1 point (3/4 of the
# lifetime), not 15 minutes later (RFC 7488 §3 step 5 is for finding a
# server, not for keeping a mapping)
wait_events 1 'e["event"] == "no-response" and e["family"] == 6' "$(renew_bound)"
last_event 'e["event"] == "no-response" and e["family"] == 6'
ev_check 'e["next-in"] <= '"$(granted_lifetime)"
N0=$(wc -l < "$T/map.out")
mu_start 20

# back within one renewal round (5/8 of the lifetime), with slack
wait_events 2 'e["event"] == "restarted"' "$(renew_bound)"
# IPv4: from the ANNOUNCE, re-created after a random 0-5 s ("next-in");
# IPv6: from the renewal's answer, which re-created it already
wait_events 1 'e["event"] == "restarted" and e["family"] == 4 and "next-in" in e' 1
wait_events 1 'e["event"] == "restarted" and e["family"] == 6 and "next-in" not in e' 1
# after each restart, the mapping answered again (renewed or granted)
$PY - "$T/map.out" "$N0" <<'PYEOF' || fail "no mapping after the restart: $(tail -n +$((N0 + 1)) "$T/map.out")"
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
PYEOF
reach 192.0.3.1 || fail "NAT44 not reachable after the restart"
reach 2001:db8:a:1::100 || fail "pinhole not open after the restart"
map_stop TERM
[ "$MAP_RC" -eq 0 ] || fail "pcpsel map exit $MAP_RC"
echo "PASS: restart seen on IPv4 (ANNOUNCE) and IPv6 (epoch), both mappings back and reachable"
exit 0
