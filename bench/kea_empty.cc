// SPDX-License-Identifier: BSD-2-Clause
// kea_empty.cc - libbench_empty.so: a Kea 2.2 hook library that registers
// exactly the callouts of libdhcp_pcpsel.so (dhcpX_srv_configured once per
// configuration, pktX_send per packet) and does nothing in them: the floor
// that Kea's hook framework itself sets, for `make bench` only (never
// installed, never part of `make check`).

#include <hooks/hooks.h>

using isc::hooks::CalloutHandle;
using isc::hooks::LibraryHandle;

extern "C" {

/// @brief The hooks ABI this library was built for.
int
version() {
    return (KEA_HOOKS_VERSION);
}

/// @brief Nothing to set up.
int
load(LibraryHandle&) {
    return (0);
}

/// @brief Nothing to tear down.
int
unload() {
    return (0);
}

/// @brief The callouts touch no state.
int
multi_threading_compatible() {
    return (1);
}

/// @brief Same hook point as libdhcp_pcpsel, once per configuration.
int
dhcp4_srv_configured(CalloutHandle&) {
    return (0);
}

/// @brief Same hook point as libdhcp_pcpsel, once per configuration.
int
dhcp6_srv_configured(CalloutHandle&) {
    return (0);
}

/// @brief Same hook point as libdhcp_pcpsel, once per DHCPv4 reply.
int
pkt4_send(CalloutHandle&) {
    return (0);
}

/// @brief Same hook point as libdhcp_pcpsel, once per DHCPv6 reply.
int
pkt6_send(CalloutHandle&) {
    return (0);
}

} // extern "C"
