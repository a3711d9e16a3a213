#!/bin/sh
# Case 3: the first address silently drops every request: failover after
# the four transmissions (RFC 7488 §3 steps 3-4, P-SEL-1), asserted against
# the T-1 timeline scaled down by PCPSEL_PROBE_IRT_MS=100 (IRT 3 s -> 0.1 s,
# so every RT is scaled by 1/30): transmissions at about 0, 0.1, 0.3,
# 0.7 s and the next address at about 1.5 s, each RT within ±10 % RAND of
# its nominal value (RFC 6887 §8.1.1).
#
# The drop needs no firewall tool: the client has a static neighbour entry
# for 2001:db8:1::99 pointing at the server's MAC, and the server, which
# does not hold that address and does not forward, discards the packets
# without any ICMP.
. "${top_srcdir:-.}/tests/probe/lib.sh"

ns_add "$NS_C"
ns_add "$NS_S1"
link "$NS_S1" ppsa ppca
ip -n "$NS_S1" link set ppsa address 02:00:00:00:0b:01
ip netns exec "$NS_S1" sysctl -qw net.ipv6.conf.all.forwarding=0
ip -n "$NS_S1" addr add 192.0.2.1/24 dev ppsa
ip -n "$NS_S1" addr add 2001:db8:1::1/64 dev ppsa nodad
ip -n "$NS_C" addr add 192.0.2.10/24 dev ppca
ip -n "$NS_C" addr add 2001:db8:1::10/64 dev ppca nodad
ip -n "$NS_C" -6 neigh add 2001:db8:1::99 lladdr 02:00:00:00:0b:01 \
	dev ppca nud permanent || hard "static neighbour"
miniupnpd_start "$NS_S1" ppsa
servers ppca "server dhcpv4,dhcpv6 192.0.2.1 2001:db8:1::99"

PCPSEL_PROBE_IRT_MS=100
export PCPSEL_PROBE_IRT_MS
probe --timeout 10
[ "$PROBE_RC" -eq 0 ] || fail "probe exit $PROBE_RC"
check 'srv()["addresses"] == ["2001:db8:1::99", "192.0.2.1"]'
check 'srv()["address_in_use"] == "192.0.2.1"'
check 'tried()["2001:db8:1::99"]["outcome"] == "timeout"'
check 'tried()["2001:db8:1::99"]["transmissions"] == 4'
# the scaled timeline: RT(n) = (1 + RAND) * 2 * RT(n-1), RT(1) = (1 +
# RAND) * 100 ms; allow 15 ms of scheduling delay per step
$PY - "$T/probe.json" <<'PYEOF' || fail "timeline"
import json, sys
j = json.load(open(sys.argv[1]))
s = j["interfaces"][0]["servers"][0]
t = {x["address"]: x for x in s["tried"]}
sends = t["2001:db8:1::99"]["sends_ms"] + [t["192.0.2.1"]["sends_ms"][0]]
rts = [b - a for a, b in zip(sends, sends[1:])]
print("sends (ms):", sends, "RTs (ms):", rts)
assert len(rts) == 4, rts
prev = None
for n, rt in enumerate(rts):
    base = 100 if n == 0 else 2 * prev
    assert 0.9 * base - 15 <= rt <= 1.1 * base + 15, (n, rt, base)
    prev = rt
# T-1 extremes scaled: 1068 .. 2056 ms
assert 1068 - 60 <= sends[4] - sends[0] <= 2056 + 60, sends
PYEOF
echo "PASS: silent 2001:db8:1::99 given up after 4 transmissions"
exit 0
