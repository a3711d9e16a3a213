/* SPDX-License-Identifier: BSD-2-Clause */
// kea_compat.h - what differs between the Kea releases the hook builds
// against (2.2, 2.6, 3.0), in one place.  PCPSEL_KEA_HOOKS_VERSION is the
// KEA_HOOKS_VERSION configure read from Kea's hooks/hooks.h (a constant,
// not a macro there).
//
//  - pkt4_send / pkt6_send pass the subnet Kea selected for the reply
//    ("subnet4" / "subnet6") since Kea 2.5.6, as a pointer to a constant
//    subnet since 2.7.5.  Before, the hook finds the subnet itself (by the
//    reply's address, the relay, the interface).

#ifndef PCPSEL_KEA_COMPAT_H
#define PCPSEL_KEA_COMPAT_H

#include <dhcpsrv/subnet.h>
#include <dhcpsrv/subnet_id.h>
#include <hooks/callout_handle.h>

#ifndef PCPSEL_KEA_HOOKS_VERSION
#error "PCPSEL_KEA_HOOKS_VERSION is set by configure (m4/pcpsel_kea.m4)"
#endif

namespace isc {
namespace pcpsel {
namespace compat {

#if PCPSEL_KEA_HOOKS_VERSION >= 20506

#if PCPSEL_KEA_HOOKS_VERSION >= 20705
typedef isc::dhcp::ConstSubnet4Ptr SentSubnet4Ptr;
typedef isc::dhcp::ConstSubnet6Ptr SentSubnet6Ptr;
#else
typedef isc::dhcp::Subnet4Ptr SentSubnet4Ptr;
typedef isc::dhcp::Subnet6Ptr SentSubnet6Ptr;
#endif

/// @brief The subnet Kea selected for the reply of a pkt4_send (@c family
/// 4) or pkt6_send (6) callout: true and @c subnet, Kea's object (null
/// when Kea selected none); false when the argument is missing (a caller
/// other than Kea's server), and the hook finds the subnet itself.
inline bool
sentSubnet(isc::hooks::CalloutHandle& handle, int family,
           boost::shared_ptr<const isc::dhcp::Subnet>& out) {
    try {
        if (family == 4) {
            SentSubnet4Ptr subnet;
            handle.getArgument("subnet4", subnet);
            out = subnet;
        } else {
            SentSubnet6Ptr subnet;
            handle.getArgument("subnet6", subnet);
            out = subnet;
        }
    } catch (const isc::hooks::NoSuchArgument&) {
        return (false);
    }
    return (true);
}

#else

/// @brief This Kea does not say which subnet a reply is for.
inline bool
sentSubnet(isc::hooks::CalloutHandle&, int,
           boost::shared_ptr<const isc::dhcp::Subnet>&) {
    return (false);
}

#endif

} // namespace compat
} // namespace pcpsel
} // namespace isc

#endif // PCPSEL_KEA_COMPAT_H
