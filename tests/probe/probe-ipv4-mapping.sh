#!/bin/sh
# Case 5: an IPv4 mapping is wanted and the server is reachable over IPv4
# and IPv6: the IPv4 address is used (RFC 7488 §5, P-FAM-1), while without
# the mapping family RFC 6724 prefers IPv6 (the contrast of vector O1/O2).
. "${top_srcdir:-.}/tests/probe/lib.sh"

ns_add "$NS_C"
ns_add "$NS_S1"
link "$NS_S1" ppsa ppca
ip -n "$NS_S1" addr add 192.0.2.1/24 dev ppsa
ip -n "$NS_S1" addr add 2001:db8:1::1/64 dev ppsa nodad
ip -n "$NS_C" addr add 192.0.2.10/24 dev ppca
ip -n "$NS_C" addr add 2001:db8:1::10/64 dev ppca nodad
miniupnpd_start "$NS_S1" ppsa
servers ppca "server dhcpv4,dhcpv6 2001:db8:1::1 192.0.2.1"

probe --timeout 10 --mapping 4
[ "$PROBE_RC" -eq 0 ] || fail "probe exit $PROBE_RC"
check 'srv()["addresses"] == ["192.0.2.1", "2001:db8:1::1"]'
check 'srv()["address_in_use"] == "192.0.2.1"'
check 'list(tried()) == ["192.0.2.1"]'
check 'srv()["result"] == "SUCCESS"'

probe --timeout 10 --mapping 6
[ "$PROBE_RC" -eq 0 ] || fail "probe exit $PROBE_RC (mapping 6)"
check 'srv()["address_in_use"] == "2001:db8:1::1"'
echo "PASS: --mapping 4 uses 192.0.2.1, --mapping 6 uses 2001:db8:1::1"
exit 0
