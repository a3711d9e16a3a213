#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# tests/netns/demo.sh - the multihoming demo, live (run by tools/demo as root
# after the build): a host with two uplinks, ISP-A and ISP-B, each with its
# own real kea-dhcp4/kea-dhcp6 serving PCP servers through the pcpsel Kea
# hook, and the real dhcpcd with the pcpsel hook on each uplink.  Shows what
# each Kea serves, what dhcpcd received, the generated server lists and
# `pcpsel show` per interface; then contacts the servers with `pcpsel probe`
# (ISP-A runs the real miniupnpd as its PCP server, ISP-B none); then
# renumbers ISP-B and loses ISP-A; then the climax: each ISP's router does
# NAT44 and an IPv6 firewall with miniupnpd as its PCP server, and the
# internet reaches a service on the host through one ISP only when a PCP
# client asks one server, through both ISPs, over IPv4 and IPv6, with
# `pcpsel map`.
# Everything runs in network namespaces removed at the end.
# Needs top_builddir (and top_srcdir, PCPSEL) in the environment.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
NS_QUIET=1
. "$top_srcdir/tests/netns/lib.sh"

# the demo says plainly what it lacks (the tests' "1..0 # SKIP")
skip_all()
{
	echo "demo: cannot run: $*" >&2
	exit 77
}

hr()
{
	printf '\n== %s\n' "$*"
}

# serves X FAMILY JSON: configure ISP X's Kea and say so
serves()
{
	printf '  ISP-%s kea-dhcp%s serves pcp-servers %s\n' \
	    "$(echo "$1" | tr ab AB)" "$2" "$3"
	kea_isp "$1" "$2" hook "$3"
}

# received IFACE: what dhcpcd holds in its leases (hex, as the hook gets it)
received()
{
	for fam in 4 6; do
		ns_exec host "$T/host/ns-wrap" \
		    dhcpcd -f "$T/host/dhcpcd.conf" -U -$fam "$1" \
		    2>/dev/null | grep 'pcp_server=' | sed "s/^/  $1 DHCPv$fam: /"
	done
}

# files: every server list, then what a PCP client on the host gets
files()
{
	for ifc in ispa ispb; do
		f=$(servers_file "$ifc")
		if [ -f "$f" ]; then
			echo "  /run/pcp/servers/$ifc:"
			sed 's/^/    /' "$f"
		else
			echo "  /run/pcp/servers/$ifc: (none)"
		fi
	done
	echo "  pcpsel show ispa ispb (on the host; RFC 6724 order with each interface's addresses):"
	ns_exec host "$PCPSEL" show \
	    --dir "$T/host/run/pcp/servers" ispa ispb | sed 's/^/    /'
	echo "  pcpsel show --mapping 4 ispa ispb (a client wanting an IPv4 mapping, RFC 7488 §5):"
	ns_exec host "$PCPSEL" show --mapping 4 \
	    --dir "$T/host/run/pcp/servers" ispa ispb | sed 's/^/    /'
}

# pcp_server_a: ISP-A's PCP server, Debian's real miniupnpd (the binary
# run directly, no firewall rule touched), on the server
# addresses ISP-A's Kea hands out, added to ISP-A's side of the link.  It
# binds its IPv4 socket to each listening_ip address (the interface name
# alone gives only the first, 192.0.2.254) and takes IPv6 on any address;
# the interface entry lets it accept IPv6 peers of tocpe.
pcp_server_a()
{
	ns_addr a tocpe 192.0.2.1/24 192.0.2.2/24 2001:db8:a::1/64
	mup_start a ext_ifname=lo listening_ip=tocpe listening_ip=192.0.2.1/24 \
	    listening_ip=192.0.2.2/24 "allow 1024-65535 192.0.2.0/24 1024-65535"
}

# probe ARGS...: pcpsel probe on the host, as a PCP client there would
# contact the servers; the report in $T/probe.out, the status in rc
probe()
{
	ns_exec host "$PCPSEL" probe \
	    --dir "$T/host/run/pcp/servers" "$@" \
	    > "$T/probe.out" 2>&1
	rc=$?
}

# answered IFACE: the lines "in use ..." of IFACE's servers in probe.out
answered()
{
	awk -v ifc="$1:" '/^[^ ]/ { on = ($1 == ifc) }
	    on && $1 == "in" && $2 == "use" { print }' "$T/probe.out"
}

