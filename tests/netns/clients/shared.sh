#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Several clients on one host share the adapters' store (/run/pcp/state)
# and never touch each other's interfaces.  Two uplinks, each ISP with its
# real Kea and the pcpsel hook:
#   ispa  udhcpc for DHCPv4 and dhclient -6 for DHCPv6 (one interface, two
#         clients: their servers merge in one file)
#   ispb  dhcpcd for both
# 1. ispa: udhcpc's DHCPv4 server and dhclient's DHCPv6 server in one file;
#    ispb: dhcpcd's; each origin's state in /run/pcp/state
# 2. udhcpc releases ispa (deconfig): ispa keeps dhclient's DHCPv6 server;
#    ispb's file is not even rewritten (same inode, same bytes)
# 3. dhclient -6 -x (STOP6): ispa's file goes; ispb's untouched
# 4. dhcpcd -k ispb: ispb's file goes; udhcpc bound again on ispa
#    (SIGUSR1) is untouched by it
# Root only; exit 77 otherwise.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"

ns_init clients-shared mount
kea_require
dhcpcd_require
cl_require dhclient udhcpc
H=$T/host
S=$H/run/pcp/state

ns_isp a
ns_isp b
kea_isp a 4 hook '[ [ "192.0.2.1" ] ]'
kea_isp a 6 hook '[ [ "2001:db8:a::1" ] ]'
kea_isp b 4 hook '[ [ "198.51.100.1" ] ]'
kea_isp b 6 hook '[ [ "2001:db8:b::1" ], [ "2001:db8:b::2" ] ]'
for x in a b; do
	kea_start $x 4 || bail "kea-dhcp4 of $x did not start"
	kea_start $x 6 || bail "kea-dhcp6 of $x did not start"
done
dhcpcd_conf ispb
cl_conf host
dhcpcd_start ispb
udhcpc_start host ispa
dhclient_start host 6 ispa

# 1.
A=$(servers_text ispa 'server dhcpv4 192.0.2.1' 'server dhcpv6 2001:db8:a::1')
B=$(servers_text ispb 'server dhcpv4 198.51.100.1' \
    'server dhcpv6 2001:db8:b::1' 'server dhcpv6 2001:db8:b::2')
wait_file ispa "$A"
ok "1: ispa: udhcpc's and dhclient's servers in one file"
wait_file ispb "$B"
ok "1: ispb: dhcpcd's servers"
n=0
for f in dhcpv4/ispa dhcpv6/ispa dhcpv4/ispb dhcpv6/ispb; do
	[ -f "$S/$f" ] && n=$((n + 1))
done
check "1: one store: the four origin states in /run/pcp/state" 4 "$n"

# 2.
fb=$(servers_file ispb)
snap=$(stat -c %i "$fb")$(cksum < "$fb")
n=$(events_count host 'ispa deconfig')
kill -USR2 "$UDHCPC_PID"
wait_event host 'ispa deconfig' "$n"
wait_file ispa "$(servers_text ispa 'server dhcpv6 2001:db8:a::1')"
ok "2: udhcpc released ispa: dhclient's DHCPv6 server stays"
check "2: ispb not rewritten" "$snap" "$(stat -c %i "$fb")$(cksum < "$fb")"

# 3.
dhclient_ctl host 6 ispa -x || bail "dhclient -6 -x"
dhclient_gone host 6 ispa
wait_gone ispa
ok "3: STOP6: ispa's file goes"
check "3: ispb not rewritten" "$snap" "$(stat -c %i "$fb")$(cksum < "$fb")"

# 4.
n=$(events_count host 'ispa bound')
kill -USR1 "$UDHCPC_PID"
wait_event host 'ispa bound' "$n"
wait_file ispa "$(servers_text ispa 'server dhcpv4 192.0.2.1')"
fa=$(servers_file ispa)
snap=$(stat -c %i "$fa")$(cksum < "$fa")
dhcpcd_ctl -k ispb || bail "dhcpcd -k ispb"
dhcpcd_gone ispb
wait_gone ispb
ok "4: dhcpcd released ispb: its file goes"
check "4: ispa not rewritten" "$snap" "$(stat -c %i "$fa")$(cksum < "$fa")"
[ ! -e "$S/dhcpv4/ispb" ] && [ ! -e "$S/dhcpv6/ispb" ] &&
    ok "4: no state of ispb left" || not_ok "4: state of ispb left"

check "nothing logged" "" "$(grep -v -E 'udhcpc\[[0-9]+\]: ispa: (deconfigured|bound: IP=)' "$H/syslog")"
finish
