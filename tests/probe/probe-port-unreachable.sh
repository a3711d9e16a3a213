#!/bin/sh
# Case 2: the first address answers with ICMPv6 port unreachable (the
# server does not listen on IPv6: ipv6_disable=yes): hard ICMP error,
# failover to the second address at once (RFC 7488 §3 step 4, SEL-11,
# P-SEL-3), not after the four transmissions.
. "${top_srcdir:-.}/tests/probe/lib.sh"

ns_add "$NS_C"
ns_add "$NS_S1"
link "$NS_S1" ppsa ppca
ip -n "$NS_S1" addr add 192.0.2.1/24 dev ppsa
ip -n "$NS_S1" addr add 2001:db8:1::1/64 dev ppsa nodad
ip -n "$NS_C" addr add 192.0.2.10/24 dev ppca
ip -n "$NS_C" addr add 2001:db8:1::10/64 dev ppca nodad
miniupnpd_start "$NS_S1" ppsa "ipv6_disable=yes"
ip netns exec "$NS_S1" ss -Huln 'sport = :5351' | grep -q '\[' &&
	hard "miniupnpd listens on IPv6 despite ipv6_disable"
servers ppca "server dhcpv4,dhcpv6 192.0.2.1 2001:db8:1::1"

probe --timeout 10
[ "$PROBE_RC" -eq 0 ] || fail "probe exit $PROBE_RC"
check 'srv()["address_in_use"] == "192.0.2.1"'
check 'tried()["2001:db8:1::1"]["outcome"] == "unreachable"'
check 'tried()["2001:db8:1::1"]["transmissions"] == 1'
check 'tried()["192.0.2.1"]["outcome"] == "answered"'
# at once: the second address is contacted well before the first RT
# (3 s * 0.9) of the first could have run out
check 'tried()["192.0.2.1"]["sends_ms"][0] < 1000'
echo "PASS: port unreachable on 2001:db8:1::1, 192.0.2.1 in use after" \
	"$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["interfaces"][0]["servers"][0]["answered_ms"])' "$T/probe.json") ms"
exit 0
