/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dhclient_reasons.h - the one table of ISC dhclient's script reasons
 * (dhclient-script(8)): REASON("name", action, origins)
 *
 *   SET    a lease: the servers of the origin become the new lease's
 *          (option absent: none)
 *   CLEAR  the lease is gone: remove the origin's servers
 *   NONE   nothing changes (listed so that every reason dhclient 4.4
 *          gives its script is here)
 *
 * dhclient -4 and dhclient -6 are two processes, even on one interface
 * (ifupdown's "inet dhcp" and "inet6 dhcp"): a reason of one never touches
 * the other's origin, so no reason clears the whole interface.  Read by
 * src/cmd_dhclient.c and, for the case pattern of the exit hook
 * (dhclient-hook/pcpsel), by dhclient-hook/local.mk: one line per
 * reason, starting with "REASON(".  tests/tool/test-clients-cmd.sh checks
 * that the hook and pcpsel-dhclient(8) list exactly these.
 */
/* DHCPv4: a lease in new_* (TIMEOUT: a recorded lease tried when no
 * server answered; FAIL follows if it is not good) */
REASON("BOUND", SET, PCPSEL_ORIGIN_DHCPV4)
REASON("RENEW", SET, PCPSEL_ORIGIN_DHCPV4)
REASON("REBIND", SET, PCPSEL_ORIGIN_DHCPV4)
REASON("REBOOT", SET, PCPSEL_ORIGIN_DHCPV4)
REASON("TIMEOUT", SET, PCPSEL_ORIGIN_DHCPV4)
/* DHCPv4: the lease is gone (V6ONLY: RFC 8925, the IPv4 lease is given
 * up); PREINIT starts a new dhclient -4 on the interface: whatever an
 * earlier one left is dropped */
REASON("EXPIRE", CLEAR, PCPSEL_ORIGIN_DHCPV4)
REASON("FAIL", CLEAR, PCPSEL_ORIGIN_DHCPV4)
REASON("RELEASE", CLEAR, PCPSEL_ORIGIN_DHCPV4)
REASON("STOP", CLEAR, PCPSEL_ORIGIN_DHCPV4)
REASON("V6ONLY", CLEAR, PCPSEL_ORIGIN_DHCPV4)
REASON("PREINIT", CLEAR, PCPSEL_ORIGIN_DHCPV4)
/* DHCPv4: no lease involved */
REASON("MEDIUM", NONE, 0)
REASON("ARPCHECK", NONE, 0)
REASON("ARPSEND", NONE, 0)
REASON("NBI", NONE, 0)
/* DHCPv6: a lease (dhclient -6 passes only the first option-86 instance;
 * RENEW6 also follows a stateless -S Information-request) */
REASON("BOUND6", SET, PCPSEL_ORIGIN_DHCPV6)
REASON("RENEW6", SET, PCPSEL_ORIGIN_DHCPV6)
REASON("REBIND6", SET, PCPSEL_ORIGIN_DHCPV6)
/* DHCPv6: an address deprecated, the lease still valid */
REASON("DEPREF6", NONE, 0)
/* DHCPv6: the lease is gone; PREINIT6 starts a new dhclient -6 */
REASON("EXPIRE6", CLEAR, PCPSEL_ORIGIN_DHCPV6)
REASON("RELEASE6", CLEAR, PCPSEL_ORIGIN_DHCPV6)
REASON("STOP6", CLEAR, PCPSEL_ORIGIN_DHCPV6)
REASON("PREINIT6", CLEAR, PCPSEL_ORIGIN_DHCPV6)