# contact: ISP-A gets its PCP server; a client on the host contacts every
# server of both uplinks (pcpsel probe), then asks for an IPv4 mapping.
# ISP-B runs no PCP server: its servers stay silent until the timeout,
# PROBE_TIMEOUT = 2 s, which ends the run before their second transmission
# (3 s, RFC 6887 §8.1.1 IRT, minus 10 %) and before neighbour discovery
# gives up on them (3 s).
contact()
{
	pcp_server_a
	# the on-link /64 of each uplink, as the ISPs' router advertisements
	# would announce it (the demo's dhcpcd sends no RS; a DHCPv6 address
	# is a /128)
	for x in a b; do
		ip -n "$(ns_name host)" -6 route add "2001:db8:$x::/64" \
		    dev "isp$x" || bail "route to 2001:db8:$x::/64"
	done
	echo "  ISP-A's PCP server: the real miniupnpd on 2001:db8:a::1," \
	    "192.0.2.1 and 192.0.2.2; ISP-B runs none"
	probe --timeout "$PROBE_TIMEOUT" ispa ispb
	echo "  pcpsel probe --timeout $PROBE_TIMEOUT ispa ispb" \
	    "(on the host; every server at once; exit status $rc):"
	sed 's/^/    /' "$T/probe.out"
	answered ispa | grep -q '^ *in use 2001:db8:a::1: SUCCESS' ||
	    { cat "$T/a/pcp/miniupnpd.log";
	      bail "ISP-A's PCP server did not answer on 2001:db8:a::1"; }
	[ -z "$(answered ispb)" ] || bail "a server of ISP-B answered"
	echo "  ISP-B's servers did not answer within $PROBE_TIMEOUT s:" \
	    "no PCP server there (a client keeps trying them)"
	probe --timeout "$PROBE_TIMEOUT" --mapping 4 ispa
	echo "  pcpsel probe --timeout $PROBE_TIMEOUT --mapping 4 ispa" \
	    "(a client wanting an IPv4 mapping, RFC 7488 §5; exit status $rc):"
	sed 's/^/    /' "$T/probe.out"
	answered ispa | grep -q '^ *in use 192.0.2.1: SUCCESS' ||
	    { cat "$T/a/pcp/miniupnpd.log";
	      bail "ISP-A's PCP server did not answer on 192.0.2.1"; }
}

# try ROUTE ADDRESS PORT: the internet connects to ADDRESS PORT; one line
try()
{
	if ns_reach inet "$2" "$3"; then
		printf '    %-30s %-12s reached: %s\n' "$(echo "$2:$3" |
		    sed 's/^\(.*:.*\):\([0-9]*\)$/[\1]:\2/; s/^\[\([0-9.]*\)\]/\1/')" \
		    "$1" "$(cat "$T/reach.out")"
	else
		printf '    %-30s %-12s BLOCKED\n' "$(echo "$2:$3" |
		    sed 's/^\(.*:.*\):\([0-9]*\)$/[\1]:\2/; s/^\[\([0-9.]*\)\]/\1/')" "$1"
		return 1
	fi
}

# internet PORT_A PORT_B: the internet tries the host's service four ways
# PORT_A PORT_B; the result: the routes that reached it ("a4 b4 a6 b6")
internet()
{
	reached=
	try "ISP-A NAT44" 192.0.3.1 "$1" && reached="$reached a4"
	try "ISP-B NAT44" 198.51.101.1 "$2" && reached="$reached b4"
	try "ISP-A IPv6" "$(host_addr a 6)" 8080 && reached="$reached a6"
	try "ISP-B IPv6" "$(host_addr b 6)" 8080 && reached="$reached b6"
}

# ext_port X: the external port ISP X's NAT44 gave (8080 if none yet)
ext_port()
{
	sed -n "s/^isp$1 IPv4 via .*: granted tcp [0-9.]*:\([0-9]*\) .*/\1/p" \
	    "$T/map.txt" | tail -n 1 | grep . || echo 8080
}

# climax: what broke for multihomed hosts, and pcpsel map: each ISP's
# router now does NAT44 and an IPv6 firewall to an "internet" namespace,
# with miniupnpd as its PCP server, announced by its Kea; the host offers
# a service on port 8080
climax()
{
	local x n
	hr "every uplink reachable: what broke for multihomed hosts, and pcpsel map"
	for x in a b; do
		isp_wan $x
		kea_isp $x 4 hook "[ [ \"$(isp_net4 $x).254\" ] ]"
		kea_isp $x 6 hook "[ [ \"$(isp_net6 $x)::fe\", \"$(isp_net4 $x).254\" ] ]"
		kea_reload $x 4 && kea_reload $x 6 ||
		    bail "ISP-$x's Kea refused its configuration"
		host_uplink $x
	done
	mup_stop a
	mh_pcp a
	mh_pcp b
	dhcpcd_start ispa
	dhcpcd_ctl -N ispb || bail "dhcpcd -N ispb"
	wait_file ispa "$(mh_servers a 46)"
	wait_file ispb "$(mh_servers b 46)"
	ns_listen host 8080
	echo "  Each ISP's router now does NAT44 and an IPv6 firewall (nftables: nothing"
	echo "  comes in unasked), with miniupnpd as its PCP server, which its Kea announces:"
	for x in a b; do
		sed -n 's/^server/    isp'$x': server/p' "$(servers_file isp$x)"
	done
	echo "  The host runs a service on port 8080 and has an address from each ISP."
	echo
	echo "  Before: a PCP client asks one server, its default router's (ISP-A):"
	echo "  # pcpsel map --interface ispa tcp 8080"
	map_run 2 --interface ispa
	echo "  The internet connects to the host's service:"
	internet "$(ext_port a)" 8080
	[ "$reached" = " a4 a6" ] || bail "reached through$reached, not ISP-A only"
	echo "  Through ISP-B nothing gets in: ISP-B's router holds no mapping."
	ns_stop "$MAP_PID"
	echo
	echo "  Now: pcpsel map asks every PCP server of every uplink (RFC 7488):"
	echo "  # pcpsel map tcp 8080"
	map_run 4
	echo "  The internet connects to the host's service:"
	internet "$(ext_port a)" "$(ext_port b)"
	[ "$reached" = " a4 b4 a6 b6" ] || bail "reached only through$reached"
	echo "  Every uplink reachable, over IPv4 and IPv6.  Stopped (SIGTERM), it"
	echo "  deletes its mappings:"
	n=$(wc -l < "$T/map.txt")
	ns_stop "$MAP_PID"
	tail -n +$((n + 1)) "$T/map.txt" | sed 's/^/    /'
}

