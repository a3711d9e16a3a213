/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dhcpcd_reasons.h - the one table of dhcpcd's hook reasons that change a
 * PCP server list: REASON(name, action, origin)
 *
 *   SET    a lease: the servers of @origin become the new lease's (option
 *          absent: none)
 *   CLEAR  the lease is gone: remove the servers of @origin
 *   ALL    the link: remove everything the interface learned
 *
 * Every other reason (CARRIER, ROUTERADVERT, TEST, IPV4LL, ...) changes
 * nothing.  Read by src/cmd_dhcpcd.c and, for the case pattern of the hook
 * (dhcpcd-hook/60-pcpsel), by dhcpcd-hook/local.mk: one line per reason,
 * starting with "REASON(".  tests/tool/test-dhcpcd-cmd.sh checks that the
 * hook and pcpsel-dhcpcd(8) list exactly these.
 */
/* DHCPv4: a lease (new_* variables) */
REASON(BOUND, SET, PCPSEL_ORIGIN_DHCPV4)
REASON(RENEW, SET, PCPSEL_ORIGIN_DHCPV4)
REASON(REBIND, SET, PCPSEL_ORIGIN_DHCPV4)
REASON(REBOOT, SET, PCPSEL_ORIGIN_DHCPV4)
REASON(INFORM, SET, PCPSEL_ORIGIN_DHCPV4)
REASON(RECONFIGURE, SET, PCPSEL_ORIGIN_DHCPV4)
REASON(TIMEOUT, SET, PCPSEL_ORIGIN_DHCPV4)
/* DHCPv4: the lease is gone (dhcpcd says STOP on a release) */
REASON(EXPIRE, CLEAR, PCPSEL_ORIGIN_DHCPV4)
REASON(RELEASE, CLEAR, PCPSEL_ORIGIN_DHCPV4)
REASON(STOP, CLEAR, PCPSEL_ORIGIN_DHCPV4)
REASON(NAK, CLEAR, PCPSEL_ORIGIN_DHCPV4)
REASON(FAIL, CLEAR, PCPSEL_ORIGIN_DHCPV4)
/* DHCPv6 */
REASON(BOUND6, SET, PCPSEL_ORIGIN_DHCPV6)
REASON(RENEW6, SET, PCPSEL_ORIGIN_DHCPV6)
REASON(REBIND6, SET, PCPSEL_ORIGIN_DHCPV6)
REASON(REBOOT6, SET, PCPSEL_ORIGIN_DHCPV6)
REASON(INFORM6, SET, PCPSEL_ORIGIN_DHCPV6)
REASON(EXPIRE6, CLEAR, PCPSEL_ORIGIN_DHCPV6)
REASON(RELEASE6, CLEAR, PCPSEL_ORIGIN_DHCPV6)
REASON(STOP6, CLEAR, PCPSEL_ORIGIN_DHCPV6)
REASON(FAIL6, CLEAR, PCPSEL_ORIGIN_DHCPV6)
/* the link: whatever was learned on it is gone.  STOPPED carries no old_*
 * variables with `persistent`; PREINIT starts a new dhcpcd on the
 * interface, so anything left is from a run that did not stop cleanly. */
REASON(NOCARRIER, ALL, 0)
REASON(DEPARTED, ALL, 0)
REASON(STOPPED, ALL, 0)
REASON(PREINIT, ALL, 0)
