#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# `pcpsel dhclient`, `pcpsel udhcpc` and `pcpsel nm` alone (no root, no
# daemon), and the scripts that call them, run by hand with a client's
# variables: every reason of each table does what the table says (in the
# store every adapter shares: the servers are first set by `pcpsel
# dhcpcd`), the scripts' case patterns and the man pages list exactly the
# tables, the value forms and their limits, a bad value leaves its origin
# as it was, only the event's origin and interface change, the scripts'
# log levels and exit statuses.
set -u
: "${top_builddir:?}"
: "${top_srcdir:?}"
: "${PCPSEL:=$top_builddir/pcpsel}"
. "$top_srcdir/tests/lib.sh"
[ -x "$PCPSEL" ] || skip_all "no $PCPSEL"
D=$T/servers
S=$T/state

# ev CMD REASON IFNAME [ARGS]: pcpsel CMD with our directories; stderr in
# $T/err, exit code in $rc
ev()
{
	cmd=$1 reason=$2 ifn=$3
	shift 3
	rc=0
	"$PCPSEL" "$cmd" --dir "$D" --state-dir "$S" "$@" -- "$reason" "$ifn" \
	    2> "$T/err" || rc=$?
}

# lines IFNAME: the server lines of IFNAME's file joined by '|'
lines()
{
	grep '^server' "$D/$1" 2>/dev/null | tr '\n' '|'
}

# same NAME WANT GOT
same()
{
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1" "expected: $2" "got:      $3"
	fi
}

# err_is NAME LINE: stderr is exactly LINE ("-": nothing)
err_is()
{
	if [ "$2" = - ]; then
		same "$1: silent" "" "$(cat "$T/err")"
	else
		same "$1: one line" "$2" "$(cat "$T/err")"
	fi
}

snap()
{
	if [ -e "$1" ]; then
		echo "$(stat -c %i "$1") $(cksum < "$1")"
	else
		echo absent
	fi
}

# seed IFNAME: DHCPv4 server 192.0.2.1 and DHCPv6 server 2001:db8::1, set
# by the dhcpcd adapter in the same store
seed()
{
	"$PCPSEL" dhcpcd --dir "$D" --state-dir "$S" -- STOPPED "$1"
	"$PCPSEL" dhcpcd --dir "$D" --state-dir "$S" -4 04c0000201 -- BOUND "$1"
	"$PCPSEL" dhcpcd --dir "$D" --state-dir "$S" \
	    -6 20010db8000000000000000000000001 -- BOUND6 "$1"
}
SEEDED='server dhcpv4 192.0.2.1|server dhcpv6 2001:db8::1|'

