/* SPDX-License-Identifier: BSD-2-Clause */
// pcpsel_runtime.h - the lists of subnets and shared networks that Kea's
// commands (subnet_cmds: subnet4-add, subnet4-update, network4-add, ...)
// added or changed after the hook indexed a configuration
//
// Such a command applies no configuration: dhcpX_srv_configured is not
// called, and the scope index still holds the lists of the last one.  Kea
// hands pkt4_send / pkt6_send the subnet object it selected (Kea 2.6 and
// later); once such a command was processed, the hook compares that
// object's user-context (and its shared network's) with the ones it
// indexed for that subnet ID, and for a subnet whose context differs (or
// an ID it never indexed) takes the list from the object's own
// user-context.  ContextLists checks each such value once with keacfg's
// parseServers() -- the code that checks the configuration file -- and
// keeps the result by the context element, which Kea's object holds and
// never changes (a command makes a new object): no parse per reply.

#ifndef PCPSEL_RUNTIME_H
#define PCPSEL_RUNTIME_H

#include <cc/data.h>

#include "pcpsel_servers.h"
#include "server_list.h"

#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

namespace isc {
namespace pcpsel {

/// @brief The checked lists of user-contexts of scopes changed at run
/// time, by context element; safe for any number of packet threads.
class ContextLists {
public:
    /// @brief At most this many contexts are kept; past it the table starts
    /// again empty (each context is then checked once more).
    static const size_t MAX_ENTRIES = 65536;

    /// @brief Lists for a daemon of @c family (4 or 6); errors of a value
    /// go to @c report (called under the table's lock, once per context).
    ContextLists(int family, Report& report);

    ContextLists(const ContextLists&) = delete;
    ContextLists& operator=(const ContextLists&) = delete;

    /// @brief The list of the user-context @c ctx (may be null): its
    /// "pcp-servers", checked.  Null when it has none or a bad one
    /// (reported once per context, naming the scope @c name() gives; it
    /// is called only then); an empty list means "send no PCP server".
    ///
    /// @throw std::bad_alloc
    ServerSetPtr get(const isc::data::ConstElementPtr& ctx,
                     const std::function<std::string()>& name);

    /// @brief Values checked (parsed) so far: a test's measure of the cache.
    size_t getParsed() const {
        return (parsed_);
    }

    /// @brief Contexts kept now.
    size_t size() const;

private:
    struct Entry {
        isc::data::ConstElementPtr ctx_;    ///< holds the key alive
        ServerSetPtr set_;                  ///< its list; null: none, bad
    };

    int family_;
    Report& report_;
    mutable std::mutex mutex_;
    std::unordered_map<const isc::data::Element*, Entry> map_;
    size_t parsed_ = 0;
};

} // namespace pcpsel
} // namespace isc

#endif // PCPSEL_RUNTIME_H
