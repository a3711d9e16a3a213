#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Case 6 (issue 19): every ICMP and ICMPv6 error a server address can answer
# with, provoked for real, and what pcpsel probe does with it: a hard error
# fails the address at once (1 transmission, the next address contacted at
# once, RFC 7488 §3 step 4, SEL-11, P-SEL-3), a soft one leaves it to the
# timers (4 transmissions).  The server's first address rejects with the
# code (nftables "reject with icmp N" / "icmpv6 N": every Destination
# Unreachable code) or is answered by tests/netns/probe/icmp-forge.py (Time
# Exceeded, Parameter Problem, Packet Too Big); its second address is the
# real miniupnpd, which must end up in use.  The expected class of each
# code is the table of pcpsel-probe(8).  One TAP line per code.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"

ns_init probe-icmp-codes nft
mup_require
FORGE=$top_srcdir/tests/netns/probe/icmp-forge.py

ns_new c
ns_new s1
ns_link s1 ppsa c ppca
ns_addr s1 ppsa 192.0.2.2/24 192.0.2.1/24 2001:db8:1::2/64 2001:db8:1::1/64
ns_addr c ppca 192.0.2.10/24 2001:db8:1::10/64
# every error answered: no ICMP rate limit in the server's namespace
ns_exec s1 sysctl -qw net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0 ||
	bail "sysctl icmp ratelimit"
mup_plain s1 ppsa "listening_ip=192.0.2.2/24"
ns_exec s1 nft add table inet pp || bail "nft table"
ns_exec s1 nft add chain inet pp in \
    '{ type filter hook input priority 0; }' || bail "nft chain"
PCPSEL_PROBE_IRT_MS=100
export PCPSEL_PROBE_IRT_MS

# one FAMILY HOW EXPECT TYPE CODE ERRNO: the first address answers with
# ICMP TYPE/CODE (HOW: reject or forge); EXPECT is hard or soft; ERRNO the
# error Linux reports for it (the table of pcpsel-probe(8))
one()
{
	local fam how expect type code errname first second sel r fpid \
	    tx outcome hardj
	fam=$1 how=$2 expect=$3 type=$4 code=$5 errname=$6
	if [ "$fam" = 4 ]; then
		first=192.0.2.1 second=192.0.2.2 sel="ip daddr"
	else
		first=2001:db8:1::1 second=2001:db8:1::2 sel="ip6 daddr"
	fi
	servers_put "$T/servers" ppca "server dhcpv$fam $first $second"
	ns_exec s1 nft flush chain inet pp in
	fpid=
	case $how in
	reject)
		if [ "$fam" = 4 ]; then r="icmp $code"; else r="icmpv6 $code"; fi
		ns_exec s1 nft add rule inet pp in $sel $first \
		    udp dport 5351 reject with $r || bail "nft reject $r"
		;;
	forge)
		ns_exec s1 nft add rule inet pp in $sel $first \
		    udp dport 5351 drop || bail "nft drop"
		ns_bg s1 "$T/forge.log" timeout 20 "$NS_PY" "$FORGE" ppsa \
		    $first $type $code 15
		fpid=$NS_PID
		sleep 0.5
		;;
	esac
	probe_run c "$T/servers" --timeout 10
	[ -n "$fpid" ] && ns_stop "$fpid"
	if [ "$expect" = hard ]; then
		tx=1 outcome=unreachable hardj=True
	else
		tx=4 outcome=timeout hardj=False
	fi
	if "$NS_PY" - "$T/probe.json" "$first" "$second" $outcome $tx $type \
	    $code $hardj $errname > "$T/one.out" 2>&1 <<'PY'
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
print("%s: %s after %d transmission(s)%s" % (
    f.get("icmp", {}).get("name"), f["outcome"],
    f["transmissions"], "" if ok else " -- " + json.dumps(s)))
sys.exit(0 if ok else 1)
PY
	then
		ok "ICMPv$fam type $type code $code ($errname): $expect: $(cat "$T/one.out")"
	else
		not_ok "ICMPv$fam type $type code $code ($errname): $expect" \
		    "$(cat "$T/one.out")"
	fi
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

finish
