#!/bin/sh
# tests/e2e/demo.sh - the multihoming demo, live (run by tools/demo as root
# after the build): a host with two uplinks, ISP-A and ISP-B, each with its
# own real kea-dhcp4/kea-dhcp6 serving PCP servers through the pcpsel Kea
# hook, and the real dhcpcd with the pcpsel hook on each uplink.  Shows what
# each Kea serves, what dhcpcd received, the generated server lists and
# `pcpsel show` per interface; then renumbers ISP-B and loses ISP-A.
# Everything runs in network namespaces removed at the end.
# Needs top_builddir (and top_srcdir, PCPSEL) in the environment.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
E2E_QUIET=1
. "$top_srcdir/tests/e2e/lib.sh"

e2e_skip()
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
	e2e_kea_conf "$1" "$2" hook "$3"
}

# received IFACE: what dhcpcd holds in its leases (hex, as the hook gets it)
received()
{
	for fam in 4 6; do
		ip netns exec "pcpsel-$e2e_id-host" "$E2E_DIR/host/ns-wrap" \
		    dhcpcd -f "$E2E_DIR/host/dhcpcd.conf" -U -$fam "$1" \
		    2>/dev/null | grep 'pcp_server=' | sed "s/^/  $1 DHCPv$fam: /"
	done
}

# files: every server list, then what a PCP client on the host gets
files()
{
	for ifc in ispa ispb; do
		f=$(e2e_file "$ifc")
		if [ -f "$f" ]; then
			echo "  /run/pcp/servers/$ifc:"
			sed 's/^/    /' "$f"
		else
			echo "  /run/pcp/servers/$ifc: (none)"
		fi
	done
	echo "  pcpsel show ispa ispb (on the host; RFC 6724 order with each interface's addresses):"
	ip netns exec "pcpsel-$e2e_id-host" "$PCPSEL" show \
	    --dir "$E2E_DIR/host/run/pcp/servers" ispa ispb | sed 's/^/    /'
	echo "  pcpsel show --mapping 4 ispa ispb (a client wanting an IPv4 mapping, RFC 7488 §5):"
	ip netns exec "pcpsel-$e2e_id-host" "$PCPSEL" show --mapping 4 \
	    --dir "$E2E_DIR/host/run/pcp/servers" ispa ispb | sed 's/^/    /'
}

e2e_init demo
t0=$(e2e_now)
hr "two uplinks: ispa to ISP-A (192.0.2.0/24, 2001:db8:a::/64), ispb to ISP-B (198.51.100.0/24, 2001:db8:b::/64)"
e2e_isp a
e2e_isp b
serves a 4 '[ [ "192.0.2.1", "192.0.2.2" ] ]'
serves a 6 '[ [ "2001:db8:a::1", "192.0.2.2" ] ]'
serves b 4 '[ [ "198.51.100.1" ] ]'
serves b 6 '[ [ "2001:db8:b::1" ], [ "2001:db8:b::2" ], [ "2001:db8:b::3" ] ]'
for x in a b; do
	e2e_kea_start $x 4
	e2e_kea_start $x 6
done
e2e_dhcpcd_conf ispa ispb
e2e_dhcpcd_start ispa
e2e_dhcpcd_start ispb
e2e_wait_file ispa "$(e2e_expect ispa \
    'server dhcpv4,dhcpv6 2001:db8:a::1 192.0.2.1 192.0.2.2')"
e2e_wait_file ispb "$(e2e_expect ispb \
    'server dhcpv4 198.51.100.1' \
    'server dhcpv6 2001:db8:b::1' \
    'server dhcpv6 2001:db8:b::2' \
    'server dhcpv6 2001:db8:b::3')"
hr "dhcpcd received (option data in hex; one line per option-86 instance)"
received ispa
received ispb
hr "multihoming: one list per interface, only its own servers (RFC 7291 §7)"
files

hr "renumbering: ISP-B's Kea gets new PCP servers, then dhcpcd -N ispb"
serves b 4 '[ [ "198.51.100.2" ] ]'
serves b 6 '[ [ "2001:db8:b::9" ] ]'
e2e_kea_reload b 4
e2e_kea_reload b 6
e2e_dhcpcd_ctl -N ispb || e2e_fail "dhcpcd -N ispb"
e2e_wait_file ispb "$(e2e_expect ispb \
    'server dhcpv4 198.51.100.2' 'server dhcpv6 2001:db8:b::9')"
files

hr "loss: ISP-A's lease is released (dhcpcd -k ispa)"
e2e_dhcpcd_ctl -k ispa || e2e_fail "dhcpcd -k ispa"
e2e_wait_gone ispa
e2e_dhcpcd_gone ispa
files

hr "done in $(e2e_elapsed "$t0") s; removing the namespaces"
exit 0