# 1. each table: every reason does what its row says.  Values for
# 192.0.2.2 and 2001:db8::2 in each client's form.
DEC4='4 192 0 2 2'
DEC6='32 1 13 184 0 0 0 0 0 0 0 0 0 0 0 2'
HEX4=04c0000202
for c in dhclient:dhclient_reasons udhcpc:udhcpc_events nm:nm_actions; do
	cmd=${c%%:*} table=$top_srcdir/src/${c#*:}.h
	case $cmd in
	dhclient) v4=$DEC4 v6=$DEC6 ;;
	udhcpc) v4=$HEX4 v6= ;;
	nm) v4=$HEX4 v6=$DEC6 ;;
	esac
	sed -n 's/^REASON("\([^"]*\)", \([A-Z]*\), \(.*\))$/\1 \2 \3/p' \
	    "$table" > "$T/rows"
	bad= rows=0
	while read -r r act org; do
		rows=$((rows + 1))
		case $org in
		PCPSEL_ORIGIN_DHCPV4) o=4 ;;
		PCPSEL_ORIGIN_DHCPV6) o=6 ;;
		"PCPSEL_ORIGIN_DHCPV4 | PCPSEL_ORIGIN_DHCPV6") o=46 ;;
		0) o=0 ;;
		*) o=? ;;
		esac
		seed tb0
		set -- -4 "$v4"
		[ -n "$v6" ] && set -- "$@" -6 "$v6"
		ev "$cmd" "$r" tb0 "$@"
		case $act$o in
		SET4) want='server dhcpv4 192.0.2.2|server dhcpv6 2001:db8::1|' ;;
		SET6) want='server dhcpv4 192.0.2.1|server dhcpv6 2001:db8::2|' ;;
		SET46) want='server dhcpv4 192.0.2.2|server dhcpv6 2001:db8::2|' ;;
		CLEAR4) want='server dhcpv6 2001:db8::1|' ;;
		CLEAR6) want='server dhcpv4 192.0.2.1|' ;;
		ALL0) want= ;;
		NONE0) want=$SEEDED ;;
		*) want="(row $r $act $org unknown)" ;;
		esac
		[ "$rc" = 0 ] && [ ! -s "$T/err" ] &&
		    [ "$(lines tb0)" = "$want" ] || bad="$bad $r"
	done < "$T/rows"
	case $cmd in
	dhclient) want=23 ;;
	udhcpc) want=5 ;;
	nm) want=4 ;;
	esac
	[ "$rows" = "$want" ] && [ -z "$bad" ] &&
	    ok "$cmd: each of the $rows reasons of its table does what it says" ||
	    not_ok "$cmd: $rows rows, not doing what the table says:$bad"
	seed tb0
	ev "$cmd" NOT-A-REASON tb0 -4 "$v4"
	[ "$rc" = 0 ] && [ "$(lines tb0)" = "$SEEDED" ] &&
	    ok "$cmd: a reason outside the table changes nothing" ||
	    not_ok "$cmd: a reason outside the table changed something"
done

