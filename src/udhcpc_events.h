/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * udhcpc_events.h - the one table of busybox udhcpc's script events
 * (the script's $1): REASON("name", action, origins), as in
 * dhclient_reasons.h.  udhcpc is DHCPv4 only; udhcpc6 (another applet,
 * with another script) passes no option 86 to its script.
 *
 *   bound, renew        a lease: the DHCPv4 servers become the lease's
 *                       ($opt158, from -O 158; absent: none)
 *   deconfig            the interface is (to be) unconfigured: at start,
 *                       when the lease is lost, on release
 *   leasefail, nak      no lease
 *
 * Read by src/cmd_udhcpc.c and, for the case pattern of the script
 * (udhcpc-hook/pcpsel.script), by udhcpc-hook/local.mk.
 */
REASON("bound", SET, PCPSEL_ORIGIN_DHCPV4)
REASON("renew", SET, PCPSEL_ORIGIN_DHCPV4)
REASON("deconfig", CLEAR, PCPSEL_ORIGIN_DHCPV4)
REASON("leasefail", CLEAR, PCPSEL_ORIGIN_DHCPV4)
REASON("nak", CLEAR, PCPSEL_ORIGIN_DHCPV4)
