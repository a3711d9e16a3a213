/* SPDX-License-Identifier: BSD-2-Clause */
// pcpsel_index.h - the scope index of the pcpsel hook: built once per
// configuration from the lists keacfg collected, then asked, per reply,
// which list applies
//
// Precedence, most specific first: reservation > client class > subnet >
// shared network > global.  No look-up grows with the number of
// reservations: subnets by Kea's subnet ID (binary search) or by address
// (one binary search per prefix length), reservations in a hash table,
// probed only for the identifier types some reservation uses and only in
// the tables (this subnet's, global) that have entries; a query's classes
// (a few) each looked up among the classes that have a list, the first in
// configuration order winning.

#ifndef PCPSEL_INDEX_H
#define PCPSEL_INDEX_H

#include <dhcp/pkt.h>
#include <dhcpsrv/host.h>
#include <dhcpsrv/srv_config.h>
#include <dhcpsrv/subnet_id.h>

#include <pcpsel.h>

#include "config_check.h"
#include "pcpsel_servers.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace isc {
namespace pcpsel {

/// @brief Identifier types the hook matches reservations by: hw-address,
/// duid, circuit-id, client-id (Kea's default order); not flex-id.
const int IDENT_TYPES = isc::dhcp::Host::IDENT_CLIENT_ID + 1;

/// @brief An identifier of a query (borrowed bytes; none: empty).
struct Ident {
    const uint8_t* data_ = nullptr;
    size_t len_ = 0;
};

/// @brief Reservations with a list, by (subnet ID, identifier type,
/// identifier bytes): open addressing, one probe sequence per look-up.
class HostTable {
public:
    /// @brief Add a reservation (the first of duplicates stays).
    void add(isc::dhcp::SubnetID subnet, int type,
             const std::vector<uint8_t>& ident, const ServerSet* set);

    /// @brief Build the slots; call once after the last add().
    void seal();

    /// @brief The list of a reservation, or null.
    const ServerSet* find(isc::dhcp::SubnetID subnet, int type,
                          const uint8_t* data, size_t len) const;

    size_t size() const {
        return (entries_.size());
    }

    /// @brief The hash of a key (also NameTable's, with subnet and type 0).
    static uint64_t hash(isc::dhcp::SubnetID subnet, int type,
                         const uint8_t* data, size_t len);

private:
    struct Entry {
        uint64_t hash_;
        isc::dhcp::SubnetID subnet_;
        int type_;
        std::vector<uint8_t> ident_;
        const ServerSet* set_;
    };
    std::vector<Entry> entries_;
    /// @brief entry index + 1, 0 free; a power of two, at most half full.
    std::vector<uint32_t> slots_;
};

/// @brief Client classes with a list, by name: open addressing.
class NameTable {
public:
    struct Entry {
        uint64_t hash_;
        std::string name_;
        size_t order_;              ///< configuration order
        const ServerSet* set_;
    };

    void add(const std::string& name, size_t order, const ServerSet* set);
    void seal();
    const Entry* find(const std::string& name) const;

    size_t size() const {
        return (entries_.size());
    }

private:
    static uint64_t hash(const std::string& name);

    std::vector<Entry> entries_;
    std::vector<uint32_t> slots_;
    /// @brief Bit n: a name of n bytes (63: 63 or more).
    uint64_t lengths_ = 0;
};

/// @brief How many scopes have a list of their own.
struct ScopeCounts {
    size_t networks_ = 0;
    size_t subnets_ = 0;
    size_t classes_ = 0;
    size_t hosts_ = 0;
};

/// @brief The scopes of one configuration, ready for look-ups.
class ScopeIndex {
public:
    /// @brief An index of @c lists (collected for a daemon of @c family)
    /// with @c global (null: no hook parameter "pcp-servers").  @c cfg,
    /// Kea's parsed configuration, gives the ID of a subnet written
    /// without "id" (may be null: such subnets are then found by address
    /// and interface only).  @c warn receives what cannot be indexed.
    ///
    /// @throw std::bad_alloc
    ScopeIndex(int family, const ScopeLists& lists,
               const isc::dhcp::SrvConfig* cfg, const ServerSetPtr& global,
               Report& warn);

    /// @brief Whether some list depends on the reply's subnet (a subnet
    /// or shared network list, or a reservation in a subnet): without,
    /// the subnet is never looked up.
    bool bySubnet() const {
        return (by_subnet_);
    }

    /// @brief Identifier types that reservations with a list use (a bit
    /// per isc::dhcp::Host::IdentifierType); 0: none.
    unsigned identTypes() const {
        return (subnet_types_ | global_types_);
    }

    /// @brief Whether a subnet's interface is known, for replies whose
    /// subnet is found by their interface.
    bool byIface() const {
        return (!ifaces_.empty());
    }

    /// @brief Our subnet of Kea's subnet @c id, or -1.
    long subnetById(isc::dhcp::SubnetID id) const;

    /// @brief The subnet holding @c addr, or -1.
    long subnetByAddress(const struct pcpsel_addr& addr) const;

    /// @brief The subnet holding IPv4 address @c addr (host order), or -1:
    /// the same look-up without the 16-byte form.
    long subnetByV4(uint32_t addr) const;

    /// @brief The first subnet served on interface @c iface, or -1.
    long subnetByIface(const std::string& iface) const;