# 2. the scripts' case patterns and the man pages list the tables
for c in dhclient:dhclient_reasons:dhclient-hook/pcpsel:reason \
    udhcpc:udhcpc_events:udhcpc-hook/pcpsel.script:1 \
    nm:nm_actions:nm-dispatcher/60-pcpsel:2; do
	cmd=${c%%:*} rest=${c#*:}
	table=$top_srcdir/src/${rest%%:*}.h rest=${rest#*:}
	script=$top_builddir/${rest%%:*}
	acting=$(sed -n 's/^REASON("\([^"]*\)", [SCA][A-Z]*,.*/\1/p' "$table" |
	    sort | tr '\n' ' ')
	all=$(sed -n 's/^REASON("\([^"]*\)",.*/\1/p' "$table" | sort |
	    tr '\n' ' ')
	pat=$(sed -n '/^case "\${*\(reason\|1:-\|2:-\)}*" in$/{n;p;}' "$script" |
	    tr -d ')' | tr '|' '\n' | sort | tr '\n' ' ')
	same "$cmd: the script acts on the table's reasons" "$acting" "$pat"
	man=$(sed -n '/^\.SH EVENTS/,/^\.SH /p' "$top_srcdir/doc/pcpsel-$cmd.8" |
	    sed -n 's/^\.B //p' | tr ' ' '\n' | grep -E '^[A-Za-z0-9-]+$' |
	    sed 's/\\-/-/g' | sort | tr '\n' ' ')
	same "pcpsel-$cmd(8) EVENTS lists the table's reasons" "$all" "$man"
done

# 3. value forms
seed vf0
ev dhclient BOUND vf0 -4 '8 192 0 2 1 192 0 2 2 4 198 51 100 1'
same "dhclient: decimal bytes" \
    'server dhcpv4 192.0.2.1 192.0.2.2|server dhcpv4 198.51.100.1|server dhcpv6 2001:db8::1|' \
    "$(lines vf0)"
for v in '256:1' '8  192 0 2 1:3' ' 8 192 0 2 1:1' '8 192 0 2 1 :13' \
    '0008 192 0 2 1:4' '08c0:3' '8:c0:0:2:1:2' '-1:1' '8,192:2'; do
	seed vf0
	ev dhclient RENEW vf0 -4 "${v%:*}"
	[ "$rc" = 65 ] && [ "$(lines vf0)" = "$SEEDED" ] &&
	    [ "$(cat "$T/err")" = "pcpsel dhclient: vf0: RENEW: DHCPv4 option 158: value 1 is not decimal bytes (dhclient's \"array of unsigned integer 8\") (character ${v##*:}): DHCPv4 PCP servers unchanged" ] &&
	    ok "dhclient: '${v%:*}' refused at character ${v##*:}, servers kept" ||
	    { not_ok "dhclient: '${v%:*}'"; sed 's/^/#   /' "$T/err"; }
done
ev dhclient BOUND vf0 -4 '255'
same "dhclient: one byte: malformed (exit 65)" 65 "$rc"
err_is "dhclient: one byte" "pcpsel dhclient: vf0: BOUND: DHCPv4 option 158 malformed (option data shorter than 5 bytes: 1 byte): no DHCPv4 PCP server"
same "dhclient: one byte: the DHCPv4 servers go" 'server dhcpv6 2001:db8::1|' "$(lines vf0)"
seed vf0
ev dhclient BOUND vf0
same "dhclient: BOUND without the option: no DHCPv4 server" \
    'server dhcpv6 2001:db8::1|' "$(lines vf0)"
seed vf0
ev dhclient BOUND vf0 -6 "$DEC6"
same "dhclient: BOUND ignores a DHCPv6 value" 'server dhcpv6 2001:db8::1|' \
    "$(lines vf0)"
seed vf0
ev dhclient BOUND6 vf0 -6 '32 1 13 184 0 0 0 0 0 0 0 0 0 0 0'
same "dhclient: a 15-byte instance: exit 65" 65 "$rc"
err_is "dhclient: a 15-byte instance" "pcpsel dhclient: vf0: BOUND6: DHCPv6 option 86 malformed (option-len is not a multiple of 16, instance 1 of 1, length 15): no DHCPv6 PCP server"
seed vf0
ev dhclient BOUND vf0 -4 '8 192 0 2 1 127 0 0 1'
same "dhclient: a loopback address dropped: exit 0" 0 "$rc"
err_is "dhclient: a loopback address dropped" "pcpsel dhclient: vf0: BOUND: DHCPv4 option 158: dropped 1 unusable address (loopback, multicast, unspecified or reserved) and 0 duplicates"
seed vf0
ev udhcpc bound vf0 -4 04C0000203
same "udhcpc: upper-case hex" 'server dhcpv4 192.0.2.3|server dhcpv6 2001:db8::1|' \
    "$(lines vf0)"
for v in '04c000020:10' '0x04c0000201:2' '4 192 0 2 1:2'; do
	seed vf0
	ev udhcpc renew vf0 -4 "${v%:*}"
	[ "$rc" = 65 ] && [ "$(lines vf0)" = "$SEEDED" ] &&
	    [ "$(cat "$T/err")" = "pcpsel udhcpc: vf0: renew: DHCPv4 option 158: value 1 is not hex bytes (character ${v##*:}): DHCPv4 PCP servers unchanged" ] &&
	    ok "udhcpc: '${v%:*}' refused at character ${v##*:}" ||
	    { not_ok "udhcpc: '${v%:*}'"; sed 's/^/#   /' "$T/err"; }
done
ev udhcpc bound vf0 -6 "$HEX4"
same "udhcpc: -6 is a usage error" 64 "$rc"
seed vf0
ev nm dhcp4-change vf0 -4 '4 192 0 2 4'
same "nm: decimal bytes (dhclient backend)" \
    'server dhcpv4 192.0.2.4|server dhcpv6 2001:db8::1|' "$(lines vf0)"
ev nm dhcp4-change vf0 -4 04c0000205
same "nm: hex (dhcpcd backend)" \
    'server dhcpv4 192.0.2.5|server dhcpv6 2001:db8::1|' "$(lines vf0)"
ev nm dhcp4-change vf0 -4 12
err_is "nm: two digits are one hex byte" "pcpsel nm: vf0: dhcp4-change: DHCPv4 option 158 malformed (option data shorter than 5 bytes: 1 byte): no DHCPv4 PCP server"
ev nm dhcp4-change vf0 -4 8
err_is "nm: one digit is one decimal byte" "pcpsel nm: vf0: dhcp4-change: DHCPv4 option 158 malformed (option data shorter than 5 bytes: 1 byte): no DHCPv4 PCP server"
seed vf0
ev nm up vf0 -4 '04c00002zz' -6 "$DEC6"
same "nm up: a bad DHCPv4 value: exit 65" 65 "$rc"
same "nm up: the DHCPv6 servers change, the DHCPv4 ones stay" \
    'server dhcpv4 192.0.2.1|server dhcpv6 2001:db8::2|' "$(lines vf0)"
err_is "nm up: a bad DHCPv4 value" "pcpsel nm: vf0: up: DHCPv4 option 158: value 1 is not hex or decimal bytes (character 9): DHCPv4 PCP servers unchanged"
seed vf0
ev nm up vf0 -4 '4 192 0 2 1 4 127 0 0 1' -6 '32 1 13 184 0 0 0 0 0 0 0 0 0 0 0'
err_is "nm up: one line for both origins" "pcpsel nm: vf0: up: DHCPv4 option 158: dropped 1 unusable address (loopback, multicast, unspecified or reserved) and 0 duplicates; 1 server left empty; vf0: up: DHCPv6 option 86 malformed (option-len is not a multiple of 16, instance 1 of 1, length 15): no DHCPv6 PCP server"
same "nm up: the DHCPv4 server left, no DHCPv6 server" \
    'server dhcpv4 192.0.2.1|' "$(lines vf0)"

# 4. interfaces apart; usage
seed ia0
seed ia1
s0=$(snap "$D/ia0")
ev dhclient STOP ia1
ev udhcpc deconfig ia1
ev nm down ia1
same "events of ia1 leave ia0's file as it was" "$s0" "$(snap "$D/ia0")"
same "ia1's file gone" absent "$(snap "$D/ia1")"
ev dhclient BOUND 'a/b' -4 "$DEC4"
same "a bad interface name: exit 64" 64 "$rc"
rc=0
"$PCPSEL" nm up 2> /dev/null || rc=$?
same "one operand: exit 64" 64 "$rc"
"$PCPSEL" dhclient --help > "$T/out" 2>&1
same "dhclient --help: exit 0" 0 "$?"

# 5. the scripts, run as their clients run them, with a logger(1) stand-in
fake_logger "$T"
HOOK=$top_builddir/dhclient-hook/pcpsel
# hook VAR=VALUE...: source the dhclient hook as dhclient-script does (in a
# function), with these variables; its status in $rc
hook()
{
	: > "$T/syslog"
	rc=0
	env -i PATH="$T/bin:$PATH" pcpsel="$PCPSEL" pcpsel_servers_dir="$D" \
	    pcpsel_state_dir="$S" "$@" sh -c 'run_hook() { . "$1"; }; run_hook "$0"' \
	    "$HOOK" || rc=$?
}
seed hk0
hook reason=BOUND interface=hk0 new_pcp_server='4 192 0 2 9'
same "dhclient hook: BOUND" 'server dhcpv4 192.0.2.9|server dhcpv6 2001:db8::1|' "$(lines hk0)"
same "dhclient hook: status 0, nothing logged" "0:" "$rc:$(cat "$T/syslog")"
hook reason=RENEW interface=hk0 new_pcp_server='8 192 0 2 9 127 0 0 1'
same "dhclient hook: dropped address: a warning" \
    "daemon.warning dhclient: hk0: pcpsel dhclient: hk0: RENEW: DHCPv4 option 158: dropped 1 unusable address (loopback, multicast, unspecified or reserved) and 0 duplicates" \
    "$(cat "$T/syslog")"
hook reason=RENEW interface=hk0 new_pcp_server='8:c0:0:2:9'
same "dhclient hook: a string value: an error, status 0" \
    "0:daemon.err dhclient: hk0: pcpsel dhclient: hk0: RENEW: DHCPv4 option 158: value 1 is not decimal bytes (dhclient's \"array of unsigned integer 8\") (character 2): DHCPv4 PCP servers unchanged" \
    "$rc:$(cat "$T/syslog")"
hook reason=BOUND6 interface=hk0 new_dhcp6_pcp_server="$DEC6"
same "dhclient hook: BOUND6" 'server dhcpv4 192.0.2.9|server dhcpv6 2001:db8::2|' "$(lines hk0)"
hook reason=RELEASE6 interface=hk0
same "dhclient hook: RELEASE6" 'server dhcpv4 192.0.2.9|' "$(lines hk0)"
hook reason=DEPREF6 interface=hk0 pcpsel=/nonexistent
same "dhclient hook: DEPREF6 does not run pcpsel" "0:" "$rc:$(cat "$T/syslog")"
hook reason=STOP interface=hk0 pcpsel=/nonexistent
same "dhclient hook: pcpsel missing: an error, status 0" \
    "0:daemon.err dhclient: hk0: pcpsel: /nonexistent is missing: PCP servers not updated" \
    "$rc:$(cat "$T/syslog")"
hook reason=STOP interface=hk0
same "dhclient hook: STOP" absent "$(snap "$D/hk0")"

SCRIPT=$top_builddir/udhcpc-hook/pcpsel.script
printf '#!/bin/sh\necho "$1 $interface" >> "%s"\nexit 3\n' "$T/next.log" \
    > "$T/next"
chmod 755 "$T/next"
# script EVENT VAR=VALUE...: pcpsel.script as udhcpc runs it
script()
{
	ev=$1
	shift
	: > "$T/syslog"
	rc=0
	env -i PATH="$T/bin:$PATH" pcpsel="$PCPSEL" pcpsel_servers_dir="$D" \
	    pcpsel_state_dir="$S" pcpsel_udhcpc_script="$T/next" "$@" \
	    "$SCRIPT" "$ev" || rc=$?
}
seed hk1
: > "$T/next.log"
script bound interface=hk1 opt158=04c0000207
same "udhcpc script: bound" 'server dhcpv4 192.0.2.7|server dhcpv6 2001:db8::1|' "$(lines hk1)"
same "udhcpc script: the default script ran first, its status kept" \
    "3:bound hk1" "$rc:$(cat "$T/next.log")"
script renew interface=hk1 opt158=04c00002
same "udhcpc script: malformed: an error" \
    "daemon.err udhcpc[$$]: hk1: pcpsel udhcpc: hk1: renew: DHCPv4 option 158 malformed (option data shorter than 5 bytes: 4 bytes): no DHCPv4 PCP server" \
    "$(sed "s/udhcpc\[[0-9]*\]/udhcpc[$$]/" "$T/syslog")"
script deconfig interface=hk1 pcpsel_udhcpc_script=
same "udhcpc script: deconfig, no script first: status 0" \
    "0:server dhcpv6 2001:db8::1|" "$rc:$(lines hk1)"

# the dispatcher's environment is NetworkManager's alone: the script's
# pcpsel is a wrapper naming our directories
printf '#!/bin/sh\nc=$1\nshift\nexec "%s" "$c" --dir "%s" --state-dir "%s" "$@"\n' \
    "$PCPSEL" "$D" "$S" > "$T/pcpsel-wrap"
chmod 755 "$T/pcpsel-wrap"
NM=$T/60-pcpsel
sed "s|^pcpsel=.*|pcpsel=$T/pcpsel-wrap|" "$top_builddir/nm-dispatcher/60-pcpsel" \
    > "$NM"
chmod 755 "$NM"
grep -q "^pcpsel=$T/pcpsel-wrap\$" "$NM" && ok "nm script: pcpsel set" ||
    not_ok "nm script: no pcpsel= line"
# nm ARG... [-- VAR=VALUE...]: the script as nm-dispatcher runs it
nm()
{
	a1=$1 a2=$2
	shift 2
	: > "$T/syslog"
	rc=0
	env -i PATH="$T/bin:$PATH" "$@" "$NM" "$a1" "$a2" || rc=$?
}
seed hk2
nm hk2 up DHCP4_PCP_SERVER=04c000020a DHCP4_IP_ADDRESS=192.0.2.100
same "nm script: up with a DHCPv4 lease only: its server, no DHCPv6 one" \
    "0:server dhcpv4 192.0.2.10|:" "$rc:$(lines hk2):$(cat "$T/syslog")"
nm hk2 dhcp6-change DHCP6_DHCP6_PCP_SERVER="$DEC6"
same "nm script: dhcp6-change" \
    "server dhcpv4 192.0.2.10|server dhcpv6 2001:db8::2|" "$(lines hk2)"
nm hk2 dhcp4-change DHCP4_PCP_SERVER='4 192 0 2 11'
same "nm script: dhcp4-change, decimal" \
    "server dhcpv4 192.0.2.11|server dhcpv6 2001:db8::2|" "$(lines hk2)"
nm hk2 dhcp4-change DHCP4_PCP_SERVER=04c00002
same "nm script: malformed: an error, exit 0" \
    "0:daemon.err nm-dispatcher: pcpsel nm: hk2: dhcp4-change: DHCPv4 option 158 malformed (option data shorter than 5 bytes: 4 bytes): no DHCPv4 PCP server" \
    "$rc:$(cat "$T/syslog")"
s2=$(snap "$D/hk2")
nm hk2 pre-down
nm hk2 connectivity-change
nm none hostname
same "nm script: pre-down, connectivity-change, hostname change nothing" \
    "$s2:" "$(snap "$D/hk2"):$(cat "$T/syslog")"
nm hk2 down
same "nm script: down: the file goes" absent "$(snap "$D/hk2")"
[ ! -e "$S/dhcpv4/hk2" ] && [ ! -e "$S/dhcpv6/hk2" ] &&
    ok "nm script: down: no state left" || not_ok "nm script: down: state left"

# the command line, through the tool's shared parser (src/util.c
# tool_args): the same messages as every other command, exit 64, usage
for c in dhclient udhcpc nm; do
	rc=0
	"$PCPSEL" "$c" -x bound ifx > /dev/null 2> "$T/err" || rc=$?
	same "$c -x: exit 64" 64 "$rc"
	same "$c -x: named" "pcpsel $c: unknown option '-x'" "$(head -n 1 "$T/err")"
	grep -q "^Usage: pcpsel $c " "$T/err" && ok "$c -x: usage" ||
	    not_ok "$c -x: no usage on stderr"
	rc=0
	"$PCPSEL" "$c" --dir > /dev/null 2> "$T/err" || rc=$?
	same "$c --dir without a value: exit 64" 64 "$rc"
	same "$c --dir without a value: named" \
	    "pcpsel $c: option '--dir' needs a value" "$(head -n 1 "$T/err")"
	rc=0
	"$PCPSEL" "$c" --help > "$T/out" 2> "$T/err" || rc=$?
	same "$c --help: exit 0, usage on stdout" "0 Usage: pcpsel $c" \
	    "$rc $(head -n 1 "$T/out" | cut -d' ' -f1-3)"
done
rc=0
"$PCPSEL" udhcpc -6 00 bound ifx > /dev/null 2> "$T/err" || rc=$?
same "udhcpc -6: exit 64" 64 "$rc"
same "udhcpc -6: named" "pcpsel udhcpc: udhcpc passes no option 86" \
    "$(head -n 1 "$T/err")"

finish
