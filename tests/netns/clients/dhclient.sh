#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The dhclient exit hook (dhclient-hook/pcpsel) with the real ISC dhclient
# and the real dhclient-script (which sources it from
# dhclient-exit-hooks.d, hidden behind this test's directory), dhclient -4
# and dhclient -6 as two processes on one interface (as ifupdown runs
# them), against ISP-A's real Kea with the pcpsel hook (two DHCPv4 PCP
# servers, three DHCPv6 ones, T1 4 s), with the shipped
# dhclient.conf.pcpsel:
#  1. BOUND, BOUND6: the DHCPv4 servers, and of the three DHCPv6 servers
#     Kea sent (its log: 3 instances) the first only: dhclient -6 hands
#     one option-86 instance to its script (16 bytes in
#     new_dhcp6_pcp_server)
#  2. renumbering: Kea reconfigured, T1: RENEW and RENEW6 bring the new
#     servers
#  3. dhclient -6 -r: RELEASE6 removes the DHCPv6 servers, not the DHCPv4
#     ones (the file's DHCPv4 lines stay)
#  4. dhclient -4 -x: STOP removes the rest: no file, no state
#  5. no server (Kea stopped), dhclient -4 with its lease file: TIMEOUT
#     uses the recorded lease: its servers again (dhclient writes a lease
#     at most every 15 s: the lease recorded is the first or the renewed
#     one; the test reads which)
#  6. dhclient -4 killed (SIGKILL: no STOP), its servers left; the lease
#     file removed, still no server, dhclient -4 again: PREINIT drops what
#     the killed one left, FAIL follows: no file
# Nothing is logged.  Root only (network namespaces); exit 77 otherwise.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"

ns_init clients-dhclient mount
kea_require
cl_require dhclient
H=$T/host

ns_isp a
KEA_RENEW=4
kea_isp a 4 hook '[ [ "192.0.2.1", "192.0.2.2" ], [ "198.51.100.1" ] ]'
kea_isp a 6 hook \
    '[ [ "2001:db8:a::1" ], [ "2001:db8:a::2" ], [ "2001:db8:a::3" ] ]'
kea_start a 4 || bail "kea-dhcp4 did not start"
kea_start a 6 || bail "kea-dhcp6 did not start"
cl_conf host
# what dhclient hands the script for option 86
printf '%s\n' '[ -z "${new_dhcp6_pcp_server+x}" ] ||' \
    "printf '%s %s\\n' \"\$reason\" \"\$new_dhcp6_pcp_server\" >> '$H/opt86'" \
    > "$H/dhclient-exit-hooks.d/zz-opt86"
F=$(servers_file ispa)
S=$H/run/pcp/state

# 1. both leases
dhclient_start host 4 ispa
dhclient_start host 6 ispa
wait_file ispa "$(servers_text ispa \
    'server dhcpv4 192.0.2.1 192.0.2.2' \
    'server dhcpv4 198.51.100.1' \
    'server dhcpv6 2001:db8:a::1')"
ok "1: BOUND and BOUND6: both DHCPv4 servers, the first DHCPv6 server"
check "1: Kea sent three option-86 instances" 1 \
    "$(grep -c 'PCPSEL_SENT .*added 3 instance(s) of option 86' "$(kea_log a 6)" |
    awk '{ print ($1 >= 1) }')"
check "1: dhclient -6 passed one instance (16 bytes) to its script" \
    "BOUND6 32 1 13 184 0 10 0 0 0 0 0 0 0 0 0 1" "$(head -n 1 "$H/opt86")"

# 2. renumbering, then T1
n4=$(events_count host 'ispa RENEW')
n6=$(events_count host 'ispa RENEW6')
kea_isp a 4 hook '[ [ "192.0.2.9" ] ]'
kea_isp a 6 hook '[ [ "2001:db8:a::9" ], [ "2001:db8:a::8" ] ]'
kea_reload a 4 || bail "kea-dhcp4 refused its new configuration"
kea_reload a 6 || bail "kea-dhcp6 refused its new configuration"
wait_event host 'ispa RENEW' "$n4"
wait_event host 'ispa RENEW6' "$n6"
wait_file ispa "$(servers_text ispa \
    'server dhcpv4 192.0.2.9' \
    'server dhcpv6 2001:db8:a::9')"
ok "2: RENEW and RENEW6: the new servers"

# 3. release the DHCPv6 lease
dhclient_ctl host 6 ispa -r || bail "dhclient -6 -r"
dhclient_gone host 6 ispa
check "3: RELEASE6 ran" 1 "$(events_count host 'ispa RELEASE6')"
wait_file ispa "$(servers_text ispa 'server dhcpv4 192.0.2.9')"
ok "3: RELEASE6: the DHCPv4 server stays alone"
[ ! -e "$S/dhcpv6/ispa" ] && ok "3: no DHCPv6 state left" ||
    not_ok "3: DHCPv6 state left"

# 4. stop dhclient -4
dhclient_ctl host 4 ispa -x || bail "dhclient -4 -x"
dhclient_gone host 4 ispa
check "4: STOP ran" 1 "$(events_count host 'ispa STOP')"
wait_gone ispa
ok "4: STOP: no file"
[ ! -e "$S/dhcpv4/ispa" ] && ok "4: no DHCPv4 state left" ||
    not_ok "4: DHCPv4 state left"

# 5. no server: the recorded lease
kea_stop a 4
kea_stop a 6
cat "$top_srcdir/dhclient-hook/dhclient.conf.pcpsel" > "$H/dhclient.conf"
printf '%s\n' 'reboot 1;' 'timeout 3;' 'initial-interval 1;' >> "$H/dhclient.conf"
case $(sed -n 's/^ *option pcp-server \(.*\);$/\1/p' "$H/dhclient4-ispa.leases" |
    tail -n 1) in
8,192,0,2,1,192,0,2,2,4,198,51,100,1)
	want=$(servers_text ispa 'server dhcpv4 192.0.2.1 192.0.2.2' \
	    'server dhcpv4 198.51.100.1') ;;
4,192,0,2,9)
	want=$(servers_text ispa 'server dhcpv4 192.0.2.9') ;;
*)	bail "no known lease recorded" ;;
esac
n=$(events_count host 'ispa TIMEOUT')
dhclient_start host 4 ispa
wait_event host 'ispa TIMEOUT' "$n"
wait_file ispa "$want"
ok "5: TIMEOUT: the recorded lease's servers"

# 6. a dhclient killed, then one without a lease
eval "p=\$dhclient_pid_4_ispa"
ns_stop "$p" KILL
[ -e "$F" ] && ok "6: dhclient killed: its servers left" ||
    not_ok "6: dhclient killed: no file"
rm -f "$H/dhclient4-ispa.leases"
n=$(events_count host 'ispa PREINIT')
m=$(events_count host 'ispa FAIL')
dhclient_start host 4 ispa
wait_event host 'ispa PREINIT' "$n"
wait_gone ispa
ok "6: PREINIT: no file"
wait_event host 'ispa FAIL' "$m"
sleep 0.3
[ ! -e "$F" ] && ok "6: FAIL: no file" || not_ok "6: FAIL: a file"
dhclient_ctl host 4 ispa -x

check "nothing logged" "" "$(cat "$H/syslog")"
echo "# reasons: $(awk '{ print $2 }' "$H/events" | tr '\n' ' ')"
echo "# $(dhclient --version 2>&1)"
finish
