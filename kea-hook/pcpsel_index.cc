// SPDX-License-Identifier: BSD-2-Clause
// pcpsel_index.cc - the scope index of the pcpsel hook

#include <dhcpsrv/cfg_host_operations.h>
#include <dhcpsrv/cfg_subnets4.h>
#include <dhcpsrv/cfg_subnets6.h>
#include <dhcpsrv/subnet.h>

#include "pcpsel_index.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include <endian.h>

using namespace isc::dhcp;

namespace isc {
namespace pcpsel {

namespace {

/// @brief The ID Kea gave subnet @c s: its "id", else the one of Kea's
/// subnet with its prefix (as written, then as Kea writes it).
template <typename ConstCfgSubnetsPtr>
bool
resolveId(const ConstCfgSubnetsPtr& subnets, const ScopeLists::Subnet& s,
          SubnetID& id) {
    if (s.id_ >= 0) {
        if (s.id_ > std::numeric_limits<SubnetID>::max()) {
            return (false);
        }
        id = static_cast<SubnetID>(s.id_);
        return (true);
    }
    if (!subnets) {
        return (false);
    }
    auto sub = subnets->getByPrefix(s.prefix_);
    if (!sub && s.has_net_) {
        char text[PCPSEL_ADDRSTRLEN];
        if (pcpsel_addr_to_string(&s.net_, text, sizeof(text)) > 0) {
            unsigned len = s.len_ - (pcpsel_addr_is_v4(&s.net_) ? 96 : 0);
            sub = subnets->getByPrefix(std::string(text) + "/" +
                                       std::to_string(len));
        }
    }
    if (!sub) {
        return (false);
    }
    id = sub->getID();
    return (true);
}

/// @brief The user-contexts of Kea's subnet @c id of @c cfg and of its
/// shared network: false if Kea has no such subnet.
bool
keaContexts(int family, const SrvConfig& cfg, SubnetID id,
            isc::data::ConstElementPtr& ctx,
            isc::data::ConstElementPtr& net_ctx) {
    boost::shared_ptr<const Subnet> sub;
    if (family == 4) {
        sub = cfg.getCfgSubnets4()->getBySubnetId(id);
    } else {
        sub = cfg.getCfgSubnets6()->getBySubnetId(id);
    }
    if (!sub) {
        return (false);
    }
    ctx = sub->getContext();
    NetworkPtr net;
    sub->getSharedNetwork(net);
    net_ctx = net ? net->getContext() : isc::data::ConstElementPtr();
    return (true);
}

} // namespace

ScopeIndex::Key
ScopeIndex::keyOf(const struct pcpsel_addr& addr, unsigned len) {
    // the two halves in network order, as numbers
    uint64_t half[2];
    std::memcpy(half, addr.bytes, sizeof(half));
    half[0] = be64toh(half[0]);
    half[1] = be64toh(half[1]);
    // keep the first len bits
    if (len < 64) {
        half[0] &= len ? ~0ULL << (64 - len) : 0;
        half[1] = 0;
    } else if (len < 128) {
        half[1] &= len > 64 ? ~0ULL << (128 - len) : 0;
    }
    return (Key(half[0], half[1]));
}

uint64_t
HostTable::hash(SubnetID subnet, int type, const uint8_t* data, size_t len) {
    // multiply-xorshift over 8-byte words (a reservation's identifier is
    // 6 to 130 bytes): a few instructions per word
    const uint64_t k = 0x9e3779b97f4a7c15ULL;
    uint64_t h = (static_cast<uint64_t>(subnet) << 8 | unsigned(type)) * k ^
        len;
    while (len >= 8) {
        uint64_t w;
        std::memcpy(&w, data, 8);
        h = (h ^ w) * k;
        h ^= h >> 29;
        data += 8;
        len -= 8;
    }
    if (len) {
        // the last 1 to 7 bytes in one word without a loop: two
        // overlapping 4-byte reads cover 4 to 7 bytes, the first, middle
        // and last byte 1 to 3 (with the length already in @h, different
        // bytes give different words)
        uint64_t w;
        if (len >= 4) {
            uint32_t a, b;
            std::memcpy(&a, data, 4);
            std::memcpy(&b, data + len - 4, 4);
            w = static_cast<uint64_t>(a) << 32 | b;
        } else {
            w = static_cast<uint64_t>(data[0]) << 16 |
                static_cast<uint64_t>(data[len / 2]) << 8 | data[len - 1];
        }
        h = (h ^ w) * k;
        h ^= h >> 29;
    }
    return (h ^ h >> 32);
}

uint64_t
NameTable::hash(const std::string& name) {
    return (HostTable::hash(0, 0, reinterpret_cast<const uint8_t*>(
                                name.data()), name.size()));
}

void
NameTable::add(const std::string& name, size_t order, const ServerSet* set) {
    entries_.push_back(Entry{hash(name), name, order, set});
    lengths_ |= name.size() < 64 ? 1ULL << name.size() : 1ULL << 63;
}

void
NameTable::seal() {
    size_t n = 16;
    while (n < 2 * entries_.size()) {
        n *= 2;
    }
    slots_.assign(n, 0);
    for (size_t e = 0; e < entries_.size(); ++e) {
        if (find(entries_[e].name_)) {
            continue;           // a duplicate: the first stays
        }
        size_t i = entries_[e].hash_ & (n - 1);
        while (slots_[i]) {
            i = (i + 1) & (n - 1);
        }
        slots_[i] = static_cast<uint32_t>(e + 1);
    }
}

const NameTable::Entry*
NameTable::find(const std::string& name) const {
    // most of a query's classes ("ALL", "KNOWN", ...) have a length no
    // class with a list has: no hash for them
    if (!(lengths_ & (name.size() < 64 ? 1ULL << name.size() : 1ULL << 63)) ||
        slots_.empty()) {
        return (nullptr);
    }
    const uint64_t h = hash(name);
    const size_t mask = slots_.size() - 1;
    for (size_t i = h & mask; slots_[i]; i = (i + 1) & mask) {
        const Entry& e = entries_[slots_[i] - 1];
        if (e.hash_ == h && e.name_ == name) {
            return (&e);
        }
    }
    return (nullptr);
}

void
HostTable::add(SubnetID subnet, int type, const std::vector<uint8_t>& ident,
               const ServerSet* set) {
    entries_.push_back(Entry{hash(subnet, type, ident.data(), ident.size()),
                             subnet, type, ident, set});
}

void
HostTable::seal() {
    size_t n = 16;
    while (n < 2 * entries_.size()) {
        n *= 2;
    }
    slots_.assign(n, 0);
    for (size_t e = 0; e < entries_.size(); ++e) {
        const Entry& en = entries_[e];
        if (find(en.subnet_, en.type_, en.ident_.data(), en.ident_.size())) {
            continue;           // a duplicate: the first stays
        }
        size_t i = en.hash_ & (n - 1);
        while (slots_[i]) {
            i = (i + 1) & (n - 1);
        }
        slots_[i] = static_cast<uint32_t>(e + 1);
    }
}

const ServerSet*
HostTable::find(SubnetID subnet, int type, const uint8_t* data,
                size_t len) const {
    if (slots_.empty()) {
        return (nullptr);
    }
    const uint64_t h = hash(subnet, type, data, len);
    const size_t mask = slots_.size() - 1;
    for (size_t i = h & mask; slots_[i]; i = (i + 1) & mask) {
        const Entry& e = entries_[slots_[i] - 1];
        if (e.hash_ == h && e.subnet_ == subnet && e.type_ == type &&
            e.ident_.size() == len &&
            (len == 0 || std::memcmp(e.ident_.data(), data, len) == 0)) {
            return (e.set_);
        }
    }
    return (nullptr);
}

ScopeIndex::ScopeIndex(int family, const ScopeLists& lists,
                       const SrvConfig* cfg, const ServerSetPtr& global,
                       Report& warn)
    : global_(global) {
    auto make = [this](const ServerListPtr& list, const std::string& name) {
        if (!list) {
            return (static_cast<const ServerSet*>(nullptr));
        }
        sets_.push_back(ServerSetPtr(new ServerSet(list, name)));
        return (sets_.back().get());
    };

    // client classes with a list; of a packet's classes, the first in
    // configuration order wins (as for Kea's own class options)
    for (auto const& c : lists.classes_) {
        classes_.add(c.class_, counts_.classes_, make(c.servers_, c.name_));
        ++counts_.classes_;
    }
    classes_.seal();

    std::vector<const ServerSet*> nets;
    for (auto const& n : lists.networks_) {
        nets.push_back(make(n.servers_, n.name_));
        if (n.servers_) {
            ++counts_.networks_;
        }
    }

    // every subnet: the ID Kea gave it, its list or its network's
    std::vector<long> ours(lists.subnets_.size(), -1);
    for (size_t i = 0; i < lists.subnets_.size(); ++i) {
        const ScopeLists::Subnet& s = lists.subnets_[i];
        SubnetID id = 0;
        bool known = family == 4 ?
            resolveId(cfg ? cfg->getCfgSubnets4() : ConstCfgSubnets4Ptr(),
                      s, id) :
            resolveId(cfg ? cfg->getCfgSubnets6() : ConstCfgSubnets6Ptr(),
                      s, id);
        const ServerSet* set = make(s.servers_, s.name_);
        if (set) {
            ++counts_.subnets_;
        } else if (s.network_ >= 0) {
            set = nets[s.network_];
        }
        if (set) {
            by_subnet_ = true;
        }
        if (!known && !s.has_net_) {
            if (set) {
                warn.warning("pcp-servers of " + s.name_ + " is not used: "
                             "Kea has no subnet of this prefix and it has "
                             "no \"id\"");
            }
            continue;
        }
        ours[i] = static_cast<long>(subnets_.size());
        Subnet sub;
        sub.id_ = known ? id : SUBNET_ID_UNUSED;
        sub.servers_ = set;
        if (known && cfg) {
            sub.kea_ = keaContexts(family, *cfg, id, sub.ctx_, sub.net_ctx_);
        }
        subnets_.push_back(sub);
        if (known) {
            by_id_.push_back(std::make_pair(id, ours[i]));
        }
        if (s.has_net_) {
            Key net = keyOf(s.net_, s.len_);
            auto g = std::find_if(prefixes_.begin(), prefixes_.end(),
                                  [&s](const PrefixGroup& pg) {
                                      return (pg.len_ == s.len_);
                                  });
            if (g == prefixes_.end()) {
                prefixes_.push_back(PrefixGroup{s.len_, {}});
                g = prefixes_.end() - 1;
            }
            g->nets_.push_back(std::make_pair(net, ours[i]));
        }
        if (!s.iface_.empty() &&
            std::find_if(ifaces_.begin(), ifaces_.end(),
                         [&s](const std::pair<std::string, long>& p) {
                             return (p.first == s.iface_);
                         }) == ifaces_.end()) {
            ifaces_.push_back(std::make_pair(s.iface_, ours[i]));
        }
    }
    // with two equal IDs or prefixes, the first configured wins
    std::stable_sort(by_id_.begin(), by_id_.end(),
                     [](const std::pair<SubnetID, long>& a,
                        const std::pair<SubnetID, long>& b) {
                         return (a.first < b.first);
                     });
    std::sort(prefixes_.begin(), prefixes_.end(),
              [](const PrefixGroup& a, const PrefixGroup& b) {
                  return (a.len_ > b.len_);
              });
    // the IPv4 prefixes (::ffff:0:0/96 and longer) once more as 32-bit
    // numbers, for DHCPv4 replies
    for (auto const& g : prefixes_) {
        if (g.len_ < 96) {
            continue;
        }
        PrefixGroup4 g4;
        g4.len_ = g.len_ - 96;
        g4.mask_ = g4.len_ ? ~0U << (32 - g4.len_) : 0;
        for (auto const& n : g.nets_) {
            if (n.first.first == 0 && (n.first.second >> 32) == 0xffff) {
                g4.nets_.push_back(std::make_pair(
                    static_cast<uint32_t>(n.first.second), n.second));
            }
        }
        if (!g4.nets_.empty()) {
            std::stable_sort(g4.nets_.begin(), g4.nets_.end(),
                             [](const std::pair<uint32_t, long>& a,
                                const std::pair<uint32_t, long>& b) {
                                 return (a.first < b.first);
                             });
            prefixes4_.push_back(g4);
        }
    }
    for (auto& g : prefixes_) {
        std::stable_sort(g.nets_.begin(), g.nets_.end(),
                         [](const std::pair<Key, long>& a,
                            const std::pair<Key, long>& b) {
                             return (a.first < b.first);
                         });
    }

    for (auto const& h : lists.hosts_) {
        const ServerSet* set = make(h.servers_, h.name_);
        ++counts_.hosts_;
        if (h.type_ < 0 || h.type_ >= IDENT_TYPES) {
            continue;           // (keacfg warned: flex-id)
        }
        if (h.subnet_ < 0) {
            hosts_.add(SUBNET_ID_GLOBAL, h.type_, h.ident_, set);
            global_types_ |= 1u << h.type_;
            continue;
        }
        long sub = ours[h.subnet_];
        if (sub < 0 || subnets_[sub].id_ == SUBNET_ID_UNUSED) {
            warn.warning("pcp-servers of " + h.name_ + " is not used: Kea "
                         "has no subnet of this prefix and it has no "
                         "\"id\"");
            continue;
        }
        hosts_.add(subnets_[sub].id_, h.type_, h.ident_, set);
        subnet_types_ |= 1u << h.type_;
        by_subnet_ = true;
    }
    hosts_.seal();

    // the identifiers Kea looks reservations up by, in its order
    if (cfg) {
        auto ops = family == 4 ? cfg->getCfgHostOperations4() :
            cfg->getCfgHostOperations6();
        if (ops) {
            for (auto t : ops->getIdentifierTypes()) {
                kea_order_.push_back(static_cast<int>(t));
            }
        }
    } else if (family == 4) {
        kea_order_ = { Host::IDENT_HWADDR, Host::IDENT_DUID,
                       Host::IDENT_CIRCUIT_ID, Host::IDENT_CLIENT_ID };
    } else {
        kea_order_ = { Host::IDENT_HWADDR, Host::IDENT_DUID };
    }
    kea_order_.erase(std::remove_if(kea_order_.begin(), kea_order_.end(),
                                    [](int t) {
                                        return (t < 0 || t >= IDENT_TYPES);
                                    }),
                     kea_order_.end());
    for (int t : kea_order_) {
        kea_types_ |= 1u << t;
    }
}

long
ScopeIndex::subnetById(SubnetID id) const {
    auto it = std::lower_bound(by_id_.begin(), by_id_.end(), id,
                               [](const std::pair<SubnetID, long>& e,
                                  SubnetID k) {
                                   return (e.first < k);
                               });
    return (it != by_id_.end() && it->first == id ? it->second : -1);
}

long
ScopeIndex::subnetByAddress(const struct pcpsel_addr& addr) const {
    for (auto const& g : prefixes_) {
        const Key key = keyOf(addr, g.len_);
        auto it = std::lower_bound(
            g.nets_.begin(), g.nets_.end(), key,
            [](const std::pair<Key, long>& e, const Key& k) {
                return (e.first < k);
            });
        if (it != g.nets_.end() && it->first == key) {
            return (it->second);
        }
    }
    return (-1);
}

long
ScopeIndex::subnetByV4(uint32_t addr) const {
    for (auto const& g : prefixes4_) {
        const uint32_t key = addr & g.mask_;
        auto it = std::lower_bound(
            g.nets_.begin(), g.nets_.end(), key,
            [](const std::pair<uint32_t, long>& e, uint32_t k) {
                return (e.first < k);
            });
        if (it != g.nets_.end() && it->first == key) {
            return (it->second);
        }
    }
    return (-1);
}

long
ScopeIndex::subnetByIface(const std::string& iface) const {
    for (auto const& p : ifaces_) {
        if (p.first == iface) {
            return (p.second);
        }
    }
    return (-1);
}

const ServerSet*
ScopeIndex::selectHost(long subnet, const Ident idents[]) const {
    // 1. reservation: the subnet's, then a global one
    if (subnet_types_ && subnet >= 0 &&
        subnets_[subnet].id_ != SUBNET_ID_UNUSED) {
        for (int t = 0; t < IDENT_TYPES; ++t) {
            if ((subnet_types_ & (1u << t)) && idents[t].len_) {
                const ServerSet* s = hosts_.find(subnets_[subnet].id_, t,
                                                 idents[t].data_,
                                                 idents[t].len_);
                if (s) {
                    return (s);
                }
            }
        }
    }
    if (global_types_) {
        for (int t = 0; t < IDENT_TYPES; ++t) {
            if ((global_types_ & (1u << t)) && idents[t].len_) {
                const ServerSet* s = hosts_.find(SUBNET_ID_GLOBAL, t,
                                                 idents[t].data_,
                                                 idents[t].len_);
                if (s) {
                    return (s);
                }
            }
        }
    }
    return (nullptr);
}

const ServerSet*
ScopeIndex::selectClass(const Pkt& query) const {
    // 2. client class: of the query's classes (a few), the one first in
    // configuration order
    if (classes_.size()) {
        const NameTable::Entry* best = nullptr;
        for (auto const& name : query.getClasses()) {
            const NameTable::Entry* e = classes_.find(name);
            if (e && (!best || e->order_ < best->order_)) {
                best = e;
            }
        }
        if (best) {
            return (best->set_);
        }
    }
    return (nullptr);
}

} // namespace pcpsel
} // namespace isc
