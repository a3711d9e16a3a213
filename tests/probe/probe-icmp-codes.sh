#!/bin/sh
# Case 6 (issue 19): every ICMP and ICMPv6 error a server address can answer
# with, provoked for real, and what pcpsel probe does with it: a hard error
# fails the address at once (1 transmission, the next address contacted at
# once, RFC 7488 §3 step 4, SEL-11, P-SEL-3), a soft one leaves it to the
# timers (4 transmissions).  The server's first address rejects with the
# code (nftables "reject with icmp N" / "icmpv6 N": every Destination
# Unreachable code) or is answered by tests/probe/icmp-forge.py (Time
# Exceeded, Parameter Problem, Packet Too Big); its second address is the
# real miniupnpd, which must end up in use.  The expected class of each
# code is the table of pcpsel-probe(8).
. "${top_srcdir:-.}/tests/probe/lib.sh"
command -v nft >/dev/null 2>&1 || skip "nftables missing"
FORGE=${top_srcdir:-.}/tests/probe/icmp-forge.py

ns_add "$NS_C"
ns_add "$NS_S1"
link "$NS_S1" ppsa ppca
ip -n "$NS_S1" addr add 192.0.2.2/24 dev ppsa
ip -n "$NS_S1" addr add 192.0.2.1/24 dev ppsa
ip -n "$NS_S1" addr add 2001:db8:1::2/64 dev ppsa nodad
ip -n "$NS_S1" addr add 2001:db8:1::1/64 dev ppsa nodad
ip -n "$NS_C" addr add 192.0.2.10/24 dev ppca
ip -n "$NS_C" addr add 2001:db8:1::10/64 dev ppca nodad
# every error answered: no ICMP rate limit in the server's namespace
ip netns exec "$NS_S1" sysctl -qw net.ipv4.icmp_ratelimit=0 \
    net.ipv6.icmp.ratelimit=0 || hard "sysctl icmp ratelimit"
miniupnpd_start "$NS_S1" ppsa "listening_ip=192.0.2.2/24"
ip netns exec "$NS_S1" nft add table inet pp || hard "nft table"
ip netns exec "$NS_S1" nft add chain inet pp in \
    '{ type filter hook input priority 0; }' || hard "nft chain"
export PCPSEL_PROBE_IRT_MS=100
N=0
BAD=0

# one FAMILY HOW EXPECT TYPE CODE ERRNO: the first address answers with
# ICMP TYPE/CODE (HOW: reject or forge); EXPECT is hard or soft; ERRNO the
# error Linux reports for it (the table of pcpsel-probe(8))
one() {
	fam=$1 how=$2 expect=$3 type=$4 code=$5 errname=$6
	if [ "$fam" = 4 ]; then
		first=192.0.2.1 second=192.0.2.2 sel="ip daddr"
	else
		first=2001:db8:1::1 second=2001:db8:1::2 sel="ip6 daddr"
	fi
	servers ppca "server dhcpv$fam $first $second"
	ip netns exec "$NS_S1" nft flush chain inet pp in
	fpid=
	case $how in
	reject)
		if [ "$fam" = 4 ]; then r="icmp $code"; else r="icmpv6 $code"; fi
		ip netns exec "$NS_S1" nft add rule inet pp in $sel $first \
		    udp dport 5351 reject with $r || hard "nft reject $r"
		;;
	forge)
		ip netns exec "$NS_S1" nft add rule inet pp in $sel $first \
		    udp dport 5351 drop || hard "nft drop"
		ip netns exec "$NS_S1" timeout 20 /usr/bin/python3 "$FORGE" ppsa \
		    $first $type $code 15 > "$T/forge.log" 2>&1 &
		fpid=$!
		PIDS="$PIDS $fpid"
		sleep 0.5
		;;
	esac
	probe --timeout 10 > /dev/null
	[ -n "$fpid" ] && kill "$fpid" 2>/dev/null
	if [ "$expect" = hard ]; then
		tx=1 outcome=unreachable hardj=True
	else
		tx=4 outcome=timeout hardj=False
	fi
	N=$((N + 1))
	if $PY - "$T/probe.json" "$first" "$second" $outcome $tx $type $code \
	    $hardj $errname <<'PYEOF'
import errno, json, os, sys
j = json.load(open(sys.argv[1]))
first, second, outcome, tx, typ, code, hard, errname = sys.argv[2:10]
s = j["interfaces"][0]["servers"][0]
t = {x["address"]: x for x in s["tried"]}
f = t[first]
ok = (f["outcome"] == outcome and f["transmissions"] == int(tx)
      and f.get("icmp", {}).get("type") == int(typ)
      and f.get("icmp", {}).get("code") == int(code)
      and str(f.get("hard")) == hard
      and f.get("error") == os.strerror(getattr(errno, errname))
      and s["address_in_use"] == second and t[second]["outcome"] == "answered")
print("%s ICMPv%s type %s code %s (%s, %s): %s after %d transmission(s)%s" % (
    "ok" if ok else "FAIL", "4" if "." in first else "6", typ, code,
    f.get("icmp", {}).get("name"), errname, f["outcome"],
    f["transmissions"], "" if ok else " -- " + json.dumps(s)))
sys.exit(0 if ok else 1)
PYEOF
	then :; else BAD=$((BAD + 1)); fi
}

# ICMP Destination Unreachable: RFC 1122 §4.2.3.9 hard 2, 3, 4; soft 0,
# 1, 5; the rest as pcpsel-probe(8) says
one 4 reject soft 3 0 ENETUNREACH
one 4 reject soft 3 1 EHOSTUNREACH
one 4 reject soft 3 5 EOPNOTSUPP
one 4 reject soft 3 11 ENETUNREACH
one 4 reject soft 3 12 EHOSTUNREACH
one 4 reject hard 3 2 ENOPROTOOPT
one 4 reject hard 3 3 ECONNREFUSED
one 4 reject hard 3 4 EMSGSIZE
one 4 reject hard 3 6 ENETUNREACH
one 4 reject hard 3 7 EHOSTDOWN
one 4 reject hard 3 8 ENONET
one 4 reject hard 3 9 ENETUNREACH
one 4 reject hard 3 10 EHOSTUNREACH
one 4 reject hard 3 13 EHOSTUNREACH
one 4 reject hard 3 14 EHOSTUNREACH
one 4 reject hard 3 15 EHOSTUNREACH
one 4 forge soft 11 0 EHOSTUNREACH	# Time Exceeded
one 4 forge soft 12 0 EPROTO		# Parameter Problem
# ICMPv6 (RFC 4443): Destination Unreachable, then the other errors
one 6 reject soft 1 0 ENETUNREACH
one 6 reject soft 1 3 EHOSTUNREACH
one 6 reject hard 1 1 EACCES
one 6 reject hard 1 2 EHOSTUNREACH
one 6 reject hard 1 4 ECONNREFUSED
one 6 reject hard 1 5 EACCES
one 6 reject hard 1 6 EACCES
one 6 reject hard 1 7 EPROTO
one 6 forge hard 2 0 EMSGSIZE		# Packet Too Big
one 6 forge soft 3 0 EHOSTUNREACH	# Time Exceeded
one 6 forge soft 4 0 EPROTO		# Parameter Problem: header field
one 6 forge hard 4 1 EPROTO		# unrecognized Next Header
one 6 forge soft 4 2 EPROTO		# unrecognized IPv6 option

[ "$BAD" -eq 0 ] || fail "$BAD of $N ICMP codes handled wrongly"
echo "PASS: $N ICMP/ICMPv6 codes, each hard or soft as documented"
exit 0
