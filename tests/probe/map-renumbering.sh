#!/bin/sh
# Renumbering (RFC 6887 §11.5, issue 21): the host's address in the ISP's
# prefix changes while pcpsel map holds a pinhole for it.  The kernel's
# address notification (rtnetlink) makes pcpsel map re-read the addresses;
# the old address, now deprecated, loses its pinhole (deleted from it), the
# new one gets one: the internet reaches the new address, no longer the old.
. "${top_srcdir:-.}/tests/probe/lib.sh"
. "${top_srcdir:-.}/tests/probe/map-lib.sh"

isp_up
mu_start 120
servers_set "server dhcpv6 2001:db8:a:1::1"
map_start -6 tcp $LISTEN_PORT
wait_events 1 'e["event"] == "granted"' 20
reach 2001:db8:a:1::100 || fail "the first address not reachable"

# the new address; the old one deprecated (RFC 6724 Rule 3), as a prefix
# being withdrawn leaves it
ip -n "$NS_C" addr add 2001:db8:a:1::200/64 dev up0 nodad || hard "new address"
ip -n "$NS_C" addr change 2001:db8:a:1::100/64 dev up0 preferred_lft 0 nodad ||
	hard "deprecate"
wait_events 1 'e["event"] == "deleted" and e["internal-address"] == "2001:db8:a:1::100"' 15
wait_events 1 'e["event"] == "granted" and e["internal-address"] == "2001:db8:a:1::200"' 15
reach 2001:db8:a:1::200 || fail "the new address not reachable"
reach 2001:db8:a:1::100 && fail "the old address still reachable"
[ "$(events 'e["event"] == "granted"')" -eq 2 ] || fail "events: $(cat "$T/map.out")"
map_stop TERM
[ "$MAP_RC" -eq 0 ] || fail "pcpsel map exit $MAP_RC"
echo "PASS: the pinhole moved from 2001:db8:a:1::100 to 2001:db8:a:1::200"
exit 0
