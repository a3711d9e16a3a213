/* SPDX-License-Identifier: BSD-2-Clause */
// pcpsel_hostdb.h - the lists of reservations Kea matched outside the
// configuration file (a host database: "hosts-database(s)")
//
// Kea 2.2, 2.6 and 3.0 tell no pkt4_send / pkt6_send callout which
// reservation they used for a reply.  What they do tell is whether they
// found one: they put the query in the class "KNOWN".  So, for a KNOWN
// query that no reservation of the configuration file (the scope index)
// matches, and only when Kea has a host data source besides the file, the
// hook asks Kea's HostMgr for the reservation of the reply's subnet (then a
// global one) by the query's identifiers, in the order of Kea's
// "host-reservation-identifiers": the look-up Kea made for the same query.
// That is one host query per such reply (none for unknown clients, none
// without a host database); the reservation's "pcp-servers" user-context is
// checked by keacfg's parseServers() -- the code that checks the
// configuration file -- once per reservation and value: HostLists keeps the
// result by the reservation's host ID and reuses it while the value is the
// same (Element::equals, no parse, nothing allocated).

#ifndef PCPSEL_HOSTDB_H
#define PCPSEL_HOSTDB_H

#include <cc/data.h>
#include <dhcpsrv/host.h>

#include "pcpsel_servers.h"
#include "server_list.h"

#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace isc {
namespace pcpsel {

/// @brief The checked lists of reservations from a host database, by host
/// ID; safe for any number of packet threads.
class HostLists {
public:
    /// @brief At most this many reservations are kept; past it the table
    /// starts again empty (each reservation is then checked once more).
    static const size_t MAX_ENTRIES = 65536;

    /// @brief Lists for a daemon of @c family (4 or 6); errors of a value
    /// go to @c report (called under the table's lock, once per value).
    /// @c where ends a reservation's name in messages: where Kea keeps the
    /// reservations of this table (host IDs are unique only there).
    HostLists(int family, Report& report,
              const std::string& where = "of the host database");

    HostLists(const HostLists&) = delete;
    HostLists& operator=(const HostLists&) = delete;

    /// @brief The list of @c host: its user-context's "pcp-servers",
    /// checked.  Null when it has none, or a bad one (reported once per
    /// reservation and value); an empty list means "send no PCP server".
    ///
    /// @throw std::bad_alloc
    ServerSetPtr get(const isc::dhcp::Host& host);

    /// @brief Values checked (parsed) so far: a test's measure of the cache.
    size_t getParsed() const {
        return (parsed_);
    }

    /// @brief Reservations kept now.
    size_t size() const;

private:
    struct Entry {
        isc::data::ConstElementPtr value_;  ///< the value checked
        ServerSetPtr set_;                  ///< its list; null: bad
    };

    /// @brief "reservation hwaddr=02... (host ID 7) in subnet 1 of the
    /// host database".
    std::string name(const isc::dhcp::Host& host) const;

    int family_;
    Report& report_;
    std::string where_;
    mutable std::mutex mutex_;
    std::unordered_map<isc::dhcp::HostID, Entry> map_;
    size_t parsed_ = 0;
};

} // namespace pcpsel
} // namespace isc

#endif // PCPSEL_HOSTDB_H
