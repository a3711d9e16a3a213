#!/bin/sh
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
. "${top_srcdir:-$(dirname "$0")/../..}/tests/e2e/lib.sh"

e2e_renewed()
{
	grep -q 'ispb: executing: .* RENEW$' "$E2E_DIR/host/dhcpcd.log" &&
	grep -q 'ispb: executing: .* RENEW6$' "$E2E_DIR/host/dhcpcd.log"
}

e2e_init multihoming

# ---- case 2
t0=$(e2e_now)
e2e_isp a
e2e_isp b
e2e_kea_conf a 4 hook '[ [ "192.0.2.1" ] ]'
e2e_kea_conf a 6 hook '[ [ "2001:db8:a::1" ] ]'
e2e_kea_conf b 4 hook '[ [ "198.51.100.1" ] ]'
e2e_kea_conf b 6 hook \
    '[ [ "2001:db8:b::1" ], [ "2001:db8:b::2" ], [ "2001:db8:b::3" ] ]'
for x in a b; do
	e2e_kea_start $x 4
	e2e_kea_start $x 6
done
e2e_dhcpcd_conf ispa ispb
e2e_dhcpcd_start ispa
e2e_dhcpcd_start ispb
e2e_wait_file ispa "$(e2e_expect ispa \
    'server dhcpv4 192.0.2.1' \
    'server dhcpv6 2001:db8:a::1')"
e2e_wait_file ispb "$(e2e_expect ispb \
    'server dhcpv4 198.51.100.1' \
    'server dhcpv6 2001:db8:b::1' \
    'server dhcpv6 2001:db8:b::2' \
    'server dhcpv6 2001:db8:b::3')"
echo "case 2 (multihoming, two uplinks): PASS in $(e2e_elapsed "$t0") s"

# ---- case 3
t0=$(e2e_now)
a_before=$(cat "$(e2e_file ispa)")
e2e_kea_conf b 4 hook '[ [ "198.51.100.2" ] ]'
e2e_kea_conf b 6 hook '[ [ "2001:db8:b::9" ] ]'
e2e_kea_reload b 4
e2e_kea_reload b 6
e2e_dhcpcd_ctl -N ispb || e2e_fail "dhcpcd -N ispb"
e2e_wait_file ispb "$(e2e_expect ispb \
    'server dhcpv4 198.51.100.2' \
    'server dhcpv6 2001:db8:b::9')"
e2e_poll "RENEW and RENEW6 on ispb" e2e_renewed ||
    e2e_fail "no RENEW/RENEW6 on ispb"
[ "$(cat "$(e2e_file ispa)")" = "$a_before" ] || e2e_fail "ispa changed"
echo "case 3 (renumbering ISP-B): PASS in $(e2e_elapsed "$t0") s"

# ---- case 4
t0=$(e2e_now)
cp "$(e2e_file ispb)" "$E2E_DIR/ispb.before"
b_inode=$(stat -c %i "$(e2e_file ispb)")
e2e_dhcpcd_ctl -k ispa || e2e_fail "dhcpcd -k ispa"
e2e_wait_gone ispa
e2e_dhcpcd_gone ispa
grep -q 'ispa: executing: .* STOPPED' "$E2E_DIR/host/dhcpcd.log" ||
    e2e_fail "no STOPPED on ispa"
cmp "$(e2e_file ispb)" "$E2E_DIR/ispb.before" || e2e_fail "ispb changed"
[ "$(stat -c %i "$(e2e_file ispb)")" = "$b_inode" ] ||
    e2e_fail "ispb was rewritten"
[ ! -e "$E2E_DIR/host/run/dhcpcd/hook-state/pcpsel/dhcpv4/ispa" ] &&
[ ! -e "$E2E_DIR/host/run/dhcpcd/hook-state/pcpsel/dhcpv6/ispa" ] ||
    e2e_fail "state of ispa left"
echo "case 4 (loss of ISP-A): PASS in $(e2e_elapsed "$t0") s"

# dhcpcd of ispb exits (-x): its list goes too (STOP6, STOP, STOPPED)
e2e_dhcpcd_ctl -x ispb || e2e_fail "dhcpcd -x ispb"
e2e_dhcpcd_gone ispb
[ ! -e "$(e2e_file ispb)" ] || e2e_fail "ispb left after dhcpcd exited"
[ ! -s "$E2E_DIR/host/syslog" ] || e2e_fail "unexpected log: $(cat "$E2E_DIR/host/syslog")"
exit 0
