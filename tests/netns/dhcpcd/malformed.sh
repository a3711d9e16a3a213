#!/bin/sh
# Case 5: ISP-A's kea-dhcp4 sends a malformed option 158 (raw option-data:
# List-Length 5, not a multiple of 4, P-DHCP4-2 / digest vector D4-06);
# kea-dhcp6 sends a good option 86.  The interface's file holds the DHCPv6
# server and nothing from DHCPv4, and exactly one line was logged through
# dhcpcd-run-hooks' syslog, naming the interface, the option and the reason.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/e2e/lib.sh"

e2e_init malformed
t0=$(e2e_now)
e2e_isp a
#                 05 = List-Length 5 | c0000201 0a
e2e_kea_conf a 4 raw 05c00002010a
#                 2001:db8:a::1
e2e_kea_conf a 6 raw 20010db8000a00000000000000000001
e2e_kea_start a 4
e2e_kea_start a 6
e2e_dhcpcd_conf ispa
e2e_dhcpcd_start ispa

e2e_wait_file ispa "$(e2e_expect ispa 'server dhcpv6 2001:db8:a::1')"
# the DHCPv4 lease itself was taken (the option, not the lease, is bad)
e2e_poll "the DHCPv4 lease" grep -q 'ispa: leased 192.0.2.1' \
    "$E2E_DIR/host/dhcpcd.log" || e2e_fail "no DHCPv4 lease"
e2e_poll "the log line" grep -q 'pcpsel' "$E2E_DIR/host/syslog" ||
    e2e_fail "nothing logged"
# the v4 state holds nothing
[ ! -e "$E2E_DIR/host/run/dhcpcd/hook-state/pcpsel/dhcpv4/ispa" ] ||
    e2e_fail "DHCPv4 state written from a malformed option"
# one line, at err, through dhcpcd-run-hooks, naming interface, option and
# reason
sleep 0.3	# would a second line come?
n=$(grep -c pcpsel "$E2E_DIR/host/syslog")
[ "$n" = 1 ] || e2e_fail "$n log lines, not 1"
line=$(grep pcpsel "$E2E_DIR/host/syslog")
echo "logged: $line"
case $line in
"daemon.err dhcpcd-run-hooks: ispa: pcpsel dhcpcd: ispa: BOUND: DHCPv4 option 158 malformed (List-Length is not a multiple of 4, List-Length 5 at offset 0): no DHCPv4 PCP server") ;;
*) e2e_fail "unexpected log line" ;;
esac
# the same line on the runner's stderr (dhcpcd's output)
grep -q 'ispa: pcpsel dhcpcd: ispa: BOUND: DHCPv4 option 158 malformed' \
    "$E2E_DIR/host/dhcpcd.out" ||
    echo "note: the line did not reach dhcpcd's stderr"
e2e_wait_file ispa "$(e2e_expect ispa 'server dhcpv6 2001:db8:a::1')"
echo "case 5 (malformed option 158): PASS in $(e2e_elapsed "$t0") s"
exit 0
