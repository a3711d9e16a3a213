// SPDX-License-Identifier: BSD-2-Clause
// server_list.cc - one "pcp-servers" value: checked, then encoded by libpcpsel

#include "server_list.h"

#include "size_limits.h"
#include "show_text.h"

#include <array>
#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <new>
#include <stdexcept>
#include <utility>

using namespace isc::data;

namespace isc {
namespace pcpsel {

namespace {

const char PARAM[] = "pcp-servers";
const char PARAM_ALWAYS[] = "always-send";
const char PARAM_HOSTDB[] = "host-database-lookup";
const char HOOK_SCOPE[] = "hook parameters";

/// @brief Frees a libpcpsel list or wire object at scope exit.
struct LibpcpselDeleter {
    void operator()(struct pcpsel_list* list) const {
        pcpsel_list_free(list);
    }
    void operator()(struct pcpsel_wire* wire) const {
        pcpsel_wire_free(wire);
    }
};
typedef std::unique_ptr<struct pcpsel_list, LibpcpselDeleter> ListHolder;
typedef std::unique_ptr<struct pcpsel_wire, LibpcpselDeleter> WireHolder;

/// @brief Throw for a libpcpsel error @c r while doing @c what.
void
failed(int r, const char* what) {
    if (r == -ENOMEM) {
        throw std::bad_alloc();
    }
    throw std::runtime_error(std::string(what) + ": " + std::strerror(-r));
}

/// @brief libpcpsel's list of servers @c begin .. @c end.
ListHolder
makeList(int family, ServerList::Addresses::const_iterator begin,
         ServerList::Addresses::const_iterator end) {
    ListHolder list(pcpsel_list_new());
    if (!list) {
        throw std::bad_alloc();
    }
    unsigned origin = family == 4 ? PCPSEL_ORIGIN_DHCPV4 : PCPSEL_ORIGIN_DHCPV6;
    for (auto s = begin; s != end; ++s) {
        int r = pcpsel_list_add_server(list.get(), origin, s->data(),
                                       s->size());
        if (r < 0) {
            failed(r, "pcpsel_list_add_server");
        }
    }
    return (list);
}

/// @brief The option instances of @c list.
Instances
encode(int family, const struct pcpsel_list* list) {
    struct pcpsel_wire* w = nullptr;
    // RFC 7291 §4.1, RFC 3396: option 158 split between servers only, in
    // instances Kea sends whole (size_limits.h); R7291-3/4: one option-86
    // instance per server, IPv4 addresses IPv4-mapped
    int r = family == 4 ?
        pcpsel_v4_encode_split(list, limits::V4_INSTANCE_MAX, &w) :
        pcpsel_v6_encode(list, &w);
    if (r < 0) {
        failed(r, family == 4 ? "pcpsel_v4_encode_split" : "pcpsel_v6_encode");
    }
    WireHolder wire(w);
    Instances out;
    size_t n = pcpsel_wire_count(w);
    for (size_t i = 0; i < n; ++i) {
        size_t len = 0;
        const uint8_t* d = pcpsel_wire_get(w, i, &len);
        out.push_back(std::vector<uint8_t>(d, d + len));
    }
    return (out);
}

/// @brief Bytes of an option header: code and length (RFC 2132 §2, RFC
/// 8415 §21.1).
size_t
headerLen(int family) {
    return (family == 4 ? 2 : 4);
}

} // namespace

ServerList::ServerList(int family, Addresses servers)
    : family_(family), servers_(std::move(servers)) {
    ListHolder list = makeList(family_, servers_.begin(), servers_.end());
    instances_ = encode(family_, list.get());

    // wire_[k] for every k, from what libpcpsel encoded: DHCPv6 has one
    // instance per server; DHCPv4 instances hold whole servers, so the
    // first k servers take the instances before the one holding server k,
    // and that one cut after server k (the data of each server alone).
    wire_.assign(1, 0);
    if (family_ == 6) {
        for (auto const& inst : instances_) {
            wire_.push_back(wire_.back() + headerLen(6) + inst.size());
        }
    } else {
        size_t s = 0;
        for (auto const& inst : instances_) {
            struct pcpsel_buf frag = { inst.data(), inst.size() };
            ListHolder dec(pcpsel_list_new());
            if (!dec) {
                throw std::bad_alloc();
            }
            int r = pcpsel_v4_decode(dec.get(), &frag, 1, nullptr);
            if (r < 0) {
                failed(r, "pcpsel_v4_decode");
            }
            size_t here = pcpsel_list_count(dec.get());
            size_t start = wire_.back() + headerLen(4);
            for (size_t j = 0; j < here && s < servers_.size(); ++j, ++s) {
                ListHolder one = makeList(4, servers_.begin() + s,
                                          servers_.begin() + s + 1);
                Instances alone = encode(4, one.get());
                start += alone.empty() ? 0 : alone[0].size();
                wire_.push_back(start);
            }
        }
    }
    size_t total = 0;
    for (auto const& inst : instances_) {
        total += headerLen(family_) + inst.size();
    }
    if (wire_.size() != servers_.size() + 1 || wire_.back() != total) {
        throw std::runtime_error("pcp-servers: the encoded instances do not "
                                 "match the servers");
    }
}

size_t
ServerList::fitting(size_t budget) const {
    size_t k = 0;
    // wire_ grows with k: the last k whose size fits
    while (k + 1 < wire_.size() && wire_[k + 1] <= budget) {
        ++k;
    }
    return (k);
}

Instances
ServerList::encodeFirst(size_t k) const {
    if (k >= servers_.size()) {
        return (instances_);
    }
    ListHolder list = makeList(family_, servers_.begin(),
                               servers_.begin() + k);
    return (encode(family_, list.get()));
}

std::string
ServerList::describe() const {
    size_t addrs = 0;
    for (auto const& s : servers_) {
        addrs += s.size();
    }
    return (std::to_string(servers_.size()) + " server(s), " +
            std::to_string(addrs) + " address(es), " +
            std::to_string(getWireSize(getCount())) + " bytes in a reply");
}

ServerListPtr
parseServers(int family, const ConstElementPtr& value,
             const std::string& where, Report& report) {
    const std::string pre = where.empty() ? std::string(PARAM) :
        std::string(PARAM) + " in " + where;
    size_t errors = 0;
    auto error = [&](const std::string& msg) {
        ++errors;
        report.error(msg);
    };
    if (!value || value->getType() != Element::list) {
        error(pre + ": expected a list of servers (lists of addresses), got " +
              showValue(value));
        return (ServerListPtr());
    }

    // (server, address) of the first occurrence of each address
    std::map<std::array<uint8_t, 16>, std::pair<size_t, size_t> > seen;
    ServerList::Addresses servers;
    size_t naddrs = 0;
    size_t s = 0;
    for (auto const& srv : value->listValue()) {
        ++s;
        // (message prefixes are made only for a message)
        auto ps = [&pre, s]() {
            return (pre + ", server " + std::to_string(s));
        };
        if (srv->getType() != Element::list) {
            error(ps() + ": expected a list of addresses, got " +
                  showValue(srv));
            continue;
        }
        size_t n = srv->size();
        naddrs += n;
        // R7291-2, RFC 7291 §4.1: one or more addresses a server
        if (n == 0) {
            error(ps() + ": [] is empty; a server needs at least one address");
        }
        // RFC 7291 §4.1: List-Length is one octet (63 addresses)
        if (family == 4 && n > PCPSEL_V4_MAX_ADDRS) {
            error(ps() + ": " + std::to_string(n) + " addresses, more than "
                  "the " + std::to_string(PCPSEL_V4_MAX_ADDRS) +
                  " a DHCPv4 option 158 list can hold");
        }
        // R7291-1: option-len is 16 bits
        if (family == 6 && n > PCPSEL_V6_MAX_ADDRS) {
            error(ps() + ": " + std::to_string(n) + " addresses, more than "
                  "the " + std::to_string(PCPSEL_V6_MAX_ADDRS) +
                  " a DHCPv6 option 86 can hold");
        }
        servers.push_back(std::vector<struct pcpsel_addr>());
        size_t a = 0;
        for (auto const& adr : srv->listValue()) {
            ++a;
            auto pa = [&ps, a]() {
                return (ps() + ", address " + std::to_string(a));
            };
            if (adr->getType() != Element::string) {
                error(pa() + ": expected an address string, got " +
                      showValue(adr));
                continue;
            }
            const std::string& text = adr->stringValue();
            struct pcpsel_addr addr;
            if (text.find('\0') != std::string::npos ||
                pcpsel_addr_from_string(&addr, text.c_str()) < 0) {
                error(pa() + ": " + showValue(adr) + " is not an " +
                      (family == 4 ? "IPv4" : "IPv6 or IPv4") + " address");
                continue;
            }
            // RFC 7291 §4.1: option 158 carries IPv4 only (the mapped
            // form ::ffff:a.b.c.d names an IPv4 address and is taken)
            if (family == 4 && !pcpsel_addr_is_v4(&addr)) {
                error(pa() + ": " + showValue(adr) + " is an IPv6 address; "
                      "kea-dhcp4 sends only IPv4 addresses");
                continue;
            }
            // R7291-8, R7291-15, P-DHCP4-3, P-DHCP6-4
            const char* why = pcpsel_addr_unusable_str(&addr);
            if (why) {
                error(pa() + ": " + showValue(adr) + " is not usable as a "
                      "PCP server address (" + why + ")");
                continue;
            }
            // R7291-17: each address once in the whole value
            std::array<uint8_t, 16> key;
            std::memcpy(key.data(), addr.bytes, key.size());
            auto ins = seen.emplace(key, std::make_pair(s, a));
            if (!ins.second) {
                error(pa() + ": " + showValue(adr) + " is already given as "
                      "server " + std::to_string(ins.first->second.first) +
                      ", address " +
                      std::to_string(ins.first->second.second));
                continue;
            }
            servers.back().push_back(addr);
        }
    }
    if (errors) {
        return (ServerListPtr());
    }

    // size_limits.h: a list that cannot go into any reply is refused.  A cheap
    // lower bound first (address octets alone), so that a huge value is
    // refused before it is encoded.
    const size_t limit = family == 4 ? limits::V4_LIST_MAX_WIRE :
        limits::V6_LIST_MAX_WIRE;
    const std::string why = family == 4 ?
        "a DHCPv4 reply of at most " +
        std::to_string(limits::V4_MAX_MESSAGE) + " bytes with " +
        std::to_string(limits::V4_KEA_OPTIONS) +
        " bytes kept for Kea's own options" :
        "a DHCPv6 reply of at most " +
        std::to_string(limits::V6_MAX_MESSAGE) + " bytes with " +
        std::to_string(limits::V6_KEA_OPTIONS) +
        " bytes kept for Kea's own options";
    const size_t at_least = naddrs * (family == 4 ? 4 : 16);
    const std::string what = std::to_string(servers.size()) + " servers (" +
        std::to_string(naddrs) + " addresses) need ";
    const std::string option = family == 4 ? "option 158" : "option 86";
    if (at_least > limit) {
        error(pre + ": " + what + "at least " + std::to_string(at_least) +
              " bytes of " + option + " in a reply, more than the limit of " +
              std::to_string(limit) + " (" + why + ")");
        return (ServerListPtr());
    }
    std::shared_ptr<ServerList> list(new ServerList(family,
                                                    std::move(servers)));
    size_t wire = list->getWireSize(list->getCount());
    if (wire > limit) {
        error(pre + ": " + what + std::to_string(wire) + " bytes of " +
              option + " in a reply (option headers included), more than "
              "the limit of " + std::to_string(limit) + " (" + why + ")");
        return (ServerListPtr());
    }
    return (list);
}

bool
parseParams(int family, const ConstElementPtr& params, HookParams& out,
            Report& report) {
    HookParams next;
    if (!params) {
        out = next;
        return (true);
    }
    size_t errors = 0;
    auto error = [&](const std::string& msg) {
        ++errors;
        report.error(msg);
    };
    if (params->getType() != Element::map) {
        error(std::string(HOOK_SCOPE) + ": expected a map, got " +
              showValue(params));
        return (false);
    }
    for (auto const& kv : params->mapValue()) {
        if (kv.first != PARAM && kv.first != PARAM_ALWAYS &&
            kv.first != PARAM_HOSTDB) {
            error(std::string(HOOK_SCOPE) + ": unknown parameter " +
                  showText(kv.first, true) + " (known: " + PARAM + ", " +
                  PARAM_ALWAYS + ", " + PARAM_HOSTDB + ")");
        }
    }
    // the booleans
    const std::pair<const char*, bool*> flags[] = {
        { PARAM_ALWAYS, &next.always_send_ },
        { PARAM_HOSTDB, &next.host_db_lookup_ },
    };
    for (auto const& f : flags) {
        ConstElementPtr v = params->get(f.first);
        if (!v) {
            continue;
        }
        if (v->getType() == Element::boolean) {
            *f.second = v->boolValue();
        } else {
            error(std::string(f.first) + " in " + HOOK_SCOPE +
                  ": expected true or false, got " + showValue(v));
        }
    }
    ConstElementPtr servers = params->get(PARAM);
    if (servers) {
        next.servers_ = parseServers(family, servers, HOOK_SCOPE, report);
        if (!next.servers_) {
            ++errors;
        }
    }
    if (errors) {
        return (false);
    }
    out = next;
    return (true);
}

} // namespace pcpsel
} // namespace isc
