#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The NetworkManager dispatcher script (nm-dispatcher/60-pcpsel) with the
# real NetworkManager, its real dispatcher and a D-Bus system bus of their
# own, in namespaces where /run, /etc/NetworkManager, /var/lib/NetworkManager,
# the DHCP clients' files and the system's dispatcher scripts are hidden
# behind this test's (NetworkManager never runs in the host's namespace).
# ISP-A's real Kea with the pcpsel hook serves one link (a bridge) with the
# servers of tests/netns/clients/compare.sh.  One NetworkManager per DHCP
# backend, each on its own host's wan0:
#   internal  (the default) neither option asked for (Kea's log: "not
#             requested"), nor passed to the dispatcher: no file
#   dhcpcd    (built in Debian 13's NetworkManager, 1.52.1; DHCPv4 only)
#             dhcpcd.conf with the shipped snippet, NetworkManager.conf with
#             the shipped NetworkManager.conf.pcpsel: the DHCPv4 servers,
#             the same file as dhcpcd -4's, byte for byte
#   dhclient  (built in Debian 12's, 1.42.4) dhclient.conf and dhclient6.conf with the shipped
#             snippet: both origins (the first option-86 instance), the
#             same file as dhcpcd's, byte for byte
# A backend this NetworkManager was built without is reported and skipped
# (unstable's 1.58.1 has neither).
# Then the link goes: NetworkManager's down removes the file.  Root only; exit
# 77 otherwise or without NetworkManager.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"

ns_init clients-nm mount NetworkManager dbus-daemon
kea_require
dhcpcd_require
NM_DISPATCHER=
for f in /usr/libexec/nm-dispatcher /usr/lib/NetworkManager/nm-dispatcher; do
	[ -x "$f" ] && { NM_DISPATCHER=$f; break; }
done
[ -n "$NM_DISPATCHER" ] || skip_all "no nm-dispatcher"
[ -f "$top_builddir/nm-dispatcher/60-pcpsel" ] ||
    skip_all "no dispatcher script in the build tree"
NS_TIMEOUT=60

l2= a2=
i=1
while [ $i -le 63 ]; do
	a2="$a2${a2:+, }\"198.51.100.$i\"" l2="$l2 198.51.100.$i"
	i=$((i + 1))
done
DUAL=$(servers_text wan0 \
    'server dhcpv4,dhcpv6 2001:db8:a::1 192.0.2.1 192.0.2.2' \
    "server dhcpv4$l2")
V4=$(servers_text wan0 \
    'server dhcpv4 192.0.2.1 192.0.2.2' \
    "server dhcpv4$l2")

ns_new isp
isp=$(ns_name isp)
ns_bridge isp br0
ns_addr isp br0 192.0.2.254/24 2001:db8:a::fe/64
n=1
for h in ref ref4 internal dhcpcd dhclient; do
	ns_new "$h"
	ns_link isp "p$n" "$h" wan0 "02:00:00:00:0e:0$n" "02:00:00:00:0f:0$n"
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

# the references: dhcpcd and dhcpcd -4 with the pcpsel hook
NS_HOST=ref dhcpcd_conf wan0
NS_HOST=ref dhcpcd_start wan0
NS_HOST=ref4 dhcpcd_conf wan0
NS_HOST=ref4 dhcpcd_start wan0 -4

# nm_conf ROLE BACKEND: NetworkManager's files for ROLE and $T/ROLE/nm-wrap,
# which runs a command with them in place of the system's
nm_conf()
{
	local h
	h=$T/$1
	mkdir -p "$h/run" "$h/varlib" "$h/varlib-dhcp" "$h/varlib-nm" \
	    "$h/bin" "$h/etc-nm/conf.d" "$h/etc-nm/dispatcher.d" \
	    "$h/etc-nm/system-connections" "$h/etc-dhcp" "$h/none"
	: > "$h/resolv.conf"
	: > "$h/syslog"
	: > "$h/dispatched"
	cat > "$h/etc-nm/NetworkManager.conf" <<EOC
[main]
dhcp=internal
plugins=keyfile
auth-polkit=false
dns=none
rc-manager=unmanaged
no-auto-default=*
[keyfile]
unmanaged-devices=none
[device-pcpsel-test]
match-device=interface-name:wan0
managed=1
EOC
	case $2 in
	dhcpcd)
		cp "$top_srcdir/nm-dispatcher/NetworkManager.conf.pcpsel" \
		    "$h/etc-nm/conf.d/60-pcpsel.conf"
		;;
	dhclient)
		printf '[main]\ndhcp=dhclient\n' > "$h/etc-nm/conf.d/60-pcpsel.conf"
		;;
	esac
	cp "$top_srcdir/dhcpcd-hook/dhcpcd.conf.pcpsel" "$h/dhcpcd.conf"
	cp "$top_srcdir/dhclient-hook/dhclient.conf.pcpsel" "$h/etc-dhcp/dhclient.conf"
	cp "$top_srcdir/dhclient-hook/dhclient.conf.pcpsel" "$h/etc-dhcp/dhclient6.conf"
	cat > "$h/etc-nm/system-connections/wan0.nmconnection" <<EOC
