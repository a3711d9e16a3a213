/* SPDX-License-Identifier: BSD-2-Clause */
// size_limits.h - the sizes that keep a reply with PCP servers sendable
//
// Two kinds of limits, derived here once and used by the checks of every
// "pcp-servers" value (keacfg, so the Kea hook and `pcpsel kea-check` say
// the same) and by the hook when it attaches a list to a reply:
//
//  - configuration limits: a list whose option bytes cannot go into any
//    reply the server can send is refused when the configuration is
//    loaded, naming the limit and the value;
//  - reply budgets: a list that fits the configuration limit may still not
//    fit one particular reply (a DHCPv4 client that announced no larger
//    maximum message size, Kea's own options); the hook then leaves out
//    whole servers from the end of the list (the least preferred) until
//    the reply fits.

#ifndef PCPSEL_KEACFG_SIZE_LIMITS_H
#define PCPSEL_KEACFG_SIZE_LIMITS_H

#include <cstddef>

namespace isc {
namespace pcpsel {
namespace limits {

/// @brief IPv4 header (RFC 791) + UDP header (RFC 768): what a DHCPv4
/// message size such as option 57 counts beside the DHCP message.
const size_t V4_IP_UDP = 20 + 8;

/// @brief BOOTP fixed part (236) + magic cookie (4): RFC 2131 §2.
const size_t V4_FIXED = 236 + 4;

/// @brief RFC 2131 §2: every client accepts a 576-byte message; larger
/// ones only when it announced them in option 57 (RFC 2132 §9.10, whose
/// smallest legal value is 576).
const size_t V4_MIN_MESSAGE = 576;

/// @brief The largest DHCPv4 message the hook lets a reply grow to: one
/// Ethernet frame's payload.  Kea sends DHCPv4 on raw sockets, which do
/// not fragment: a larger reply fails with EMSGSIZE and the client gets
/// nothing (measured: 1265 bytes of option 158 on a 1500-byte link).
const size_t V4_MAX_MESSAGE = 1500;

/// @brief Option space the hook keeps free for Kea's own options (message
/// type, server identifier, lease times, subnet mask, routers, DNS: 34 to
/// 60 bytes in a typical reply) when it judges a list at configuration
/// time.
const size_t V4_KEA_OPTIONS = 64;

/// @brief Configuration limit, DHCPv4: the bytes one list takes in a
/// reply, every option-158 instance's 2 header bytes included.
/// 1500 - 28 - 240 - 64 = 1168.
const size_t V4_LIST_MAX_WIRE =
    V4_MAX_MESSAGE - V4_IP_UDP - V4_FIXED - V4_KEA_OPTIONS;

/// @brief msg-type + transaction-id of a DHCPv6 message (RFC 8415 §8).
const size_t V6_HEADER = 4;

/// @brief The largest DHCPv6 message Kea can send: one UDP datagram
/// (RFC 768: 65535 bytes with its 8-byte header).  Kea sends DHCPv6 on
/// UDP sockets, so a reply over the link MTU is fragmented by the kernel
/// as every other large DHCPv6 reply is; over this size the send fails
/// ("Message too long", measured with 4000 servers).
const size_t V6_MAX_MESSAGE = 65535 - 8;

/// @brief Room kept for Kea's own DHCPv6 options and relay headers when a
/// list is judged at configuration time.
const size_t V6_KEA_OPTIONS = 1024;

/// @brief Configuration limit, DHCPv6: the bytes one list takes in a
/// reply, every option-86 instance's 4 header bytes included.
/// 65527 - 4 - 1024 = 64499.
const size_t V6_LIST_MAX_WIRE = V6_MAX_MESSAGE - V6_HEADER - V6_KEA_OPTIONS;

/// @brief Kea 2.2's Pkt4::pack() cuts any option over 253 data bytes at
/// 253, anywhere, even inside a server (measured); lists are encoded in
/// instances of at most this many bytes, split only between servers.
const size_t V4_INSTANCE_MAX = 253;

} // namespace limits
} // namespace pcpsel
} // namespace isc

#endif // PCPSEL_KEACFG_SIZE_LIMITS_H
