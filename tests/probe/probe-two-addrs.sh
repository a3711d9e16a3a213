#!/bin/sh
# Case 1: a server with two addresses, both answering: the RFC 6724-first
# one is in use (RFC 7488 §3 steps 2-4).  The file lists 192.0.2.1 first;
# with sources of both families RFC 6724 Rule 6 (precedence 40 > 35) puts
# 2001:db8:1::1 first, and only that address is contacted.
. "${top_srcdir:-.}/tests/probe/lib.sh"

ns_add "$NS_C"
ns_add "$NS_S1"
link "$NS_S1" ppsa ppca
ip -n "$NS_S1" addr add 192.0.2.1/24 dev ppsa
ip -n "$NS_S1" addr add 2001:db8:1::1/64 dev ppsa nodad
ip -n "$NS_C" addr add 192.0.2.10/24 dev ppca
ip -n "$NS_C" addr add 2001:db8:1::10/64 dev ppca nodad
miniupnpd_start "$NS_S1" ppsa
servers ppca "server dhcpv4,dhcpv6 192.0.2.1 2001:db8:1::1"

probe --timeout 10
[ "$PROBE_RC" -eq 0 ] || fail "probe exit $PROBE_RC"
check 'srv()["addresses"] == ["2001:db8:1::1", "192.0.2.1"]'
check 'srv()["state"] == "in-use" and srv()["status"] == "Enabled"'
check 'srv()["address_in_use"] == "2001:db8:1::1"'
check 'srv()["result"] == "SUCCESS" and srv()["version"] == 2'
check '"epoch" in srv()'
# only the first address was contacted, once (SEL-13: kept)
check 'list(tried()) == ["2001:db8:1::1"]'
check 'tried()["2001:db8:1::1"]["transmissions"] == 1'
echo "PASS: 2001:db8:1::1 in use, 192.0.2.1 never contacted"
exit 0
