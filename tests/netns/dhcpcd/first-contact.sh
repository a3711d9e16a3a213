#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Issue 19 item 2: DHCPv6 servers on first contact.  A host holds its
# leases from before the snippet was added (so its DHCPv6 lease has no
# option 86); the operator appends dhcpcd.conf.pcpsel and does what the
# documentation says.  The real dhcpcd against a server that sends options
# 158 and 86 only when they are requested, as Kea does (rogue-dhcp.py with
# asked=1, so the test also runs where Kea is not set up), on one link:
#
#  1. dhcpcd without the snippet: leases, no file (nothing asked for)
#  2. snippet appended, dhcpcd restarted: REBOOT asks for option 158
#     again; REBOOT6 only confirms the old DHCPv6 lease and keeps it as
#     saved (a Confirm's reply is no lease, RFC 8415 §18.3.3): the DHCPv4
#     server alone
#  3. `dhcpcd -n` (reload, rebind): still the DHCPv4 server alone (dhcpcd
#     confirms the saved DHCPv6 lease again)
#  4. `dhcpcd -N` (renew both): RENEW6 asks for option 86: both servers
#  5. dhcpcd restarted: the saved DHCPv6 lease now has option 86: both
#     servers from REBOOT6 at once
#  6. new leases without the snippet (lease files removed)
#  7. snippet appended, `dhcpcd -n` (no restart): the DHCPv4 server alone
#  8. `dhcpcd -N`: both servers
#
# Each step asserts the hook runs dhcpcd made (by reason), whether each
# request asked for the option (the server's log), and the exact file.
# Closing line "N passed, M failed".  Root only (network namespaces);
# exit 77 otherwise or without scapy.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"

NS_QUIET=${NS_QUIET:-1}
ns_init first-contact mount
dhcpcd_require
PY=/usr/bin/python3
[ -x "$PY" ] && "$PY" -c 'import scapy.all' 2>/dev/null ||
    skip_all "no scapy for $PY (python3-scapy)"
R=$T/rogue
H=$T/host
EVENTS=$H/events
mkdir -p "$R"
FILE_V4='server dhcpv4 192.0.2.1'
FILE_V6='server dhcpv6 2001:db8:a::1'

printf 'name=first\nasked=1\nv4=%s\nv6=%s\n' 9e0504c0000201 \
    0056001020010db8000a00000000000000000001 > "$R/case"
ns_isp a
rogue_start a tocpe "$R/case" "$R/rogue.log"
rogue_pid=$ROGUE_PID

dhcpcd_conf ispa
cp "$H/dhcpcd.conf" "$H/dhcpcd.conf.with"
# the same configuration without the snippet
sed '/^# --- the shipped snippet, verbatim$/,/^# ---$/d' \
    "$H/dhcpcd.conf.with" > "$H/dhcpcd.conf"
grep -q pcp_server "$H/dhcpcd.conf" && bail "snippet not removed"
cat > "$H/hooks/99-first-mark" <<EOF
printf '%s %s\n' "\$interface" "\$reason" >> '$EVENTS'
EOF
: > "$EVENTS"



count()
{
	grep -c "^ispa $1\$" "$EVENTS"
}

# mark: remember the number of each reason and of the server's replies
mark()
{
	for r in BOUND BOUND6 REBOOT REBOOT6 RENEW RENEW6 RECONFIGURE \
	    REBIND REBIND6 STOPPED; do
		eval "m_$r=$(count $r)"
	done
	m_log=$(wc -l < "$R/rogue.log")
}

# got REASON...: each reason ran once more since mark (waits for each)
got()
{
	for r do
		eval "m=\$m_$r"
		ns_poll "ispa $r" sh -c "[ \$(grep -c '^ispa $r\$' '$EVENTS') -gt $m ]" ||
		    { not_ok "no $r hook run"; return 1; }
	done
}

# asked WHAT: how many replies of WHAT ("v4 ACK", "v6 REPLY") since mark
# answered a request that asked for the option (asked=1); sent WHAT: how
# many carried it (sent=1)
asked()
{
	tail -n +$((m_log + 1)) "$R/rogue.log" | grep -c "$1 .*asked=1 "
}

sent()
{
	tail -n +$((m_log + 1)) "$R/rogue.log" | grep -c "$1 .*sent=1\$"
}

