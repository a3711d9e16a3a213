/* SPDX-License-Identifier: BSD-2-Clause */
// pcpsel_servers.h - the option objects of one scope's list, built once
// per configuration, and how a reply gets them
//
// DHCPv4: one option-158 object per instance (at most a few: the list is
// at most 1168 bytes on the wire, see keacfg/size_limits.h).  DHCPv6: one
// object holding the option-86 instance of every server, packed one after
// the other; attaching a list of any length is then one insertion into the
// reply.
//
// When the reply has no room for the whole list (a DHCPv4 client that did
// not announce a maximum message size above 576 bytes, Kea's own options),
// the last servers (the least preferred) are left out, whole, until it
// fits; this is logged once per scope.

#ifndef PCPSEL_SERVERS_H
#define PCPSEL_SERVERS_H

#include <dhcp/option.h>
#include <dhcp/pkt.h>

#include "server_list.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace isc {
namespace pcpsel {

/// @brief Several option-86 instances attached as one object: pack()
/// writes each instance (its own header and data) one after the other.
/// The instances are shared and never changed, so copies (clone()) are
/// shallow and several packet threads may pack one object at once.
class OptionInstances : public isc::dhcp::Option {
public:
    /// @brief The instances @c members, all of option @c type.
    OptionInstances(isc::dhcp::Option::Universe u, uint16_t type,
                    std::vector<isc::dhcp::OptionPtr> members);

    isc::dhcp::OptionPtr clone() const override;
    void pack(isc::util::OutputBuffer& buf, bool check = true) const override;
    uint16_t len() const override;
    std::string toText(int indent = 0) const override;

    /// @brief The instances.
    const std::vector<isc::dhcp::OptionPtr>& getMembers() const {
        return (members_);
    }

private:
    std::vector<isc::dhcp::OptionPtr> members_;
    uint16_t len_;
};

/// @brief What ServerSet::attach() did.
struct Attached {
    size_t servers_ = 0;        ///< servers attached
    size_t instances_ = 0;      ///< option instances attached
    bool trimmed_ = false;      ///< servers were left out
};

/// @brief The option objects of one scope's list.
class ServerSet {
public:
    /// @brief Build the objects of @c list (of a daemon of its family)
    /// for scope @c scope ("subnet 192.0.2.0/24 (id 1)", "global", ...).
    ///
    /// @throw std::bad_alloc
    ServerSet(const ServerListPtr& list, const std::string& scope);

    ServerSet(const ServerSet&) = delete;
    ServerSet& operator=(const ServerSet&) = delete;

    /// @brief The scope, for the log.
    const std::string& getScope() const {
        return (scope_);
    }

    /// @brief The checked list.
    const ServerList& getList() const {
        return (*list_);
    }

    /// @brief "send no PCP server" ("pcp-servers": []).
    bool empty() const {
        return (list_->getCount() == 0);
    }

    /// @brief Add the list to @c response, whose free room is @c room
    /// bytes: all of it, or its first servers if that is all that fits.
    /// With @c copy (several packet threads: Kea's Pkt4::pack() briefly
    /// rewrites the options it packs) each DHCPv4 instance is a copy.
    ///
    /// @throw std::bad_alloc, std::runtime_error (trimmed list)
    Attached attach(isc::dhcp::Pkt& response, size_t room, bool copy) const;

    /// @brief True the first time it is called (log once per scope).
    bool firstTrim() const {
        return (!trim_logged_.exchange(true));
    }

private:
    ServerListPtr list_;
    std::string scope_;
    uint16_t code_;
    isc::dhcp::Option::Universe universe_;

    /// @brief DHCPv4: one object per instance; DHCPv6: the instances of
    /// every server, each alone (trimmed replies) and as one
    /// OptionInstances (whole_).
    std::vector<isc::dhcp::OptionPtr> options_;
    isc::dhcp::OptionPtr whole_;

    mutable std::atomic<bool> trim_logged_;
};

/// @brief Pointer to a constant server set.
typedef std::shared_ptr<const ServerSet> ServerSetPtr;

} // namespace pcpsel
} // namespace isc

#endif // PCPSEL_SERVERS_H
