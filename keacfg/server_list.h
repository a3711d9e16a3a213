/* SPDX-License-Identifier: BSD-2-Clause */
// server_list.h - one "pcp-servers" value of the Kea hook: checked, then
// encoded by libpcpsel into the option instances a reply carries
//
// A value is a list of servers, each a non-empty list of addresses
// (RFC 7291 §5, R7291-16/17: the operator says which addresses make one
// server):
//
//	"pcp-servers": [ [ "192.0.2.1", "192.0.2.2" ], [ "198.51.100.1" ] ]
//
// The value comes as Kea parsed it (an isc::data::Element), from the hook
// parameters or a user-context; nothing is turned back into text.  Every
// error is reported, one message each, naming the parameter, the scope and
// the value; a value is encoded only when it has none.

#ifndef PCPSEL_KEACFG_SERVER_LIST_H
#define PCPSEL_KEACFG_SERVER_LIST_H

#include <cc/data.h>

#include <pcpsel.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace isc {
namespace pcpsel {

/// @brief Where the messages of a check go.
class Report {
public:
    virtual ~Report() {
    }

    /// @brief A bad value: the configuration must be refused.
    virtual void error(const std::string& msg) = 0;

    /// @brief Something the operator probably did not mean (a misspelt or
    /// misplaced key); the configuration stands.
    virtual void warning(const std::string& msg) = 0;
};

/// @brief Bytes of option data, one vector per option instance.
typedef std::vector<std::vector<uint8_t> > Instances;

/// @brief A valid list of PCP servers for kea-dhcp4 (option 158) or
/// kea-dhcp6 (option 86), with its option instances.
class ServerList {
public:
    /// @brief The servers' addresses, in order.
    typedef std::vector<std::vector<struct pcpsel_addr> > Addresses;

    /// @brief Encode @c servers (already checked: parseServers()) for a
    /// daemon of @c family.
    ///
    /// @throw std::bad_alloc, std::runtime_error if libpcpsel refuses them
    ServerList(int family, Addresses servers);

    ServerList(const ServerList&) = delete;
    ServerList& operator=(const ServerList&) = delete;

    /// @brief 4 or 6.
    int getFamily() const {
        return (family_);
    }

    /// @brief The number of servers (0: "send no PCP server").
    size_t getCount() const {
        return (wire_.size() - 1);
    }

    /// @brief The option data of the whole list: option-158 data split
    /// between servers in instances of at most 253 bytes (RFC 3396), or
    /// one option-86 instance per server (R7291-4).
    const Instances& getInstances() const {
        return (instances_);
    }

    /// @brief The bytes the first @c k servers take in a reply, every
    /// instance's option header (2 bytes DHCPv4, 4 DHCPv6) included.
    size_t getWireSize(size_t k) const {
        return (wire_[k < wire_.size() ? k : wire_.size() - 1]);
    }

    /// @brief The largest number of servers, from the first, whose
    /// instances take at most @c budget bytes in a reply.
    size_t fitting(size_t budget) const;

    /// @brief The option data of the first @c k servers alone (a list
    /// left short for a reply that cannot take it all), from libpcpsel.
    ///
    /// @throw std::bad_alloc, std::runtime_error
    Instances encodeFirst(size_t k) const;

    /// @brief "2 server(s), 3 address(es)" for the log.
    std::string describe() const;

private:
    int family_;
    Addresses servers_;
    Instances instances_;
    /// @brief wire_[k]: bytes of the first k servers in a reply.
    std::vector<size_t> wire_;
};

/// @brief Pointer to a constant server list.
typedef std::shared_ptr<const ServerList> ServerListPtr;

/// @brief Check the "pcp-servers" value @c value of scope @c where ("hook
/// parameters", "subnet 192.0.2.0/24 (id 1)", ...; empty: none) for a
/// daemon of @c family (4: IPv4 only, each server at most 63 addresses;
/// 6: IPv6 and IPv4, the latter sent IPv4-mapped, R7291-19).  Every
/// address must be valid, of the right family, usable
/// (pcpsel_addr_usable) and given once in the whole value; the whole list
/// must fit the configuration limit of size_limits.h.
///
/// @return the list, or null after reporting every error.
/// @throw std::bad_alloc
ServerListPtr parseServers(int family, const isc::data::ConstElementPtr& value,
                           const std::string& where, Report& report);

/// @brief The hook library's "parameters".
struct HookParams {
    /// @brief "always-send": send the option even when not asked for.
    bool always_send_ = false;

    /// @brief "pcp-servers" (null: the key is absent).
    ServerListPtr servers_;

    /// @brief "host-database-lookup": for a reply to a client Kea found a
    /// reservation for (the class KNOWN) that no reservation of the
    /// configuration matches, ask Kea's host databases for that
    /// reservation's list (one host query per such reply).  false: no
    /// database query of the hook's; such clients get their class, subnet,
    /// shared network or global list.
    bool host_db_lookup_ = true;
};

/// @brief Check the hook library's "parameters" map (null: no map, no
/// servers).  Known keys: "pcp-servers" (scope "hook parameters"),
/// "always-send" and "host-database-lookup" (booleans); any other key is
/// an error.
///
/// @return true and @c out set, or false after reporting every error
/// (@c out untouched).
/// @throw std::bad_alloc
bool parseParams(int family, const isc::data::ConstElementPtr& params,
                 HookParams& out, Report& report);

} // namespace pcpsel
} // namespace isc

#endif // PCPSEL_KEACFG_SERVER_LIST_H
