#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Case 3: the first address silently drops every request: failover after
# the four transmissions (RFC 7488 §3 steps 3-4, P-SEL-1), asserted against
# the T-1 timeline scaled down by PCPSEL_PROBE_IRT_MS=100 (IRT 3 s -> 0.1 s,
# so every RT is scaled by 1/30): transmissions at about 0, 0.1, 0.3,
# 0.7 s and the next address at about 1.5 s (RFC 6887 §8.1.1), none
# earlier than the lowest RAND allows.
#
# The drop is a firewall rule (nftables) in the server's namespace: PCP
# requests to 2001:db8:1::1 are dropped without any ICMP, while miniupnpd
# answers on 192.0.2.1.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"

ns_init probe-silent-drop nft
mup_require
ns_new c
ns_new s1
ns_link s1 ppsa c ppca 02:00:00:00:0b:01
ns_addr s1 ppsa 192.0.2.1/24 2001:db8:1::1/64
ns_addr c ppca 192.0.2.10/24 2001:db8:1::10/64
mup_plain s1 ppsa
# after miniupnpd, so that nothing it sets up comes first: drop, no ICMP
ns_exec s1 nft -f - <<'NFT' || bail "nft rule"
table inet pcpselprobe {
	chain input {
		type filter hook input priority -10; policy accept;
		ip6 daddr 2001:db8:1::1 udp dport 5351 counter drop
	}
}
NFT
servers_put "$T/servers" ppca "server dhcpv4,dhcpv6 192.0.2.1 2001:db8:1::1"

PCPSEL_PROBE_IRT_MS=100
export PCPSEL_PROBE_IRT_MS
probe_run c "$T/servers" --timeout 10
check "probe exit status" 0 "$PROBE_RC"
probe_check "RFC 6724 order" 'srv()["addresses"] == ["2001:db8:1::1", "192.0.2.1"]'
probe_check "192.0.2.1 in use" 'srv()["address_in_use"] == "192.0.2.1"'
probe_check "2001:db8:1::1 timed out" \
    'tried()["2001:db8:1::1"]["outcome"] == "timeout"'
probe_check "2001:db8:1::1 after four transmissions" \
    'tried()["2001:db8:1::1"]["transmissions"] == 4'
# the scaled timeline, from below only: RT(n) = (1 + RAND) * 2 * RT(n-1),
# RT(1) = (1 + RAND) * 100 ms, RAND >= -0.1, so the engine never sends
# before 90, 90+162, 90+162+291.6, ... ms (no retransmission comes early).
# A loaded machine only makes sends later, so no upper bound is asserted
# on wall-clock time: the exact timeline (T-1, to the millisecond) is
# check_engine's, in simulated time.
if "$NS_PY" - "$T/probe.json" > "$T/timeline" 2>&1 <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
s = j["interfaces"][0]["servers"][0]
t = {x["address"]: x for x in s["tried"]}
sends = t["2001:db8:1::1"]["sends_ms"] + [t["192.0.2.1"]["sends_ms"][0]]
print("sends (ms):", sends)
assert len(sends) == 5 and sends == sorted(sends), sends
low, rt = 0.0, 0.0
for n in range(1, 5):
    rt = 0.9 * (100 if n == 1 else 2 * rt)
    low += rt
    assert sends[n] - sends[0] >= low - 1, (n, sends[n] - sends[0], low)
PY
then
	ok "no transmission earlier than the T-1 timeline allows"
	note "$(head -n 1 "$T/timeline")"
else
	not_ok "no transmission earlier than the T-1 timeline allows" \
	    "$(tr '\n' ' ' < "$T/timeline")"
fi
# the rule really dropped the four requests
check "the firewall dropped four requests" 4 "$(ns_exec s1 nft list chain \
    inet pcpselprobe input | sed -n 's/.*counter packets \([0-9]*\).*/\1/p')"
finish