[connection]
id=pcpsel-wan0
uuid=6c7e2f1a-4b1e-4c55-9d3a-0a0a0a0a0a01
type=ethernet
interface-name=wan0
autoconnect=true

[ipv4]
method=auto
may-fail=true

[ipv6]
method=dhcp
addr-gen-mode=eui64
may-fail=true
EOC
	chmod 600 "$h/etc-nm/system-connections/wan0.nmconnection"
	# the script under test, its pcpsel the build tree's (the
	# dispatcher gives scripts no environment of ours)
	sed "s|^pcpsel=.*|pcpsel=$PCPSEL|" "$top_builddir/nm-dispatcher/60-pcpsel" \
	    > "$h/etc-nm/dispatcher.d/60-pcpsel"
	# what the dispatcher handed the scripts
	cat > "$h/etc-nm/dispatcher.d/50-record" <<EOS
#!/bin/sh
printf '%s %s dhcp4=%s pcp4=%s pcp6=%s\n' "\${1:--}" "\$2" \\
    "\${DHCP4_IP_ADDRESS:-}" "\${DHCP4_PCP_SERVER:-}" \\
    "\${DHCP6_DHCP6_PCP_SERVER:-}" >> '$h/dispatched'
EOS
	chmod 755 "$h/etc-nm/dispatcher.d/60-pcpsel" "$h/etc-nm/dispatcher.d/50-record"
	fake_logger "$h"
	cat > "$h/nm-wrap" <<EOS
#!/bin/sh
# inside ip netns exec (a private mount namespace): NetworkManager's and
# the DHCP clients' files of this test in place of the system's
set -e
h='$h'
mount --bind "\$h/run" /run
mount --bind "\$h/etc-nm" /etc/NetworkManager
mkdir -p /var/lib/NetworkManager /var/lib/dhcpcd
mount --bind "\$h/varlib-nm" /var/lib/NetworkManager
mount --bind "\$h/varlib" /var/lib/dhcpcd
if [ -d /var/lib/dhcp ]; then mount --bind "\$h/varlib-dhcp" /var/lib/dhcp; fi
if [ -f /etc/dhcpcd.conf ]; then mount --bind "\$h/dhcpcd.conf" /etc/dhcpcd.conf; fi
if [ -d /etc/dhcp ]; then mount --bind "\$h/etc-dhcp" /etc/dhcp; fi
if [ -d /usr/lib/NetworkManager/dispatcher.d ]; then
	mount --bind "\$h/none" /usr/lib/NetworkManager/dispatcher.d
fi
r=\$(readlink -f /etc/resolv.conf || :)
if [ -f "\$r" ]; then mount --bind "\$h/resolv.conf" "\$r"; fi
l=\$(command -v logger || :)
if [ -n "\$l" ]; then mount --bind "\$h/bin/logger" "\$(readlink -f "\$l")"; fi
exec unshare -u "\$@"
EOS
	chmod 755 "$h/nm-wrap"
}

# nm_start ROLE: a system bus, the dispatcher and NetworkManager for ROLE
nm_start()
{
	local h
	h=$T/$1
	mkdir -p "$h/run/dbus"
	ns_bg "$1" "$h/dbus.log" "$h/nm-wrap" dbus-daemon --system --nofork \
	    --nopidfile
	ns_watch "$NS_PID"
	ns_poll "$1's system bus" test -S "$h/run/dbus/system_bus_socket" ||
	    bail "no system bus for $1"
	ns_bg "$1" "$h/dispatcher.log" "$h/nm-wrap" "$NM_DISPATCHER" --persist \
	    --debug
	ns_watch "$NS_PID"
	# without udev NetworkManager manages devices only with /sys
	# read-only (its container mode): in its own mount namespace
	ns_bg "$1" "$h/nm.log" "$h/nm-wrap" sh -c \
	    'mount -o remount,bind,ro /sys && exec NetworkManager --no-daemon --debug'
	ns_watch "$NS_PID"
}

