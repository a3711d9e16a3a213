#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Case 5: ISP-A's kea-dhcp4 sends a malformed option 158 (raw option-data:
# List-Length 5, not a multiple of 4, P-DHCP4-2 / digest vector D4-06);
# kea-dhcp6 sends a good option 86.  The interface's file holds the DHCPv6
# server and nothing from DHCPv4, and exactly one line was logged through
# dhcpcd-run-hooks' syslog, naming the interface, the option and the reason.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"

e2e_setup malformed
t0=$(ns_now)
ns_isp a
#                 05 = List-Length 5 | c0000201 0a
kea_isp a 4 raw 05c00002010a
#                 2001:db8:a::1
kea_isp a 6 raw 20010db8000a00000000000000000001
kea_start a 4 || bail "kea-dhcp4 of a did not start"
kea_start a 6 || bail "kea-dhcp6 of a did not start"
dhcpcd_conf ispa
dhcpcd_start ispa

wait_file ispa "$(servers_text ispa 'server dhcpv6 2001:db8:a::1')"
# the DHCPv4 lease itself was taken (the option, not the lease, is bad)
ns_poll "the DHCPv4 lease" grep -q 'ispa: leased 192.0.2.1' \
    "$T/host/dhcpcd.log" || bail "no DHCPv4 lease"
ns_poll "the log line" grep -q 'pcpsel' "$T/host/syslog" ||
    bail "nothing logged"
# the v4 state holds nothing
[ ! -e "$T/host/run/pcp/state/dhcpv4/ispa" ] ||
    bail "DHCPv4 state written from a malformed option"
# one line, at err, through dhcpcd-run-hooks, naming interface, option and
# reason
sleep 0.3	# would a second line come?
n=$(grep -c pcpsel "$T/host/syslog")
[ "$n" = 1 ] || bail "$n log lines, not 1"
line=$(grep pcpsel "$T/host/syslog")
echo "# logged: $line"
case $line in
"daemon.err dhcpcd-run-hooks: ispa: pcpsel dhcpcd: ispa: BOUND: DHCPv4 option 158 malformed (List-Length is not a multiple of 4, List-Length 5 at offset 0): no DHCPv4 PCP server") ;;
*) bail "unexpected log line" ;;
esac
# the same line on the runner's stderr (dhcpcd's output)
grep -q 'ispa: pcpsel dhcpcd: ispa: BOUND: DHCPv4 option 158 malformed' \
    "$T/host/dhcpcd.out" ||
    echo "# note: the line did not reach dhcpcd's stderr"
wait_file ispa "$(servers_text ispa 'server dhcpv6 2001:db8:a::1')"
ok "case 5 (malformed option 158) in $(ns_elapsed "$t0") s"
finish
