#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Renumbering (RFC 6887 §11.5, issue 21): the host's address in the ISP's
# prefix changes while pcpsel map holds a pinhole for it.  The kernel's
# address notification (rtnetlink) makes pcpsel map re-read the addresses;
# the old address, now deprecated, loses its pinhole (deleted from it), the
# new one gets one: the internet reaches the new address, no longer the old.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"

ns_init map-renumbering nft
mup_require
map_isp
mup_router a lan wan 120 "allow 1024-65535 192.0.2.0/24 1024-65535"
D=$T/servers
servers_put "$D" up0 "server dhcpv6 2001:db8:a:1::1"
ns_listen host 8080
map_start host "$D" -6 tcp 8080
check_events "granted" 1 'e["event"] == "granted"' 20
check_reach "the first address reached" inet 2001:db8:a:1::100 8080

# the new address; the old one deprecated (RFC 6724 Rule 3), as a prefix
# being withdrawn leaves it
ns_addr host up0 2001:db8:a:1::200/64
ip -n "$(ns_name host)" addr change 2001:db8:a:1::100/64 dev up0 \
    preferred_lft 0 nodad || bail "deprecate"
check_events "the old address's pinhole deleted" 1 \
    'e["event"] == "deleted" and e["internal-address"] == "2001:db8:a:1::100"' 15
check_events "the new address's pinhole granted" 1 \
    'e["event"] == "granted" and e["internal-address"] == "2001:db8:a:1::200"' 15
check_reach "the new address reached" inet 2001:db8:a:1::200 8080
check_blocked "the old address closed" inet 2001:db8:a:1::100 8080
check "two granted events" 2 "$(map_events 'e["event"] == "granted"')"
map_stop TERM
check "pcpsel map exits 0" 0 "$MAP_RC"
finish