    /// @brief The list of a reply: reservation (in @c subnet, then
    /// global), client class, @c subnet (or its shared network), global.
    /// Null: nothing configured.
    ///
    /// The classes are the ones Kea assigned to the query.  Reservations
    /// are those of the configuration, matched by the query's identifiers
    /// (@c idents) in this index; a reservation Kea found in a host
    /// database takes step 1's place (PcpselImpl: selectHost(), then
    /// pcpsel_hostdb.h, then selectRest()).
    const ServerSet* select(long subnet, const Ident idents[],
                            const isc::dhcp::Pkt& query) const {
        const ServerSet* s = selectHost(subnet, idents);
        return (s ? s : selectRest(subnet, query));
    }

    /// @brief select()'s step 1 alone: the list of a reservation of the
    /// configuration file, or null.
    const ServerSet* selectHost(long subnet, const Ident idents[]) const;

    /// @brief select()'s steps 2 to 4: client class, subnet (or shared
    /// network), global.  Null: nothing configured.
    const ServerSet* selectRest(long subnet,
                                const isc::dhcp::Pkt& query) const {
        const ServerSet* s = selectClass(query);
        if (!s) {
            s = subnetList(subnet);
        }
        return (s ? s : global_.get());
    }

    /// @brief Step 2 alone: the list of the first (in configuration order)
    /// of the query's classes that has one, or null.
    const ServerSet* selectClass(const isc::dhcp::Pkt& query) const;

    /// @brief Step 3 alone: the list of our subnet @c subnet (-1: none), or
    /// of its shared network, or null.
    const ServerSet* subnetList(long subnet) const {
        return (subnet >= 0 ? subnets_[subnet].servers_ : nullptr);
    }

    /// @brief Whether Kea's subnet object of our subnet @c subnet still
    /// has the user-context @c ctx and its shared network @c net_ctx that
    /// Kea's configuration had when this index was built (the same
    /// elements: a command that changes a subnet makes a new object).
    bool sameContexts(long subnet, const isc::data::ConstElementPtr& ctx,
                      const isc::data::ConstElementPtr& net_ctx) const {
        return (subnet >= 0 && subnets_[subnet].kea_ &&
                subnets_[subnet].ctx_ == ctx &&
                subnets_[subnet].net_ctx_ == net_ctx);
    }

    /// @brief Kea's ID of our subnet @c subnet (-1: none), or
    /// SUBNET_ID_UNUSED.
    isc::dhcp::SubnetID subnetIdOf(long subnet) const {
        return (subnet < 0 ? isc::dhcp::SUBNET_ID_UNUSED :
                subnets_[subnet].id_);
    }

    /// @brief The identifier types Kea looks reservations up by, in its
    /// order ("host-reservation-identifiers"; Kea's default without a
    /// configuration), the ones the hook can read (not flex-id).
    const std::vector<int>& keaIdentOrder() const {
        return (kea_order_);
    }

    /// @brief keaIdentOrder() as a bit per type.
    unsigned keaIdentTypes() const {
        return (kea_types_);
    }

    const ServerSetPtr& getGlobal() const {
        return (global_);
    }

    const ScopeCounts& getCounts() const {
        return (counts_);
    }

private:
    /// @brief A subnet Kea knows.
    struct Subnet {
        isc::dhcp::SubnetID id_;
        /// @brief Its list, else its shared network's, else null.
        const ServerSet* servers_;
        /// @brief Kea's subnet object of id_ was found (cfg given).
        bool kea_ = false;
        /// @brief Its user-context and its shared network's, as Kea's
        /// configuration held them (kept: their addresses are compared).
        isc::data::ConstElementPtr ctx_;
        isc::data::ConstElementPtr net_ctx_;
    };

    /// @brief A 16-byte address as two 64-bit halves, compared fast.
    typedef std::pair<uint64_t, uint64_t> Key;

    /// @brief The key of @c addr, its bits after the first @c len cleared.
    static Key keyOf(const struct pcpsel_addr& addr, unsigned len);

    /// @brief All subnets of one prefix length, sorted by network.
    struct PrefixGroup {
        unsigned len_;          ///< bits, of the 16-byte form
        std::vector<std::pair<Key, long> > nets_;
    };

    /// @brief The IPv4 subnets of one prefix length (0-32), sorted.
    struct PrefixGroup4 {
        unsigned len_;
        uint32_t mask_;
        std::vector<std::pair<uint32_t, long> > nets_;
    };



    ServerSetPtr global_;
    /// @brief Every list of this configuration (owned here).
    std::vector<ServerSetPtr> sets_;
    std::vector<Subnet> subnets_;
    std::vector<std::pair<isc::dhcp::SubnetID, long> > by_id_;  ///< sorted
    std::vector<PrefixGroup> prefixes_;         ///< longest first
    std::vector<PrefixGroup4> prefixes4_;       ///< the IPv4 ones, too
    std::vector<std::pair<std::string, long> > ifaces_;
    NameTable classes_;
    HostTable hosts_;
    unsigned subnet_types_ = 0;
    unsigned global_types_ = 0;
    bool by_subnet_ = false;
    std::vector<int> kea_order_;
    unsigned kea_types_ = 0;
    ScopeCounts counts_;
};

} // namespace pcpsel
} // namespace isc

#endif // PCPSEL_INDEX_H
