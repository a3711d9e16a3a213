#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The multihoming case end to end with real parts, IPv4 (issue 15 item 3):
# two ISPs, each a namespace with a real NAT44 (nftables masquerade,
# forward policy drop) and a real miniupnpd answering PCP on it, each
# serving its router as PCP server by DHCP (real Kea with the pcpsel hook:
# option 158 and option 86); the host runs real dhcpcd with the pcpsel hook
# and `pcpsel map tcp 8080` (started first, as at boot: its server-list
# directory does not exist yet); the internet connects to ISP-A's external
# address and port and to ISP-B's, and both reach the host's service.
# Then ISP-B's miniupnpd restarts and loses its state (a new epoch): the
# mapping is back within one renewal round (the ANNOUNCE, RFC 6887
# §14.1.3); ISP-B withdraws its PCP server by DHCP (Kea reconfigured,
# dhcpcd -N): not one request to it afterwards, past the time its renewal
# was due, while ISP-A's is renewed; SIGTERM deletes the mapping at ISP-A
# (where the server allows it) and sends nothing to ISP-B.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"

# granted_on X: the last granted/renewed/changed event of ispX in ev.json
granted_on()
{
	map_last 'e["interface"] == "isp'"$1"'" and e["family"] == 4 and e["event"] in ("granted", "renewed", "changed")'
}

e2e_setup map-nat44 nft tcpdump
mup_require
# miniupnpd 2.3.1 (Debian 12) honours a short minimum; 2.3.9 grants 120 s
# at least, whatever is asked
LT=12
MH_MIN=$LT
FAM=46
mh_isps $FAM
mh_pcp a
mh_pcp b
cap_start b tocpe "$T/b.pcap" "udp dst port 5351"
CAP_B=$CAP_PID
D=$T/host/run/pcp/servers

check_blocked "before: ISP-A's external address closed" inet 192.0.3.1 8080
check_blocked "before: ISP-B's external address closed" inet 198.51.101.1 8080

# at boot: pcpsel map before any lease, the directory not there yet
map_start host "$D" -4 --lifetime $LT tcp 8080
ns_watch "$MAP_PID"
dhcpcd_start ispa
dhcpcd_start ispb
wait_file ispa "$(mh_servers a $FAM)"
wait_file ispb "$(mh_servers b $FAM)"
check_events "a NAT44 mapping on each ISP's server" 2 \
    'e["event"] == "granted" and e["family"] == 4' 30
check_grep "started before any lease, pcpsel map waited for the directory" \
    "pcpsel map: $D does not exist yet: waiting for it" "$T/map.out.err"
HA=$(host_addr a 4)
HB=$(host_addr b 4)
granted_on a
check_ev "ISP-A: NAT44 at 192.0.2.254 for the host's $HA" \
    'e["server"] == "192.0.2.254" and e["mapping-type"] == "NAT44" and e["internal-address"] == "'"$HA"'"'
check_ev "ISP-A: external address 192.0.3.1" \
    'e["external-address"] == "192.0.3.1" and e["external-port"] > 0'
PA=$(ev_get external-port)
granted_on b
check_ev "ISP-B: NAT44 at 198.51.100.254 for the host's $HB" \
    'e["server"] == "198.51.100.254" and e["mapping-type"] == "NAT44" and e["internal-address"] == "'"$HB"'"'
check_ev "ISP-B: external address 198.51.101.1" \
    'e["external-address"] == "198.51.101.1" and e["external-port"] > 0'
PB=$(ev_get external-port)
LTG=$(map_lifetime)
note "granted for $LTG s (asked $LT): ISP-A 192.0.3.1:$PA, ISP-B 198.51.101.1:$PB"
check_reach "the internet reaches the host through ISP-A" inet 192.0.3.1 "$PA" \
    "host local=$HA peer=192.0.3.2"
check_reach "the internet reaches the host through ISP-B" inet 198.51.101.1 "$PB" \
    "host local=$HB peer=198.51.101.2"

