/* SPDX-License-Identifier: BSD-2-Clause */
// config_check.h - every "pcp-servers" setting of a Kea configuration,
// checked: the lists of all scopes in a form the hook indexes, every error
// and warning reported.  The hook runs it on the configuration Kea hands to
// dhcpX_srv_configured, `pcpsel kea-check` on the configuration Kea parsed
// from a file: the same walker (scope_walker.h), the same checks
// (server_list.h), the same messages.

#ifndef PCPSEL_KEACFG_CONFIG_CHECK_H
#define PCPSEL_KEACFG_CONFIG_CHECK_H

#include "scope_walker.h"
#include "server_list.h"

#include <cc/data.h>

#include <pcpsel.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace isc {
namespace pcpsel {

/// @brief The scopes of a configuration and their lists.
struct ScopeLists {
    /// @brief A shared network.
    struct Network {
        std::string name_;              ///< "shared network campus"
        ServerListPtr servers_;         ///< its list, or null
    };

    /// @brief A subnet (every subnet, with or without a list).
    struct Subnet {
        std::string name_;              ///< "subnet 192.0.2.0/24 (id 1)"
        int64_t id_ = -1;               ///< its "id"; -1: Kea numbers it
        std::string prefix_;            ///< its "subnet", as written
        bool has_net_ = false;          ///< net_ and len_ are set
        struct pcpsel_addr net_;        ///< the prefix (16-byte form)
        unsigned len_ = 0;              ///< its length in bits of net_
        std::string iface_;             ///< "interface", else its network's
        long network_ = -1;             ///< index in networks_, or -1
        ServerListPtr servers_;         ///< its own list, or null
    };

    /// @brief A client class with a list, in configuration order.
    struct Class {
        std::string class_;             ///< the class name
        std::string name_;              ///< "client class gold"
        ServerListPtr servers_;
    };

    /// @brief A host reservation with a list the hook can match.
    struct Host {
        std::string name_;              ///< "reservation hw-address ..."
        long subnet_ = -1;              ///< index in subnets_; -1: global
        int type_ = 0;                  ///< isc::dhcp::Host::IdentifierType
        std::vector<uint8_t> ident_;    ///< identifier bytes
        ServerListPtr servers_;
    };

    std::vector<Network> networks_;
    std::vector<Subnet> subnets_;
    std::vector<Class> classes_;
    std::vector<Host> hosts_;

    /// @brief Errors and warnings reported.
    size_t errors_ = 0;
    size_t warnings_ = 0;
};

/// @brief Check every "pcp-servers" setting of @c daemon, the map of a
/// daemon of @c family, and collect the lists.  With @c params, the
/// parameters of every hooks-libraries entry loading this hook are checked
/// too (the hook checks its own in load()).
///
/// @throw std::bad_alloc
ScopeLists checkScopes(int family, const isc::data::ConstElementPtr& daemon,
                       Report& report, bool params);

} // namespace pcpsel
} // namespace isc

#endif // PCPSEL_KEACFG_CONFIG_CHECK_H