# file_is STEP 'line'...: the file is exactly these lines (none: no file)
file_is()
{
	step=$1
	shift
	f=$(servers_file ispa)
	if [ $# -eq 0 ]; then
		sleep 0.3
		[ ! -e "$f" ] && ok "$step: no file" ||
		    { not_ok "$step: a file"; sed 's/^/#   /' "$f"; }
		return
	fi
	want=$(servers_text ispa "$@")
	if ns_poll "$f" same_text "$f" "$want" >/dev/null; then
		ok "$step: file is $(echo "$@" | sed 's/server //g')"
	else
		not_ok "$step: file differs"
		sed 's/^/#   got: /' "$f" 2>/dev/null || echo "#   got no file"
	fi
}

# 1. no snippet: leases, nothing asked, no file
mark
dhcpcd_start ispa
got BOUND BOUND6 && ok "1: BOUND and BOUND6 without the snippet"
[ "$(asked 'v4 ACK' )" = 0 ] && [ "$(asked 'v6 REPLY')" = 0 ] &&
    ok "1: neither option asked for" || not_ok "1: an option was asked for"
file_is "1"
[ -s "$H/varlib/ispa.lease6" ] && ok "1: DHCPv6 lease saved" ||
    not_ok "1: no DHCPv6 lease saved"

# 2. the snippet appended, dhcpcd restarted
mark
dhcpcd_ctl -x ispa
dhcpcd_gone ispa
got STOPPED
cp "$H/dhcpcd.conf.with" "$H/dhcpcd.conf"
mark
dhcpcd_start ispa
got REBOOT REBOOT6 && ok "2: restart: REBOOT and REBOOT6"
[ "$(sent 'v4 ACK')" -ge 1 ] &&
    ok "2: the DHCPv4 REQUEST asked for 158, the ACK has it" ||
    not_ok "2: option 158 not asked for"
[ "$(sent 'v6 REPLY')" = 0 ] && ok "2: no DHCPv6 reply with option 86" ||
    not_ok "2: a DHCPv6 reply with option 86"
grep -q "confirming prior DHCPv6 lease" "$H/dhcpcd.log" &&
    ok "2: dhcpcd confirmed its old DHCPv6 lease" ||
    not_ok "2: no DHCPv6 Confirm"
file_is "2" "$FILE_V4"

# 3. dhcpcd -n: DHCPv4 again, DHCPv6 still without option 86
mark
dhcpcd_ctl -n ispa
sleep 2
n=0
for r in RECONFIGURE REBOOT RENEW REBIND REBOOT6 RENEW6 REBIND6; do
	eval "m=\$m_$r"
	c=$(count $r)
	[ "$c" -gt "$m" ] && echo "#   3: dhcpcd -n: $((c - m)) $r" && n=$((n + c - m))
done
[ "$n" -gt 0 ] && ok "3: dhcpcd -n ran the hooks" || not_ok "3: dhcpcd -n: no hook run"
# dhcpcd 9.4.1 sends a Rebind (which asks for 86) and at once restarts
# DHCPv6 with a Confirm of the saved lease: the Rebind's reply is dropped
# ("wrong xid"), REBOOT6 has the old lease
echo "#   3: DHCPv6 replies with option 86: $(sent 'v6 REPLY'), used: none"
file_is "3" "$FILE_V4"

# 4. dhcpcd -N: RENEW6 asks for option 86
mark
dhcpcd_ctl -N ispa
got RENEW RENEW6 && ok "4: dhcpcd -N: RENEW and RENEW6"
[ "$(sent 'v6 REPLY')" -ge 1 ] &&
    ok "4: the DHCPv6 Renew asked for 86, the Reply has it" ||
    not_ok "4: no DHCPv6 reply with option 86"
file_is "4" "$FILE_V4" "$FILE_V6"

# 5. restarted again: the saved lease has option 86
mark
dhcpcd_ctl -x ispa
dhcpcd_gone ispa
got STOPPED
file_is "5: stopped"
mark
dhcpcd_start ispa
got REBOOT REBOOT6 && ok "5: restart: REBOOT and REBOOT6"
file_is "5" "$FILE_V4" "$FILE_V6"

# 6-8. the same without a restart: leases without the snippet, the
# snippet appended, `dhcpcd -n` (reads it: DHCPv4 asks again), `dhcpcd -N`
mark
dhcpcd_ctl -x ispa
dhcpcd_gone ispa
got STOPPED
rm -f "$H/varlib/ispa.lease" "$H/varlib/ispa.lease6"
sed '/^# --- the shipped snippet, verbatim$/,/^# ---$/d' \
    "$H/dhcpcd.conf.with" > "$H/dhcpcd.conf"
mark
dhcpcd_start ispa
got BOUND BOUND6 && ok "6: new leases without the snippet"
file_is "6"
cp "$H/dhcpcd.conf.with" "$H/dhcpcd.conf"
mark
dhcpcd_ctl -n ispa
got RECONFIGURE REBOOT6 && ok "7: dhcpcd -n: RECONFIGURE and REBOOT6"
file_is "7" "$FILE_V4"
mark
dhcpcd_ctl -N ispa
got RENEW RENEW6 && ok "8: dhcpcd -N: RENEW and RENEW6"
file_is "8" "$FILE_V4" "$FILE_V6"

echo "# $(dhcpcd --version | head -n 1)"
finish