# ---- ISP-B's PCP server restarts and loses its state (a new epoch)
# (the epoch must have run a few seconds for the restart to show, §8.5)
[ "$(mh_pcp_age b)" -ge 4 ] || sleep $((4 - $(mh_pcp_age b)))
mup_stop b
mup_flush b
check_blocked "ISP-B's state lost: closed" inet 198.51.101.1 "$PB"
N0=$(wc -l < "$T/map.out")
t0=$(date +%s)
mh_pcp b
BOUND=$((LTG * 5 / 8 + 10))
check_events "ISP-B's restart seen" 1 \
    'e["event"] == "restarted" and e["interface"] == "ispb"' $BOUND
MAP_OUT=$T/map.after
tail -n +$((N0 + 1)) "$T/map.out" > "$MAP_OUT"
while ! "$NS_PY" - "$MAP_OUT" <<'PY'
import json, sys
seen = back = False
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e["interface"] != "ispb":
        continue
    if e["event"] == "restarted":
        seen = True
    elif seen and e["event"] in ("granted", "renewed", "changed"):
        back = True
sys.exit(0 if back else 1)
PY
do
	[ $(( $(date +%s) - t0 )) -lt $BOUND ] || break
	sleep 0.2
	tail -n +$((N0 + 1)) "$T/map.out" > "$MAP_OUT"
done
MAP_OUT=
elapsed=$(( $(date +%s) - t0 ))
if [ "$elapsed" -lt "$BOUND" ]; then
	ok "ISP-B's mapping back within one renewal round ($elapsed s, bound $BOUND s)"
else
	not_ok "ISP-B's mapping back within one renewal round" \
	    "$(tail -n +$((N0 + 1)) "$T/map.out" | tr '\n' '|')"
fi
granted_on b
PB=$(ev_get external-port)
check_reach "after the restart: the internet reaches the host through ISP-B" \
    inet 198.51.101.1 "$PB" "host local=$HB peer=198.51.101.2"
check_reach "after the restart: still through ISP-A" inet 192.0.3.1 "$PA" \
    "host local=$HA peer=192.0.3.2"

# ---- ISP-B withdraws its PCP server by DHCP
mh_withdraw b $FAM
check_events "ISP-B's server withdrawn" 1 \
    'e["event"] == "withdrawn" and e["interface"] == "ispb" and e["family"] == 4'
tw=$(date +%s.%N)
DUE=$(map_due_ms ispb 4)
nren=$(map_events 'e["event"] == "renewed" and e["interface"] == "ispa"')
# past the time its renewal was due (and the mapping's expiry at the
# latest), with 3 s to spare
sleep $(( DUE / 1000 + 3 ))
if [ -n "$(tcpdump -tt -n -r "$T/b.pcap" "src host $HB" 2>/dev/null |
    awk -v t="$tw" '$1 + 0 <= t + 0')" ]; then
	ok "the capture at ISP-B saw the requests before the withdrawal"
else
	not_ok "the capture at ISP-B saw the requests before the withdrawal"
fi
check "no request to ISP-B's server after the withdrawal ($(( DUE / 1000 + 3 )) s)" "" \
    "$(cap_after "$T/b.pcap" "$tw" "src host $HB")"
check_events "ISP-A's mapping still renewed" $((nren + 1)) \
    'e["event"] == "renewed" and e["interface"] == "ispa"' $((LTG * 5 / 8 + 10))

# ---- SIGTERM: delete where the server allows it
map_stop TERM
check "pcpsel map exits 0 after SIGTERM" 0 "$MAP_RC"
CAP_PID=$CAP_B
cap_stop "$T/b.pcap"
check "nothing sent to ISP-B's server after the withdrawal, the stop included" "" \
    "$(cap_after "$T/b.pcap" "$tw" "src host $HB")"
if [ "$(map_events 'e["event"] == "deleted" and e["interface"] == "ispa"')" = 1 ]; then
	ok "ISP-A's mapping deleted"
	check "ISP-A's router holds no rule for it" "" "$(nft_port a "$PA")"
	check_blocked "ISP-A's external address closed again" inet 192.0.3.1 "$PA"
else
	map_last 'e["event"] == "delete-failed" and e["interface"] == "ispa"'
	check_ev "ISP-A refused the delete (NOT_AUTHORIZED): reported with its expiry" \
	    'e["result"] == "NOT_AUTHORIZED" and 0 < e["expires-in"] <= '"$LTG"
fi
check "no delete towards ISP-B" 0 \
    "$(map_events 'e["interface"] == "ispb" and e["event"] in ("deleted", "delete-failed")')"
finish
