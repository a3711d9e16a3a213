#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Cases 2, 3 and 4: a host with two uplinks, ISP-A (ispa) and ISP-B (ispb),
# each with its own kea-dhcp4/kea-dhcp6 and the pcpsel Kea hook, and one
# dhcpcd per uplink (as ifupdown runs it), both with the pcpsel hook and
# sharing its state (so their hook runs also meet the lock).
#  2. multihoming: two files, each with only its interface's servers
#     (RFC 7291 §7, R7291-21); ISP-B sends three option-86 instances and
#     all three count (dhcpcd passes them as duplicate environment entries)
#  3. renumbering: ISP-B's Kea is reconfigured with other PCP servers;
#     after a renew the file shows them and only them
#  4. loss: ISP-A's lease is released and dhcpcd stops on ispa (dhcpcd -k
#     ispa: RELEASE6, STOP, STOPPED): its file goes away, ISP-B's stays
#     byte-identical (not even rewritten)
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"

renewed()
{
	grep -q 'ispb: executing: .* RENEW$' "$T/host/dhcpcd.log" &&
	grep -q 'ispb: executing: .* RENEW6$' "$T/host/dhcpcd.log"
}

e2e_setup multihoming

# ---- case 2
t0=$(ns_now)
ns_isp a
ns_isp b
kea_isp a 4 hook '[ [ "192.0.2.1" ] ]'
kea_isp a 6 hook '[ [ "2001:db8:a::1" ] ]'
kea_isp b 4 hook '[ [ "198.51.100.1" ] ]'
kea_isp b 6 hook \
    '[ [ "2001:db8:b::1" ], [ "2001:db8:b::2" ], [ "2001:db8:b::3" ] ]'
for x in a b; do
	kea_start $x 4 || bail "kea-dhcp4 of $x did not start"
	kea_start $x 6 || bail "kea-dhcp6 of $x did not start"
done
dhcpcd_conf ispa ispb
dhcpcd_start ispa
dhcpcd_start ispb
wait_file ispa "$(servers_text ispa \
    'server dhcpv4 192.0.2.1' \
    'server dhcpv6 2001:db8:a::1')"
wait_file ispb "$(servers_text ispb \
    'server dhcpv4 198.51.100.1' \
    'server dhcpv6 2001:db8:b::1' \
    'server dhcpv6 2001:db8:b::2' \
    'server dhcpv6 2001:db8:b::3')"
ok "case 2 (multihoming, two uplinks) in $(ns_elapsed "$t0") s"

# ---- case 3
t0=$(ns_now)
a_before=$(cat "$(servers_file ispa)")
kea_isp b 4 hook '[ [ "198.51.100.2" ] ]'
kea_isp b 6 hook '[ [ "2001:db8:b::9" ] ]'
kea_reload b 4 || bail "ISP-B kea-dhcp4 refused its new configuration"
kea_reload b 6 || bail "ISP-B kea-dhcp6 refused its new configuration"
dhcpcd_ctl -N ispb || bail "dhcpcd -N ispb"
wait_file ispb "$(servers_text ispb \
    'server dhcpv4 198.51.100.2' \
    'server dhcpv6 2001:db8:b::9')"
ns_poll "RENEW and RENEW6 on ispb" renewed ||
    bail "no RENEW/RENEW6 on ispb"
[ "$(cat "$(servers_file ispa)")" = "$a_before" ] || bail "ispa changed"
ok "case 3 (renumbering ISP-B) in $(ns_elapsed "$t0") s"

# ---- case 4
t0=$(ns_now)
cp "$(servers_file ispb)" "$T/ispb.before"
b_inode=$(stat -c %i "$(servers_file ispb)")
dhcpcd_ctl -k ispa || bail "dhcpcd -k ispa"
wait_gone ispa
dhcpcd_gone ispa
grep -q 'ispa: executing: .* STOPPED' "$T/host/dhcpcd.log" ||
    bail "no STOPPED on ispa"
cmp "$(servers_file ispb)" "$T/ispb.before" || bail "ispb changed"
[ "$(stat -c %i "$(servers_file ispb)")" = "$b_inode" ] ||
    bail "ispb was rewritten"
[ ! -e "$T/host/run/pcp/state/dhcpv4/ispa" ] &&
[ ! -e "$T/host/run/pcp/state/dhcpv6/ispa" ] ||
    bail "state of ispa left"
ok "case 4 (loss of ISP-A) in $(ns_elapsed "$t0") s"

# dhcpcd of ispb exits (-x): its list goes too (STOP6, STOP, STOPPED)
dhcpcd_ctl -x ispb || bail "dhcpcd -x ispb"
dhcpcd_gone ispb
[ ! -e "$(servers_file ispb)" ] || bail "ispb left after dhcpcd exited"
[ ! -s "$T/host/syslog" ] || bail "unexpected log: $(cat "$T/host/syslog")"
finish