# map_run N ARGS...: pcpsel map ARGS tcp 8080 on the host (MAP_PID), until
# it has granted N mappings; shows them
map_run()
{
	local n
	n=$1
	shift
	ns_bg host "$T/map.txt" "$PCPSEL" map --dir "$T/host/run/pcp/servers" \
	    "$@" tcp 8080
	MAP_PID=$NS_PID
	ns_watch "$MAP_PID"
	ns_poll "$n mappings" map_granted "$n" ||
	    { cat "$T/map.txt"; bail "pcpsel map: not $n mappings"; }
	sed 's/, renewal in [0-9]* s$//; s/^/    /' "$T/map.txt"
}

# map_granted N: pcpsel map's text output has N granted lines
map_granted()
{
	[ "$(grep -c ': granted ' "$T/map.txt")" -ge "$1" ]
}

e2e_setup demo
PROBE_TIMEOUT=2
t0=$(ns_now)
hr "two uplinks: ispa to ISP-A (192.0.2.0/24, 2001:db8:a::/64), ispb to ISP-B (198.51.100.0/24, 2001:db8:b::/64)"
ns_isp a
ns_isp b
serves a 4 '[ [ "192.0.2.1", "192.0.2.2" ] ]'
serves a 6 '[ [ "2001:db8:a::1", "192.0.2.2" ] ]'
serves b 4 '[ [ "198.51.100.1" ] ]'
serves b 6 '[ [ "2001:db8:b::1" ], [ "2001:db8:b::2" ], [ "2001:db8:b::3" ] ]'
for x in a b; do
	kea_start $x 4 || bail "kea-dhcp4 of $x did not start"
	kea_start $x 6 || bail "kea-dhcp6 of $x did not start"
done
dhcpcd_conf ispa ispb
dhcpcd_start ispa
dhcpcd_start ispb
wait_file ispa "$(servers_text ispa \
    'server dhcpv4,dhcpv6 2001:db8:a::1 192.0.2.1 192.0.2.2')"
wait_file ispb "$(servers_text ispb \
    'server dhcpv4 198.51.100.1' \
    'server dhcpv6 2001:db8:b::1' \
    'server dhcpv6 2001:db8:b::2' \
    'server dhcpv6 2001:db8:b::3')"
hr "dhcpcd received (option data in hex; one line per option-86 instance)"
received ispa
received ispb
hr "multihoming: one list per interface, only its own servers (RFC 7291 §7)"
files

hr "contacting the servers (RFC 7488): pcpsel probe"
if [ -x "$MINIUPNPD" ]; then
	contact
else
	echo "  (skipped: no miniupnpd at $MINIUPNPD; tools/deps installs it)"
fi

hr "renumbering: ISP-B's Kea gets new PCP servers, then dhcpcd -N ispb"
serves b 4 '[ [ "198.51.100.2" ] ]'
serves b 6 '[ [ "2001:db8:b::9" ] ]'
kea_reload b 4 || bail "ISP-B kea-dhcp4 refused its new configuration"
kea_reload b 6 || bail "ISP-B kea-dhcp6 refused its new configuration"
dhcpcd_ctl -N ispb || bail "dhcpcd -N ispb"
wait_file ispb "$(servers_text ispb \
    'server dhcpv4 198.51.100.2' 'server dhcpv6 2001:db8:b::9')"
files

hr "loss: ISP-A's lease is released (dhcpcd -k ispa)"
dhcpcd_ctl -k ispa || bail "dhcpcd -k ispa"
wait_gone ispa
dhcpcd_gone ispa
files

if [ -x "$MINIUPNPD" ] && command -v nft >/dev/null 2>&1; then
	climax
else
	hr "every uplink reachable: skipped (needs miniupnpd and nftables; tools/deps installs them)"
fi

hr "done in $(ns_elapsed "$t0") s; removing the namespaces"
exit 0
