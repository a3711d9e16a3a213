#!/bin/sh
# Case 1: one uplink, dual stack.  ISP-A's kea-dhcp4 serves two PCP servers
# through the pcpsel Kea hook, its kea-dhcp6 two (one with an IPv4-mapped
# address, sent IPv4-mapped: R7291-19) in two option-86 instances; dhcpcd's
# hook writes one merged, ordered file (P-DHCP-1, RFC 6724):
#  - the DHCPv4 servers first, in the order served;
#  - the DHCPv6 server 198.51.100.1 (IPv4-mapped) shares its address with
#    the second DHCPv4 server: one server, both origins (P-DHCP-1,
#    P-DHCP6-6);
#  - the DHCPv6 server [192.0.2.9, 2001:db8:a::5] is ordered IPv6 first:
#    the host has a global IPv6 address, and RFC 6724 §6 Rule 6 gives ::/0
#    precedence 40 over ::ffff:0:0/96's 35.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/e2e/lib.sh"

e2e_init dualstack
t0=$(e2e_now)
e2e_isp a
e2e_kea_conf a 4 hook '[ [ "192.0.2.1", "192.0.2.2" ], [ "198.51.100.1" ] ]'
e2e_kea_conf a 6 hook '[ [ "192.0.2.9", "2001:db8:a::5" ], [ "198.51.100.1" ] ]'
e2e_kea_start a 4
e2e_kea_start a 6
e2e_dhcpcd_conf ispa
e2e_dhcpcd_start ispa

e2e_wait_file ispa "$(e2e_expect ispa \
    'server dhcpv4 192.0.2.1 192.0.2.2' \
    'server dhcpv4,dhcpv6 198.51.100.1' \
    'server dhcpv6 2001:db8:a::5 192.0.2.9')"
# both leases are there, and the hook logged nothing
grep -q 'ispa: leased 192.0.2.1' "$E2E_DIR/host/dhcpcd.log" ||
    e2e_fail "no DHCPv4 lease"
[ ! -s "$E2E_DIR/host/syslog" ] || e2e_fail "unexpected log: $(cat "$E2E_DIR/host/syslog")"
echo "case 1 (one uplink, dual stack): PASS in $(e2e_elapsed "$t0") s"
exit 0
