/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * nm_actions.h - the one table of NetworkManager's dispatcher actions (the
 * script's $2) that change a PCP server list: REASON("name", action,
 * origins), as in dhclient_reasons.h.
 *
 *   up              the device is activated: the servers of both origins
 *                   become those of its DHCPv4 and DHCPv6 leases
 *                   (DHCP4_PCP_SERVER, DHCP6_DHCP6_PCP_SERVER; absent,
 *                   or no lease: none)
 *   dhcp4-change    a DHCPv4 lease changed: the DHCPv4 servers
 *   dhcp6-change    a DHCPv6 lease changed: the DHCPv6 servers
 *   down            the device is deactivated: everything it learned
 *
 * Every other action (pre-up, pre-down, vpn-*, hostname,
 * connectivity-change, reapply) changes nothing.  Read by src/cmd_nm.c
 * and, for the case pattern of the dispatcher script
 * (nm-dispatcher/60-pcpsel), by nm-dispatcher/local.mk.
 */
REASON("up", SET, PCPSEL_ORIGIN_DHCPV4 | PCPSEL_ORIGIN_DHCPV6)
REASON("dhcp4-change", SET, PCPSEL_ORIGIN_DHCPV4)
REASON("dhcp6-change", SET, PCPSEL_ORIGIN_DHCPV6)
REASON("down", ALL, 0)
