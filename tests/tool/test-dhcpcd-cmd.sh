#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# `pcpsel dhcpcd` alone (no root, no daemon): reasons, per-origin state,
# merge, duplicate option-86 entries in an environment block, malformed
# options, dropped addresses (a warning), a cut environment, unchanged
# content, interfaces kept apart, the hook's log levels, and no lost update
# when a v4 and a v6 event run at the same moment.
set -u
: "${top_builddir:?}"
: "${top_srcdir:?}"
: "${PCPSEL:=$top_builddir/pcpsel}"
. "$top_srcdir/tests/lib.sh"
[ -x "$PCPSEL" ] || skip_all "no $PCPSEL"
D=$T/servers
S=$T/state

# ev REASON IFNAME [ARGS]: pcpsel dhcpcd with our directories; stderr in
# $T/err, exit code in $rc
ev()
{
	reason=$1 ifn=$2
	shift 2
	rc=0
	"$PCPSEL" dhcpcd --dir "$D" --state-dir "$S" "$@" -- "$reason" "$ifn" \
	    2> "$T/err" || rc=$?
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

# check_err NAME LINE: stderr is exactly "pcpsel dhcpcd: LINE" (one line;
# "-": nothing)
check_err()
{
	if [ "$2" = - ]; then
		if [ -s "$T/err" ]; then
			not_ok "$1: printed"
			sed 's/^/# /' "$T/err"
		else
			ok "$1: silent"
		fi
		return
	fi
	printf 'pcpsel dhcpcd: %s\n' "$2" > "$T/err.want"
	if cmp -s "$T/err.want" "$T/err"; then
		ok "$1: one line"
	else
		not_ok "$1: message"
		diff "$T/err.want" "$T/err" 2>&1 | sed 's/^/# /'
	fi
}

# snap FILE: inode and checksum, or "absent"
snap()
{
	if [ -e "$1" ]; then
		echo "$(stat -c %i "$1") $(cksum < "$1")"
	else
		echo absent
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
ev BOUND pst0 -4 "$V4"
check_rc "BOUND" 0
check "BOUND writes the DHCPv4 servers" pst0 \
    'server dhcpv4 192.0.2.1 192.0.2.2' 'server dhcpv4 192.0.2.3'
[ -s "$T/err" ] && not_ok "BOUND printed: $(cat "$T/err")" || ok "BOUND is silent"

# 2. BOUND6 from an environment block holding three option-86 instances
# under one name (what dhcpcd passes): all three count, merged after v4,
# the IPv4-mapped one joining the DHCPv4 server it matches (P-DHCP-1)
env_block "$T/env" "reason=BOUND6" "interface=pst0" \
    "new_dhcp6_server_id=0003000102000000fb0a" \
    "new_dhcp6_pcp_server=20010db8000000000000000000000001" \
    "new_dhcp6_pcp_server=00000000000000000000ffffc0000203" \
    "old_dhcp6_pcp_server=20010db80000000000000000000000ff" \
    "new_dhcp6_pcp_server=20010db8000000000000000000000002"
ev BOUND6 pst0 --environ "$T/env"
check_rc "BOUND6 --environ" 0
check "three option-86 instances merged" pst0 \
    'server dhcpv4 192.0.2.1 192.0.2.2' \
    'server dhcpv4,dhcpv6 192.0.2.3' \
    'server dhcpv6 2001:db8::1' \
    'server dhcpv6 2001:db8::2'

# 3. the same content again: the file is not rewritten (same inode)
ino=$(stat -c %i "$D/pst0")
ev RENEW6 pst0 --environ "$T/env"
check_rc "RENEW6 unchanged" 0
[ "$(stat -c %i "$D/pst0")" = "$ino" ] && ok "unchanged content: not rewritten" ||
    not_ok "unchanged content rewritten"

# 4. another interface is kept apart
ev BOUND pst1 -4 04c6336401
check "pst1 has its own server" pst1 'server dhcpv4 198.51.100.1'

# 5. a malformed option 158 on RENEW: no DHCPv4 server (P-DHCP4-2), DHCPv6
# kept, pst1 intact, one line naming interface, reason and option
cp "$D/pst1" "$T/pst1.before"
ev RENEW pst0 -4 05c00002010a
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
ev BOUND pst0 -4 "$V4"
env_block "$T/env" "new_dhcp6_server_id=0003000102000000fb0a" \
    "new_dhcp6_pcp_server=2001" \
    "new_dhcp6_pcp_server=20010db8000000000000000000000009"
ev RENEW6 pst0 --environ "$T/env"
check_rc "one bad option-86 instance" 65
check "bad instance skipped, the other kept" pst0 \
    'server dhcpv4 192.0.2.1 192.0.2.2' 'server dhcpv4 192.0.2.3' \
    'server dhcpv6 2001:db8::9'
ev RENEW pst0
check_rc "RENEW without option 158" 0
check "option gone on RENEW: DHCPv4 servers removed" pst0 \
    'server dhcpv6 2001:db8::9'

# 7. every instance malformed: no DHCPv6 server, file removed
env_block "$T/env" "new_dhcp6_server_id=0003000102000000fb0a" \
    "new_dhcp6_pcp_server="
ev REBIND6 pst0 --environ "$T/env"
check_rc "empty option 86" 65
check "no server left: no file" pst0 -

# 8. removal reasons
ev BOUND pst0 -4 "$V4"
ev BOUND6 pst0 -6 20010db8000000000000000000000001
ev CARRIER pst0
check_rc "CARRIER ignored" 0
ev EXPIRE pst0
check "EXPIRE removes DHCPv4" pst0 'server dhcpv6 2001:db8::1'
ev BOUND pst0 -4 "$V4"
ev RELEASE6 pst0
check "RELEASE6 removes DHCPv6" pst0 \
    'server dhcpv4 192.0.2.1 192.0.2.2' 'server dhcpv4 192.0.2.3'
ev BOUND6 pst0 -6 20010db8000000000000000000000001
ev STOPPED pst0
check_rc "STOPPED" 0
check "STOPPED removes the file" pst0 -
[ ! -e "$S/dhcpv4/pst0" ] && [ ! -e "$S/dhcpv6/pst0" ] &&
    ok "STOPPED removes the state" || not_ok "state left after STOPPED"
ev BOUND pst0 -4 "$V4"
ev STOP pst0
check "STOP (a DHCPv4 release) removes the file" pst0 -
check "pst1 still intact" pst1 'server dhcpv4 198.51.100.1'

# 9. usage errors
ev BOUND ../x -4 "$V4"
check_rc "bad interface name" 64
ev BOUND pst0 -4 xyz
check_rc "not hex" 64
ev BOUND pst0 --environ "$T/env" -4 "$V4"
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

# 11. addresses dropped from a well-formed option: a warning line naming
# interface, reason, option and what was dropped; exit 0 (P-DHCP4-6,
# R7291-15, P-DHCP4-3/4/5, R7291-8, P-DHCP6-4/6)
DROP='unusable address (loopback, multicast, unspecified or reserved)'
DROPS='unusable addresses (loopback, multicast, unspecified or reserved)'
ev RENEW drp0 -4 087f000001c0000209
check_rc "158 loopback + good address" 0
check "158 loopback dropped" drp0 'server dhcpv4 192.0.2.9'
check_err "158 loopback dropped" \
    "drp0: RENEW: DHCPv4 option 158: dropped 1 $DROP and 0 duplicates"
ev RENEW drp0 -4 147f000001e000000100000000fffffffff0000001
check_rc "158 only unusable addresses" 0
check "158 only unusable addresses: no server" drp0 -
check_err "158 only unusable addresses" \
    "drp0: RENEW: DHCPv4 option 158: dropped 5 $DROPS and 0 duplicates; 1 server left empty: no DHCPv4 PCP server"
# digest vector D4-15: the same address in two servers
ev BOUND drp0 -4 04c000020108c0000201c6336401
check_rc "158 D4-15" 0
check "158 D4-15: kept in the first server only" drp0 \
    'server dhcpv4 192.0.2.1' 'server dhcpv4 198.51.100.1'
check_err "158 D4-15" \
    "drp0: BOUND: DHCPv4 option 158: dropped 0 $DROPS and 1 duplicate"
# digest vector D4-14 inside one list, and a server left empty by it
ev BOUND drp0 -4 08c0000201c000020104c0000201
check_rc "158 duplicates, one server emptied" 0
check "158 duplicates: one server" drp0 'server dhcpv4 192.0.2.1'
check_err "158 duplicates, one server emptied" \
    "drp0: BOUND: DHCPv4 option 158: dropped 0 $DROPS and 2 duplicates; 1 server left empty"
# DHCPv6: ::1 and ff02::1 filtered, 2001:db8::2 repeated in a second
# instance (left empty); then with a malformed instance: still one line,
# exit 65 for the malformed instance
ev RENEW6 drp0 -6 20010db8000000000000000000000002 \
    -6 00000000000000000000000000000001ff02000000000000000000000000000120010db8000000000000000000000002 \
    -6 20010db8000000000000000000000003
check_rc "86 unusable and duplicate" 0
check "86 unusable and duplicate" drp0 'server dhcpv4 192.0.2.1' \
    'server dhcpv6 2001:db8::2' 'server dhcpv6 2001:db8::3'
check_err "86 unusable and duplicate" \
    "drp0: RENEW6: DHCPv6 option 86: dropped 2 $DROPS and 1 duplicate; 1 server left empty"
ev RENEW6 drp0 -6 20010db8000000000000000000000002ff -6 \
    00000000000000000000ffff7f00000120010db8000000000000000000000005
check_rc "86 bad instance and a filtered address" 65
check "86 bad instance and a filtered address" drp0 \
    'server dhcpv4 192.0.2.1' 'server dhcpv6 2001:db8::5'
check_err "86 bad instance and a filtered address" \
    "drp0: RENEW6: DHCPv6 option 86: 1 of 2 instances malformed and skipped (first: instance 1, option-len is not a multiple of 16, length 17); dropped 1 $DROP and 0 duplicates"
ev RENEW6 drp0 -6 20010db8000000000000000000000005
check_err "86 nothing dropped" -

# 12. option 158 shorter than 5 bytes (R7291-9, P-DHCP4-2): the value is
# the total length
for v in 04c00002:4:bytes 04:1:byte :0:bytes; do
	ev RENEW drp0 -4 "${v%%:*}"
	rest=${v#*:}
	check_rc "158 of ${rest%%:*} bytes" 65
	check_err "158 of ${rest%%:*} bytes" \
	    "drp0: RENEW: DHCPv4 option 158 malformed (option data shorter than 5 bytes: ${rest%%:*} ${rest#*:}): no DHCPv4 PCP server"
done
check "158 too short: only DHCPv6 left" drp0 'server dhcpv6 2001:db8::5'

# 13. a cut environment (dhcpcd 9.4.1 privsep passes at most 64 KiB):
# the origin's servers stay as they were, one line; other events unharmed
ev BOUND cut0 -4 04c0000201
ev BOUND6 cut0 -6 20010db8000000000000000000000001
f_snap=$(snap "$D/cut0")
s4=$(snap "$S/dhcpv4/cut0")
s6=$(snap "$S/dhcpv6/cut0")
# cut_case NAME REASON 'line': after writing $T/env: exit 65, that line,
# file and state untouched
cut_case()
{
	ev "$2" cut0 --environ "$T/env"
	check_rc "$1" 65
	check_err "$1" "$3"
	if [ "$(snap "$D/cut0")" = "$f_snap" ] &&
	    [ "$(snap "$S/dhcpv4/cut0")" = "$s4" ] &&
	    [ "$(snap "$S/dhcpv6/cut0")" = "$s6" ]; then
		ok "$1: file and state untouched"
	else
		not_ok "$1: file or state changed"
	fi
}
CUT='environment cut (dhcpcd passes at most 64 KiB)'
# the environment ends inside an old_ entry: no new_ entry at all
printf 'reason=RENEW6\0interface=cut0\0old_dhcp6_pcp_server=20010db8000000000000000000000001\0old_dhcp6_pcp_server=20010db8000000' > "$T/env"
cut_case "cut inside an old_ entry" RENEW6 \
    "cut0: RENEW6: $CUT: it ends inside an entry: DHCPv6 PCP servers unchanged"
# inside a new_ entry (whose hex would not parse)
printf 'reason=RENEW6\0interface=cut0\0new_dhcp6_server_id=0003000102000000fb0a\0new_dhcp6_pcp_server=20010db800000' > "$T/env"
cut_case "cut inside a new_ entry" RENEW6 \
    "cut0: RENEW6: $CUT: it ends inside an entry: DHCPv6 PCP servers unchanged"
# cut between entries: only old_ entries left
env_block "$T/env" reason=RENEW6 interface=cut0 \
    old_dhcp6_server_id=0003000102000000fb0a \
    old_dhcp6_pcp_server=20010db8000000000000000000000001
cut_case "only old_ entries (DHCPv6)" RENEW6 \
    "cut0: RENEW6: $CUT: no new_dhcp6_server_id: DHCPv6 PCP servers unchanged"
env_block "$T/env" reason=RENEW interface=cut0 old_ip_address=192.0.2.50 \
    old_pcp_server=04c0000201
cut_case "only old_ entries (DHCPv4)" RENEW \
    "cut0: RENEW: $CUT: no new_ip_address or new_dhcp_message_type: DHCPv4 PCP servers unchanged"
# 64 KiB or more: cut by dhcpcd (or at the edge of it), even if whole
awk 'BEGIN { printf "reason=BOUND6%cnew_dhcp6_server_id=00%c", 0, 0
	for (i = 0; i < 2048; i++)
		printf "new_dhcp6_pcp_server=20010db8000c%04x0000000000000001%c", i, 0 }' \
    > "$T/env"
cut_case "64 KiB environment" BOUND6 \
    "cut0: BOUND6: $CUT: it holds $(wc -c < "$T/env") bytes: DHCPv6 PCP servers unchanged"
# a value that is not hex: not dhcpcd's binhex; nothing changes
env_block "$T/env" reason=RENEW6 new_dhcp6_server_id=00 \
    new_dhcp6_pcp_server=20010db8000000000000000000000009 \
    new_dhcp6_pcp_server=2001xyz
cut_case "not hex" RENEW6 \
    "cut0: RENEW6: $T/env: new_dhcp6_pcp_server entry 2: not hex: DHCPv6 PCP servers unchanged"
# only the event's own origin is read: a bad option 158 does not block a
# DHCPv6 update; an INFORM ACK may lack new_ip_address
env_block "$T/env" reason=RENEW6 new_pcp_server=xyz old_dhcp6_pcp_server=zz \
    new_dhcp6_server_id=00 \
    new_dhcp6_pcp_server=20010db8000000000000000000000009
ev RENEW6 cut0 --environ "$T/env"
check_rc "a bad option 158 in a DHCPv6 event" 0
check_err "a bad option 158 in a DHCPv6 event" -
check "a bad option 158 in a DHCPv6 event" cut0 'server dhcpv4 192.0.2.1' \
    'server dhcpv6 2001:db8::9'
env_block "$T/env" reason=INFORM new_dhcp_message_type=5 \
    new_pcp_server=04c0000202
ev INFORM cut0 --environ "$T/env"
check_rc "INFORM without new_ip_address" 0
check "INFORM without new_ip_address" cut0 'server dhcpv4 192.0.2.2' \
    'server dhcpv6 2001:db8::9'
# a removal does not read the environment: cut or not, it removes
printf 'reason=EXPIRE6\0old_dhcp6_pcp_server=2001' > "$T/env"
ev EXPIRE6 cut0 --environ "$T/env"
check_rc "EXPIRE6 with a cut environment" 0
check "EXPIRE6 with a cut environment" cut0 'server dhcpv4 192.0.2.2'

# 14. the hook: a warning for dropped addresses, an error otherwise, both
# through dhcpcd-run-hooks' syslog function (here a stand-in that prints
# its level); the environment block is the sourcing shell's, /proc/$$
HOOK=$top_builddir/dhcpcd-hook/60-pcpsel
if [ -r "$HOOK" ] && [ -r /proc/$$/environ ]; then
	hook()
	{
		env -i PATH="$PATH" "$@" sh -c '
		    syslog() { printf "%s|%s\n" "$1" "$2"; }
		    state_dir=$1 pcpsel=$2 pcpsel_servers_dir=$3
		    . "$4"' sh "$S" "$PCPSEL" "$D" "$HOOK" > "$T/log" 2>&1
	}
	hook reason=BOUND interface=hk0 new_ip_address=192.0.2.50 \
	    new_pcp_server=087f000001c0000209
	printf 'warning|pcpsel dhcpcd: hk0: BOUND: DHCPv4 option 158: dropped 1 %s and 0 duplicates\n' "$DROP" > "$T/log.want"
	cmp -s "$T/log" "$T/log.want" && ok "hook: dropped address: warning" ||
	    { not_ok "hook: dropped address: warning"; sed 's/^/# /' "$T/log"; }
	check "hook: the good address" hk0 'server dhcpv4 192.0.2.9'
	hook reason=RENEW interface=hk0 new_ip_address=192.0.2.50 \
	    new_pcp_server=05c00002010a
	printf 'err|pcpsel dhcpcd: hk0: RENEW: DHCPv4 option 158 malformed (List-Length is not a multiple of 4, List-Length 5 at offset 0): no DHCPv4 PCP server\n' > "$T/log.want"
	cmp -s "$T/log" "$T/log.want" && ok "hook: malformed: err" ||
	    { not_ok "hook: malformed: err"; sed 's/^/# /' "$T/log"; }
	hook reason=BOUND interface=hk0 new_ip_address=192.0.2.50 \
	    new_pcp_server=04c0000201
	[ -s "$T/log" ] && { not_ok "hook: good option logged"; cat "$T/log"; } ||
	    ok "hook: good option: nothing logged"
	hook reason=RENEW interface=hk0 old_ip_address=192.0.2.50 \
	    old_pcp_server=04c0000201
	printf 'err|pcpsel dhcpcd: hk0: RENEW: %s: no new_ip_address or new_dhcp_message_type: DHCPv4 PCP servers unchanged\n' "$CUT" > "$T/log.want"
	cmp -s "$T/log" "$T/log.want" && ok "hook: cut environment: err" ||
	    { not_ok "hook: cut environment: err"; sed 's/^/# /' "$T/log"; }
	check "hook: cut environment: servers kept" hk0 \
	    'server dhcpv4 192.0.2.1'
else
	echo "# no $HOOK or no /proc: hook log levels not tested"
fi

# 15. option 86 from dhcpcd's saved DHCPv6 lease (--lease6): the raw
# reply, every instance, tied to the event by its Server Identifier
# bin FILE HEX: write the bytes of HEX into FILE (perl-base is essential
# on Debian; printf cannot write a NUL byte everywhere)
bin()
{
	perl -e 'print pack("H*", $ARGV[0])' "$2" > "$1"
}
SID=000300010200000000aa	# DUID-LL of the server
# reply HEX...: a REPLY with client and server id, then the options given
reply()
{
	r=07123456000100040a0b0c0d0002000a$SID
	for o do
		r=$r$o
	done
	echo "$r"
}
# o86 N: one option-86 instance of 2001:db8:f::N (N hex, 1 digit)
o86()
{
	echo "0056001020010db8000f0000000000000000000$1"
}
env6()
{
	env_block "$T/env6" reason=RENEW6 interface=ls0 \
	    "new_dhcp6_server_id=$1" "$@"
}
L=$T/ls0.lease6
bin "$L" "$(reply "$(o86 1)" "$(o86 2)" "$(o86 3)")"
env_block "$T/env6" reason=RENEW6 new_dhcp6_server_id=$SID \
    new_dhcp6_pcp_server=20010db8000000000000000000000009
ev RENEW6 ls0 --environ "$T/env6" --lease6 "$L"
check_rc "lease6: three instances" 0
check_err "lease6: three instances" -
check "lease6: every instance of the lease, not the environment's" ls0 \
    'server dhcpv6 2001:db8:f::1' 'server dhcpv6 2001:db8:f::2' \
    'server dhcpv6 2001:db8:f::3'
f_snap=$(snap "$D/ls0")
# lease_refused NAME RC LINE: exit RC, that line, the file untouched
lease_refused()
{
	ev RENEW6 ls0 --environ "$T/env6" --lease6 "$L"
	check_rc "$1" "$2"
	check_err "$1" "$3"
	[ "$(snap "$D/ls0")" = "$f_snap" ] && ok "$1: file untouched" ||
	    not_ok "$1: file changed"
}
bin "$L" "$(reply "$(o86 4)" | sed "s/$SID/000300010200000000bb/")"
lease_refused "lease6 of another server" 65 \
    "ls0: RENEW6: $L is not this event's lease (Server Identifier differs): DHCPv6 PCP servers unchanged"
bin "$L" "0712345600020000"
lease_refused "lease6 without Server Identifier" 65 \
    "ls0: RENEW6: $L is not this event's lease (Server Identifier differs): DHCPv6 PCP servers unchanged"
bin "$L" 0712
lease_refused "lease6 of 2 bytes" 65 \
    "ls0: RENEW6: $L: not a DHCPv6 message: DHCPv6 PCP servers unchanged"
head -c 65528 /dev/zero > "$L"
lease_refused "lease6 larger than a DHCPv6 message" 65 \
    "ls0: RENEW6: $L: larger than a DHCPv6 message: DHCPv6 PCP servers unchanged"
bin "$T/real.lease6" "$(reply "$(o86 5)")"
rm -f "$L"
ln -s "$T/real.lease6" "$L"
lease_refused "lease6 is a symlink" 74 \
    "ls0: RENEW6: $L: $(printf '%s' 'Too many levels of symbolic links'): DHCPv6 PCP servers unchanged"
rm -f "$L"
env_block "$T/env6" reason=RENEW6 new_dhcp6_server_id=$SID
lease_refused "no lease6, nothing exported" 65 \
    "ls0: RENEW6: no DHCPv6 lease $L: DHCPv6 PCP servers unchanged"
awk -v sid="$SID" 'BEGIN { printf "07123456000100040a0b0c0d0002000a%s", sid
	for (i = 0; i < 4097; i++) printf "00560000" }' > "$T/hex"
bin "$L" "$(cat "$T/hex")"
lease_refused "lease6 with 4097 instances" 65 \
    "ls0: RENEW6: $L: 4097 option-86 instances, more than 4096: DHCPv6 PCP servers unchanged"
# fallbacks: no lease file, the environment's instances (duplicates, or
# indexed names of `define6 86 index embed`)
rm -f "$L"
env_block "$T/env6" reason=RENEW6 new_dhcp6_server_id=$SID \
    new_dhcp6_pcp_server1=20010db8000f00000000000000000007 \
    old_dhcp6_pcp_server1=20010db8000f00000000000000000001 \
    new_dhcp6_pcp_server2=20010db8000f00000000000000000008
ev RENEW6 ls0 --environ "$T/env6" --lease6 "$L"
check_rc "no lease6: indexed entries" 0
check "no lease6: indexed entries" ls0 'server dhcpv6 2001:db8:f::7' \
    'server dhcpv6 2001:db8:f::8'
# P-DHCP6-3: an option running past the end: the instances before count
bin "$L" "$(reply "$(o86 1)" "$(o86 2)" 0056ffff20010db8)"
env_block "$T/env6" reason=RENEW6 new_dhcp6_server_id=$SID
ev RENEW6 ls0 --environ "$T/env6" --lease6 "$L"
check_rc "lease6 cut in its last option" 0
check "lease6 cut in its last option" ls0 'server dhcpv6 2001:db8:f::1' \
    'server dhcpv6 2001:db8:f::2'
# a lease without option 86: no DHCPv6 server
bin "$L" "$(reply)"
ev REBOOT6 ls0 --environ "$T/env6" --lease6 "$L"
check_rc "lease6 without option 86" 0
check "lease6 without option 86: no server" ls0 -
# without --environ (no /proc) the lease counts as it is, with -4 beside
bin "$L" "$(reply "$(o86 3)" | sed "s/$SID/000300010200000000cc/")"
ev BOUND6 ls0 --lease6 "$L"
check_rc "lease6 without --environ" 0
check "lease6 without --environ" ls0 'server dhcpv6 2001:db8:f::3'
ev BOUND ls0 -4 04c0000201 --lease6 "$L"
check "a DHCPv4 event does not read the lease6" ls0 \
    'server dhcpv4 192.0.2.1' 'server dhcpv6 2001:db8:f::3'

# 16. one table of reasons: what src/dhcpcd_reasons.h lists is exactly the
# hook's case pattern and the reasons pcpsel-dhcpcd(8) names under EVENTS
TABLE=$(sed -n 's/^REASON(\([A-Z0-9]*\),.*/\1/p' \
    "$top_srcdir/src/dhcpcd_reasons.h" | sort | tr '\n' ' ')
if [ -r "$HOOK" ]; then
	HOOKR=$(grep '^BOUND|' "$HOOK" | tr -d ')' | tr '|' '\n' | sort |
	    tr '\n' ' ')
	[ "$HOOKR" = "$TABLE" ] && ok "the hook's reasons are the table's" ||
	    not_ok "the hook's reasons differ" "hook:  $HOOKR" "table: $TABLE"
fi
MANR=$(sed -n '/^\.SH EVENTS/,/^\.SH /p' "$top_srcdir/doc/pcpsel-dhcpcd.8" |
    sed -n 's/^\.B //p' | tr ' ' '\n' | grep -E '^[A-Z0-9]+$' | sort |
    tr '\n' ' ')
[ "$MANR" = "$TABLE" ] && ok "pcpsel-dhcpcd(8) EVENTS lists the table's reasons" ||
    not_ok "pcpsel-dhcpcd(8) EVENTS differs" "man:   $MANR" "table: $TABLE"
# and every SET reason of an origin sets, every CLEAR reason clears
# and each reason does what the table says, for its origin
sed -n 's/^REASON(\([A-Z0-9]*\), \([A-Z]*\), [A-Z_]*\([46]\)).*/\1 \2 \3/p
    s/^REASON(\([A-Z0-9]*\), ALL, 0)/\1 ALL 0/p' \
    "$top_srcdir/src/dhcpcd_reasons.h" > "$T/reasons"
bad=
while read -r r act org; do
	ev STOPPED tb0
	ev BOUND tb0 -4 04c0000201
	ev BOUND6 tb0 -6 20010db8000000000000000000000001
	case $act$org in
	SET4) ev "$r" tb0 -4 04c0000202
	      want='server dhcpv4 192.0.2.2|server dhcpv6 2001:db8::1|' ;;
	SET6) ev "$r" tb0 -6 20010db8000000000000000000000002
	      want='server dhcpv4 192.0.2.1|server dhcpv6 2001:db8::2|' ;;
	CLEAR4) ev "$r" tb0; want='server dhcpv6 2001:db8::1|' ;;
	CLEAR6) ev "$r" tb0; want='server dhcpv4 192.0.2.1|' ;;
	*) ev "$r" tb0; want= ;;
	esac
	got=$(grep '^server' "$D/tb0" 2>/dev/null | tr '\n' '|')
	[ "$got" = "$want" ] || bad="$bad $r"
done < "$T/reasons"
[ "$(wc -l < "$T/reasons")" = 25 ] && [ -z "$bad" ] &&
    ok "each of the 25 reasons of the table does what it says" ||
    not_ok "reasons not doing what the table says:$bad"
ev BOUND tb0 -4 04c0000201
ev BOUND6 tb0 -6 20010db8000000000000000000000001
ev CARRIER tb0 -4 04c0000209
check_rc "a reason outside the table" 0
check "a reason outside the table changes nothing" tb0 \
    'server dhcpv4 192.0.2.1' 'server dhcpv6 2001:db8::1'
finish