# nm_backend ROLE: the DHCP client NetworkManager says it uses
nm_backend()
{
	sed -n "s/.*Using DHCP client '\([a-z]*\)'.*/\1/p" "$T/$1/nm.log" |
	    head -n 1
}

nm_chose()
{
	[ -n "$(nm_backend "$1")" ]
}

dispatched()
{
	grep -q "^wan0 $2 " "$T/$1/dispatched"
}

for b in internal dhcpcd dhclient; do
	nm_conf "$b" "$b"
	nm_start "$b"
done
for b in internal dhcpcd dhclient; do
	ns_poll "$b: NetworkManager's DHCP client" nm_chose "$b" ||
	    bail "$b: NetworkManager chose no DHCP client"
done

# internal
ns_poll "internal: up" dispatched internal up || bail "internal: no up"
check "internal: the backend is NetworkManager's own" internal \
    "$(nm_backend internal)"
sleep 2
ns_poll "internal: a DHCPv4 lease" grep -q '^wan0 [a-z0-9-]* dhcp4=192\.0\.2\.' \
    "$T/internal/dispatched" || bail "internal: no DHCPv4 lease"
check "internal: no option 158 or 86 reached the dispatcher" "" \
    "$(grep -E 'pcp4=[^ ]|pcp6=[^ ]' "$T/internal/dispatched")"
[ ! -e "$T/internal/run/pcp/servers/wan0" ] && ok "internal: no file" ||
    not_ok "internal: a file"
grep -q 'PCPSEL_SKIPPED .*02:00:00:00:0f:03.*not requested' "$(kea_log isp 4)" &&
    ok "internal: Kea's log: option 158 not requested" ||
    not_ok "internal: no 'not requested' in Kea's log"

# dhcpcd: DHCPv4 only
if [ "$(nm_backend dhcpcd)" = dhcpcd ]; then
	NS_HOST=ref4 wait_file wan0 "$V4"
	NS_HOST=dhcpcd wait_file wan0 "$V4"
	ok "dhcpcd backend: the DHCPv4 servers"
	cmp "$(NS_HOST=ref4 servers_file wan0)" "$(NS_HOST=dhcpcd servers_file wan0)" &&
	    ok "dhcpcd backend: the file is dhcpcd -4's, byte for byte" ||
	    not_ok "dhcpcd backend: the file differs from dhcpcd -4's"
	check "dhcpcd backend: no option 86 reached the dispatcher" "" \
	    "$(grep -E 'pcp6=[^ ]' "$T/dhcpcd/dispatched")"
	# the link goes (its peer down): NetworkManager deactivates the
	# device (nmcli would need D-Bus caller credentials, which some
	# chroots cannot give)
	ip -n "$isp" link set p4 down
	ns_poll "dhcpcd: down" dispatched dhcpcd down || bail "dhcpcd: no down"
	NS_HOST=dhcpcd wait_gone wan0
	ok "dhcpcd backend: link lost (down): no file"
	check "dhcpcd backend: nothing logged" "" "$(cat "$T/dhcpcd/syslog")"
else
	echo "# dhcpcd backend: not in this NetworkManager ($(nm_backend dhcpcd) used): not tested"
fi

# dhclient: both families, the first option-86 instance
if [ "$(nm_backend dhclient)" = dhclient ]; then
	NS_HOST=ref wait_file wan0 "$DUAL"
	NS_HOST=dhclient wait_file wan0 "$DUAL"
	ok "dhclient backend: both origins"
	cmp "$(NS_HOST=ref servers_file wan0)" "$(NS_HOST=dhclient servers_file wan0)" &&
	    ok "dhclient backend: the file is dhcpcd's, byte for byte" ||
	    not_ok "dhclient backend: the file differs from dhcpcd's"
	# the link goes (its peer down): NetworkManager deactivates the
	# device (nmcli would need D-Bus caller credentials, which some
	# chroots cannot give)
	ip -n "$isp" link set p5 down
	ns_poll "dhclient: down" dispatched dhclient down || bail "dhclient: no down"
	NS_HOST=dhclient wait_gone wan0
	ok "dhclient backend: link lost (down): no file"
	check "dhclient backend: nothing logged" "" "$(cat "$T/dhclient/syslog")"
else
	echo "# dhclient backend: not in this NetworkManager ($(nm_backend dhclient) used): not tested"
fi
for b in internal dhcpcd dhclient; do
	echo "# $b: $(awk '{ print $2 }' "$T/$b/dispatched" | tr '\n' ' ')"
done
echo "# NetworkManager $(NetworkManager --version)"
finish
