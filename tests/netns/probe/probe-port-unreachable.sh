#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Case 2: the first address answers with ICMPv6 port unreachable (the
# server does not listen on IPv6: ipv6_disable=yes): hard ICMP error,
# failover to the second address at once (RFC 7488 §3 step 4, SEL-11,
# P-SEL-3), not after the four transmissions.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"

ns_init probe-port-unreachable
mup_require
ns_new c
ns_new s1
ns_link s1 ppsa c ppca
ns_addr s1 ppsa 192.0.2.1/24 2001:db8:1::1/64
ns_addr c ppca 192.0.2.10/24 2001:db8:1::10/64
mup_plain s1 ppsa ipv6_disable=yes
ns_exec s1 ss -Huln 'sport = :5351' | grep -q '\[' &&
	bail "miniupnpd listens on IPv6 despite ipv6_disable"
servers_put "$T/servers" ppca "server dhcpv4,dhcpv6 192.0.2.1 2001:db8:1::1"

probe_run c "$T/servers" --timeout 10
check "probe exit status" 0 "$PROBE_RC"
probe_check "192.0.2.1 in use" 'srv()["address_in_use"] == "192.0.2.1"'
probe_check "2001:db8:1::1 unreachable" \
    'tried()["2001:db8:1::1"]["outcome"] == "unreachable"'
probe_check "2001:db8:1::1 after one transmission" \
    'tried()["2001:db8:1::1"]["transmissions"] == 1'
probe_check "192.0.2.1 answered" 'tried()["192.0.2.1"]["outcome"] == "answered"'
# at once: the second address is contacted well before the first RT
# (3 s * 0.9) of the first could have run out
probe_check "192.0.2.1 contacted at once (< 1000 ms)" \
    'tried()["192.0.2.1"]["sends_ms"][0] < 1000'
note "192.0.2.1 in use after $("$NS_PY" -c 'import json, sys
print(json.load(open(sys.argv[1]))["interfaces"][0]["servers"][0]["answered_ms"])' "$T/probe.json") ms"
finish
