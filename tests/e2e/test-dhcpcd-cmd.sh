#!/bin/sh
# `pcpsel dhcpcd` alone (no root, no daemon): reasons, per-origin state,
# merge, duplicate option-86 entries in an environment block, malformed
# options, unchanged content, interfaces kept apart, and no lost update when
# a v4 and a v6 event run at the same moment.
set -u
: "${top_builddir:?}"
: "${PCPSEL:=$top_builddir/pcpsel}"
[ -x "$PCPSEL" ] || { echo "SKIP: no $PCPSEL"; exit 77; }

T=$(mktemp -d "${TMPDIR:-/tmp}/pcpsel-dhcpcd.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
trap 'exit 99' HUP INT TERM
D=$T/servers
S=$T/state
fails=0
n=0

# run REASON IFNAME [ARGS]: pcpsel dhcpcd with our directories; stderr in
# $T/err, exit code in $rc
run()
{
	reason=$1 ifn=$2
	shift 2
	rc=0
	"$PCPSEL" dhcpcd --dir "$D" --state-dir "$S" "$@" -- "$reason" "$ifn" \
	    2> "$T/err" || rc=$?
}

ok()
{
	n=$((n + 1))
	echo "ok $n - $1"
}

not_ok()
{
	n=$((n + 1))
	fails=$((fails + 1))
	echo "not ok $n - $1"
}

# check NAME IFNAME 'line' ...: the file of IFNAME is exactly the header and
# these lines ("-" alone: there is no file)
check()
{
	name=$1 ifn=$2
	shift 2
	if [ "$1" = - ]; then
		if [ -e "$D/$ifn" ]; then
			not_ok "$name: $D/$ifn exists"
			sed 's/^/# /' "$D/$ifn"
		else
			ok "$name"
		fi
		return
	fi
	{
		printf '# PCP servers for %s, written by pcpsel\n' "$ifn"
		for l do
			printf '%s\n' "$l"
		done
	} > "$T/expected"
	if cmp -s "$T/expected" "$D/$ifn"; then
		ok "$name"
	else
		not_ok "$name"
		diff "$T/expected" "$D/$ifn" 2>&1 | sed 's/^/# /'
	fi
}

check_rc()
{
	if [ "$rc" = "$2" ]; then
		ok "$1: exit $2"
	else
		not_ok "$1: exit $rc, not $2"
		sed 's/^/# /' "$T/err"
	fi
}

# env_block FILE ENTRY...: a NUL-separated environment block, as
# /proc/PID/environ holds it (duplicate names allowed)
env_block()
{
	f=$1
	shift
	: > "$f"
	for e do
		printf '%s\0' "$e" >> "$f"
	done
}

# RFC 7291 §4.1: [192.0.2.1, 192.0.2.2] [192.0.2.3]
V4=08c0000201c000020204c0000203

# 1. BOUND: the DHCPv4 servers
run BOUND pst0 -4 "$V4"
check_rc "BOUND" 0
check "BOUND writes the DHCPv4 servers" pst0 \
    'server dhcpv4 192.0.2.1 192.0.2.2' 'server dhcpv4 192.0.2.3'
[ -s "$T/err" ] && not_ok "BOUND printed: $(cat "$T/err")" || ok "BOUND is silent"

# 2. BOUND6 from an environment block holding three option-86 instances
# under one name (what dhcpcd passes): all three count, merged after v4,
# the IPv4-mapped one joining the DHCPv4 server it matches (P-DHCP-1)
env_block "$T/env" "reason=BOUND6" "interface=pst0" \
    "new_dhcp6_pcp_server=20010db8000000000000000000000001" \
    "new_dhcp6_pcp_server=00000000000000000000ffffc0000203" \
    "old_dhcp6_pcp_server=20010db80000000000000000000000ff" \
    "new_dhcp6_pcp_server=20010db8000000000000000000000002"
run BOUND6 pst0 --environ "$T/env"
check_rc "BOUND6 --environ" 0
check "three option-86 instances merged" pst0 \
    'server dhcpv4 192.0.2.1 192.0.2.2' \
    'server dhcpv4,dhcpv6 192.0.2.3' \
    'server dhcpv6 2001:db8::1' \
    'server dhcpv6 2001:db8::2'

# 3. the same content again: the file is not rewritten (same inode)
ino=$(stat -c %i "$D/pst0")
run RENEW6 pst0 --environ "$T/env"
check_rc "RENEW6 unchanged" 0
[ "$(stat -c %i "$D/pst0")" = "$ino" ] && ok "unchanged content: not rewritten" ||
    not_ok "unchanged content rewritten"

# 4. another interface is kept apart
run BOUND pst1 -4 04c6336401
check "pst1 has its own server" pst1 'server dhcpv4 198.51.100.1'

# 5. a malformed option 158 on RENEW: no DHCPv4 server (P-DHCP4-2), DHCPv6
# kept, pst1 intact, one line naming interface, reason and option
cp "$D/pst1" "$T/pst1.before"
run RENEW pst0 -4 05c00002010a
check_rc "malformed 158" 65
check "malformed 158: only the DHCPv6 servers" pst0 \
    'server dhcpv6 2001:db8::1' \
    'server dhcpv6 192.0.2.3' \
    'server dhcpv6 2001:db8::2'
if [ "$(wc -l < "$T/err")" = 1 ] && grep -q \
    '^pcpsel dhcpcd: pst0: RENEW: DHCPv4 option 158 malformed (List-Length is not a multiple of 4, List-Length 5 at offset 0): no DHCPv4 PCP server$' \
    "$T/err"; then
	ok "malformed 158: one line"
else
	not_ok "malformed 158: message"
	sed 's/^/# /' "$T/err"
fi
cmp -s "$D/pst1" "$T/pst1.before" && ok "pst1 untouched" || not_ok "pst1 changed"

# 6. RENEW without the option: no DHCPv4 server (already none) and a
# malformed option-86 instance among good ones: skipped, others kept
run BOUND pst0 -4 "$V4"
env_block "$T/env" "new_dhcp6_pcp_server=2001" \
    "new_dhcp6_pcp_server=20010db8000000000000000000000009"
run RENEW6 pst0 --environ "$T/env"
check_rc "one bad option-86 instance" 65
check "bad instance skipped, the other kept" pst0 \
    'server dhcpv4 192.0.2.1 192.0.2.2' 'server dhcpv4 192.0.2.3' \
    'server dhcpv6 2001:db8::9'
run RENEW pst0
check_rc "RENEW without option 158" 0
check "option gone on RENEW: DHCPv4 servers removed" pst0 \
    'server dhcpv6 2001:db8::9'

# 7. every instance malformed: no DHCPv6 server, file removed
env_block "$T/env" "new_dhcp6_pcp_server="
run REBIND6 pst0 --environ "$T/env"
check_rc "empty option 86" 65
check "no server left: no file" pst0 -

# 8. removal reasons
run BOUND pst0 -4 "$V4"
run BOUND6 pst0 -6 20010db8000000000000000000000001
run CARRIER pst0
check_rc "CARRIER ignored" 0
run EXPIRE pst0
check "EXPIRE removes DHCPv4" pst0 'server dhcpv6 2001:db8::1'
run BOUND pst0 -4 "$V4"
run RELEASE6 pst0
check "RELEASE6 removes DHCPv6" pst0 \
    'server dhcpv4 192.0.2.1 192.0.2.2' 'server dhcpv4 192.0.2.3'
run BOUND6 pst0 -6 20010db8000000000000000000000001
run STOPPED pst0
check_rc "STOPPED" 0
check "STOPPED removes the file" pst0 -
[ ! -e "$S/dhcpv4/pst0" ] && [ ! -e "$S/dhcpv6/pst0" ] &&
    ok "STOPPED removes the state" || not_ok "state left after STOPPED"
run BOUND pst0 -4 "$V4"
run STOP pst0
check "STOP (a DHCPv4 release) removes the file" pst0 -
check "pst1 still intact" pst1 'server dhcpv4 198.51.100.1'

# 9. usage errors
run BOUND ../x -4 "$V4"
check_rc "bad interface name" 64
run BOUND pst0 -4 xyz
check_rc "not hex" 64
run BOUND pst0 --environ "$T/env" -4 "$V4"
check_rc "--environ with -4" 64
"$PCPSEL" dhcpcd --dir "$D" --state-dir "$S" BOUND 2> /dev/null; rc=$?
check_rc "missing interface" 64

# 10. a DHCPv4 and a DHCPv6 event at the same moment.  While something
# holds the state lock, both runs wait (nothing written); once it is
# released both updates are in the file.  Then 25 unforced races.
if command -v flock >/dev/null 2>&1; then
	flock "$S/lock" sh -c ': > "$1/held"; sleep 0.6' sh "$T" &
	holder=$!
	i=0
	while [ ! -e "$T/held" ] && [ $i -lt 100 ]; do
		sleep 0.02
		i=$((i + 1))
	done
	"$PCPSEL" dhcpcd --dir "$D" --state-dir "$S" -4 04c0000201 \
	    BOUND race0 2>/dev/null &
	p1=$!
	"$PCPSEL" dhcpcd --dir "$D" --state-dir "$S" \
	    -6 20010db8000000000000000000000001 BOUND6 race0 2>/dev/null &
	p2=$!
	sleep 0.3
	if [ ! -e "$D/race0" ] && kill -0 $p1 2>/dev/null &&
	    kill -0 $p2 2>/dev/null; then
		ok "both runs wait for the state lock"
	else
		not_ok "a run did not wait for the state lock"
	fi
	wait $holder $p1 $p2
	check "both updates kept after the lock" race0 \
	    'server dhcpv4 192.0.2.1' 'server dhcpv6 2001:db8::1'
else
	echo "# no flock(1): forced lock test skipped"
fi
lost=0
i=0
while [ $i -lt 25 ]; do
	"$PCPSEL" dhcpcd --dir "$D" --state-dir "$S" STOPPED race1 2>/dev/null
	"$PCPSEL" dhcpcd --dir "$D" --state-dir "$S" -4 04c0000201 \
	    BOUND race1 2>/dev/null &
	p1=$!
	"$PCPSEL" dhcpcd --dir "$D" --state-dir "$S" \
	    -6 20010db8000000000000000000000001 BOUND6 race1 2>/dev/null &
	p2=$!
	wait $p1 $p2
	[ "$(grep -c '^server' "$D/race1" 2>/dev/null)" = 2 ] ||
	    lost=$((lost + 1))
	i=$((i + 1))
done
[ $lost = 0 ] && ok "concurrent v4/v6 events: no lost update in 25" ||
    not_ok "concurrent v4/v6 events: $lost of 25 lost an update"

echo "1..$n"
[ $fails = 0 ]
