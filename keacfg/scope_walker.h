/* SPDX-License-Identifier: BSD-2-Clause */
// scope_walker.h - the one walker of a Kea configuration's scopes for the
// pcpsel hook: used by the hook (on the configuration Kea parsed and hands to
// dhcpX_srv_configured) and by `pcpsel kea-check` (on the configuration the
// same Kea parsed from the file), so both see the same scopes under the
// same names.
//
// It walks the map of one daemon ("Dhcp4" or "Dhcp6") and visits, in
// configuration order:
//  - the "parameters" of every hooks-libraries entry that loads this hook
//    (libdhcp_pcpsel.so);
//  - shared networks, each followed by its subnets, each subnet followed
//    by its reservations;
//  - subnets outside shared networks, each followed by its reservations;
//  - client classes;
//  - global reservations;
// then reports every key that looks like "pcp-servers" where the hook
// never reads it (a misspelt key in a scope's user-context, the key in a
// pool's or an option's user-context, another library's parameters, ...).

#ifndef PCPSEL_KEACFG_SCOPE_WALKER_H
#define PCPSEL_KEACFG_SCOPE_WALKER_H

#include <cc/data.h>

#include <cstdint>
#include <string>
#include <vector>

namespace isc {
namespace pcpsel {

/// @brief The file name of the hook library in "hooks-libraries".
extern const char HOOK_FILE[];

/// @brief The kinds of scope that may carry a "pcp-servers" list.
enum class ScopeKind {
    NETWORK,
    SUBNET,
    CLASS,
    RESERVATION
};

/// @brief One scope, as the walker hands it to a visitor (valid during the
/// visit only).
struct Scope {
    /// @brief What it is.
    ScopeKind kind_;

    /// @brief Its name in messages: "shared network campus", "subnet
    /// 192.0.2.0/24 (id 1)", "subnet 192.0.2.0/24" (no "id"), "client
    /// class gold", "reservation hw-address 02:00:00:00:00:99 in subnet
    /// 192.0.2.0/24 (id 1)", "global reservation duid 00:03:...".
    std::string name_;

    /// @brief Its map in the configuration.
    isc::data::ConstElementPtr map_;

    /// @brief Its "user-context" map, or null (none, or not a map).
    isc::data::ConstElementPtr context_;

    /// @brief The scope it is in: a subnet's shared network, a
    /// reservation's subnet; null at the top level.
    const Scope* parent_ = nullptr;

    /// @brief Subnet: its "id", or -1 when it has none (Kea 2.2 numbers
    /// it, and writes "id": 0 for it in the configuration it hands on).
    int64_t id_ = -1;

    /// @brief Reservation: its identifier type (isc::dhcp::Host's
    /// IdentifierType), or -1 when it has no identifier Kea can read.
    int ident_type_ = -1;

    /// @brief Reservation: the identifier's bytes, as Kea reads them.
    std::vector<uint8_t> ident_;
};

/// @brief What the walker calls.
class ScopeVisitor {
public:
    virtual ~ScopeVisitor() {
    }

    /// @brief The "parameters" (possibly null) of a hooks-libraries entry
    /// loading this hook.
    virtual void hookParams(const isc::data::ConstElementPtr& params) = 0;

    /// @brief One scope.
    virtual void scope(const Scope& scope) = 0;

    /// @brief A key that looks like "pcp-servers" where the hook does not
    /// read it: @c msg says which key, where, and what the hook reads.
    virtual void stray(const std::string& msg) = 0;
};

/// @brief Walk @c daemon, the map of a daemon of @c family (4: "Dhcp4",
/// 6: "Dhcp6"); a value that is not a map has no scopes.
///
/// @throw std::bad_alloc
void walkScopes(int family, const isc::data::ConstElementPtr& daemon,
                ScopeVisitor& visitor);

} // namespace pcpsel
} // namespace isc

#endif // PCPSEL_KEACFG_SCOPE_WALKER_H
