#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# One server configuration, every client: the same file, byte for byte,
# where the client delivers the same data.  ISP-A's real Kea with the
# pcpsel hook serves one link (a bridge) where four hosts, each in its own
# namespace with its own /run and an uplink named wan0, run:
#   dhcpcd     dhcpcd (DHCPv4 and DHCPv6) with the pcpsel hook
#   dhclient   dhclient -4 and dhclient -6 with the real dhclient-script
#              and the pcpsel exit hook
#   dhcpcd4    dhcpcd -4
#   udhcpc     udhcpc -O 158 with pcpsel.script (DHCPv4 only)
# The servers: DHCPv4 [192.0.2.1, 192.0.2.2] and 62 addresses of
# 198.51.100.0/24 (258 bytes of option 158: Kea splits it in two
# instances, RFC 3396; with their headers they fit the 265 bytes a reply to
# udhcpc, which announces 576-byte messages, has left); DHCPv6 one server [2001:db8:a::1, 192.0.2.1] (one
# option-86 instance: what dhclient -6 can pass; it shares 192.0.2.1 with
# the first DHCPv4 server, so the two merge).  Each file is compared with
# the expected text, then dhclient's with dhcpcd's and udhcpc's with
# dhcpcd -4's, byte for byte.  Without dhclient (Debian unstable has none)
# its host is left out.  Root only; exit 77 otherwise.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"

ns_init clients-compare mount
kea_require
dhcpcd_require
cl_require udhcpc
HOSTS="dhcpcd dhcpcd4 udhcpc"
if command -v dhclient >/dev/null 2>&1; then
	cl_require dhclient
	HOSTS="$HOSTS dhclient"
else
	echo "# no dhclient here: its host left out"
fi

l2= a2=
i=1
while [ $i -le 62 ]; do
	a2="$a2${a2:+, }\"198.51.100.$i\"" l2="$l2 198.51.100.$i"
	i=$((i + 1))
done
ns_new isp
ns_bridge isp br0
ns_addr isp br0 192.0.2.254/24 2001:db8:a::fe/64
n=1
for h in $HOSTS; do
	ns_new "$h"
	ns_link isp "p$n" "$h" wan0 "02:00:00:00:0c:0$n" "02:00:00:00:0d:0$n"
	ns_port isp br0 "p$n"
	n=$((n + 1))
done
kea_conf isp 4 br0 \
    "{ \"pcp-servers\": [ [ \"192.0.2.1\", \"192.0.2.2\" ], [ $a2 ] ] }" \
    "$(kea_subnet4 br0 "" "" 192.0.2)"
kea_conf isp 6 br0 '{ "pcp-servers": [ [ "2001:db8:a::1", "192.0.2.1" ] ] }' \
    "$(kea_subnet6 br0 "" "" 2001:db8:a)"
kea_start isp 4 || bail "kea-dhcp4 did not start"
kea_start isp 6 || bail "kea-dhcp6 did not start"

NS_HOST=dhcpcd dhcpcd_conf wan0
NS_HOST=dhcpcd dhcpcd_start wan0
NS_HOST=dhcpcd4 dhcpcd_conf wan0
NS_HOST=dhcpcd4 dhcpcd_start wan0 -4
case $HOSTS in
*dhclient*)
	cl_conf dhclient
	dhclient_start dhclient 4 wan0
	dhclient_start dhclient 6 wan0
	;;
esac
cl_conf udhcpc
udhcpc_start udhcpc wan0

DUAL=$(servers_text wan0 \
    'server dhcpv4,dhcpv6 2001:db8:a::1 192.0.2.1 192.0.2.2' \
    "server dhcpv4$l2")
V4=$(servers_text wan0 \
    'server dhcpv4 192.0.2.1 192.0.2.2' \
    "server dhcpv4$l2")
NS_HOST=dhcpcd wait_file wan0 "$DUAL"
ok "dhcpcd: the expected file"
NS_HOST=dhcpcd4 wait_file wan0 "$V4"
ok "dhcpcd -4: the expected file"
NS_HOST=udhcpc wait_file wan0 "$V4"
ok "udhcpc: the expected file"
check "Kea split option 158 in two instances" 1 \
    "$(grep -c 'PCPSEL_SENT .*added 2 instance(s) of option 158' "$(kea_log isp 4)" |
    awk '{ print ($1 >= 1) }')"
case $HOSTS in
*dhclient*)
	NS_HOST=dhclient wait_file wan0 "$DUAL"
	ok "dhclient -4 and -6: the expected file"
	if cmp "$(NS_HOST=dhcpcd servers_file wan0)" \
	    "$(NS_HOST=dhclient servers_file wan0)"; then
		ok "dhclient's file is dhcpcd's, byte for byte"
	else
		not_ok "dhclient's file differs from dhcpcd's"
	fi
	;;
esac
if cmp "$(NS_HOST=dhcpcd4 servers_file wan0)" \
    "$(NS_HOST=udhcpc servers_file wan0)"; then
	ok "udhcpc's file is dhcpcd -4's, byte for byte"
else
	not_ok "udhcpc's file differs from dhcpcd -4's"
fi
for h in $HOSTS; do
	check "$h: nothing logged" "" "$(grep -v -E 'udhcpc\[[0-9]+\]: wan0: (deconfigured|bound: IP=)' "$T/$h/syslog")"
done
echo "# $(dhcpcd --version | head -n 1), $(dhclient --version 2>&1 || echo no dhclient), $(busybox 2>&1 | head -n 1 | cut -d' ' -f1-2)"
finish
