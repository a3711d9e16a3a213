#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
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
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"

e2e_setup dualstack
t0=$(ns_now)
ns_isp a
kea_isp a 4 hook '[ [ "192.0.2.1", "192.0.2.2" ], [ "198.51.100.1" ] ]'
kea_isp a 6 hook '[ [ "192.0.2.9", "2001:db8:a::5" ], [ "198.51.100.1" ] ]'
kea_start a 4 || bail "kea-dhcp4 of a did not start"
kea_start a 6 || bail "kea-dhcp6 of a did not start"
dhcpcd_conf ispa
dhcpcd_start ispa

wait_file ispa "$(servers_text ispa \
    'server dhcpv4 192.0.2.1 192.0.2.2' \
    'server dhcpv4,dhcpv6 198.51.100.1' \
    'server dhcpv6 2001:db8:a::5 192.0.2.9')"
# both leases are there, and the hook logged nothing
grep -q 'ispa: leased 192.0.2.1' "$T/host/dhcpcd.log" ||
    bail "no DHCPv4 lease"
[ ! -s "$T/host/syslog" ] || bail "unexpected log: $(cat "$T/host/syslog")"
ok "case 1 (one uplink, dual stack) in $(ns_elapsed "$t0") s"
finish
