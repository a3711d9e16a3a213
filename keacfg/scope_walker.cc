// SPDX-License-Identifier: BSD-2-Clause
// scope_walker.cc - the one walker of a Kea configuration's scopes

#include "scope_walker.h"

#include "show_text.h"

#include <asiolink/io_address.h>
#include <dhcpsrv/host.h>
#include <dhcpsrv/subnet_id.h>

#include <algorithm>
#include <cctype>
#include <map>

using namespace isc::data;

namespace isc {
namespace pcpsel {

const char HOOK_FILE[] = "libdhcp_pcpsel.so";

namespace {

const char PARAM[] = "pcp-servers";
const char CONTEXT[] = "user-context";

/// @brief What the hook reads, for the messages about keys it ignores.
const char READ_WHERE[] = "the pcpsel hook reads pcp-servers only in its "
    "parameters and in the user-context of shared networks, subnets, client "
    "classes and host reservations";

/// @brief @c key of map @c map, if @c map is a map and the value is of
/// @c type (Element::any: any type); else null.
ConstElementPtr
member(const ConstElementPtr& map, const char* key,
       Element::types type = Element::any) {
    if (!map || map->getType() != Element::map) {
        return (ConstElementPtr());
    }
    ConstElementPtr v = map->get(key);
    if (v && type != Element::any && v->getType() != type) {
        return (ConstElementPtr());
    }
    return (v);
}

/// @brief A name taken from the configuration (a string, unquoted, or a
/// number), or "" if @c v is neither.
std::string
nameOf(const ConstElementPtr& v) {
    if (!v) {
        return ("");
    }
    if (v->getType() == Element::string) {
        return (showText(v->stringValue(), false));
    }
    if (v->getType() == Element::integer) {
        return (v->str());
    }
    return ("");
}

/// @brief Whether the "library" value @c lib names this hook.
bool
isOurLibrary(const ConstElementPtr& lib) {
    if (!lib || lib->getType() != Element::string) {
        return (false);
    }
    std::string path = lib->stringValue();
    size_t slash = path.rfind('/');
    return (path.substr(slash == std::string::npos ? 0 : slash + 1) ==
            HOOK_FILE);
}

/// @brief Edit distance of @c a and @c b (both short).
size_t
distance(const std::string& a, const std::string& b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t up = row[j];
            row[j] = std::min(std::min(row[j] + 1, row[j - 1] + 1),
                              diag + (a[i - 1] == b[j - 1] ? 0 : 1));
            diag = up;
        }
    }
    return (row[b.size()]);
}

/// @brief Whether @c key looks like a misspelt "pcp-servers": it holds
/// "pcp" in any case and spelling ("pcp-server", "PCP_Servers",
/// "pcpServers"), or is at most two edits away from it ("pcp-srevers").
bool
looksLikeOurs(const std::string& key) {
    if (key.size() > 64) {
        return (false);
    }
    std::string low;
    for (char c : key) {
        low += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    std::string bare;
    for (char c : low) {
        if (c != '-' && c != '_' && c != '.' && c != ' ') {
            bare += c;
        }
    }
    return (bare.find("pcp") != std::string::npos ||
            distance(low, PARAM) <= 2);
}

/// @brief The identifier keys of a reservation (Kea takes exactly one).
const std::vector<std::string>&
identKeys(int family) {
    static const std::vector<std::string> v4 = {
        "hw-address", "client-id", "duid", "circuit-id", "flex-id"
    };
    static const std::vector<std::string> v6 = {
        "duid", "hw-address", "flex-id"
    };
    return (family == 4 ? v4 : v6);
}

/// @brief Walks one daemon's map.
class Walker {
public:
    Walker(int family, ScopeVisitor& visitor)
        : family_(family), visitor_(visitor) {
    }

    void run(const ConstElementPtr& daemon);

private:
    /// @brief Fill the common part of @c s and visit it.
    void visit(Scope& s, const ConstElementPtr& map);

    /// @brief The reservations of list @c list (@c subnet null: global).
    void reservations(const ConstElementPtr& list, const Scope* subnet);

    /// @brief The subnets of list @c list (@c network null: top level).
    void subnets(const ConstElementPtr& list, const Scope* network);

    /// @brief Every key looking like "pcp-servers" the hook does not read.
    void strays(const ConstElementPtr& daemon);

    int family_;
    ScopeVisitor& visitor_;

    /// @brief The maps of the scopes visited, with their names: their
    /// user-context is read.
    std::map<const Element*, std::string> scopes_;

    /// @brief The "parameters" maps of this hook: checked as parameters.
    std::vector<const Element*> params_;
};

void
Walker::visit(Scope& s, const ConstElementPtr& map) {
    s.map_ = map;
    s.context_ = member(map, CONTEXT, Element::map);
    scopes_[map.get()] = s.name_;
    visitor_.scope(s);
}

void
Walker::reservations(const ConstElementPtr& list, const Scope* subnet) {
    if (!list || list->getType() != Element::list) {
        return;
    }
    size_t i = 0;
    for (auto const& res : list->listValue()) {
        ++i;
        if (res->getType() != Element::map) {
            continue;
        }
        Scope s;
        s.kind_ = ScopeKind::RESERVATION;
        s.parent_ = subnet;
        std::string ident;
        for (auto const& key : identKeys(family_)) {
            ConstElementPtr v = member(res, key.c_str(), Element::string);
            if (!v) {
                continue;
            }
            // Kea's own reading of the identifier ("02:00:...", "0200...",
            // 'text'), so that the hook matches what Kea matches
            try {
                using isc::asiolink::IOAddress;
                isc::dhcp::Host h(v->stringValue(), key,
                                  isc::dhcp::SUBNET_ID_UNUSED,
                                  isc::dhcp::SUBNET_ID_UNUSED,
                                  IOAddress::IPV4_ZERO_ADDRESS());
                s.ident_type_ = static_cast<int>(h.getIdentifierType());
                s.ident_ = h.getIdentifier();
                ident = key + " " + hexColons(s.ident_.data(), s.ident_.size());
            } catch (const std::bad_alloc&) {
                throw;
            } catch (const std::exception&) {
                ident = key + " " + showText(v->stringValue(), false);
            }
            break;
        }
        if (ident.empty()) {
            ident = "#" + std::to_string(i);
        }
        s.name_ = (subnet ? "" : "global ") + std::string("reservation ") +
            ident + (subnet ? " in " + subnet->name_ : "");
        visit(s, res);
    }
}

void
Walker::subnets(const ConstElementPtr& list, const Scope* network) {
    if (!list || list->getType() != Element::list) {
        return;
    }
    size_t i = 0;
    for (auto const& sub : list->listValue()) {
        ++i;
        if (sub->getType() != Element::map) {
            continue;
        }
        Scope s;
        s.kind_ = ScopeKind::SUBNET;
        s.parent_ = network;
        std::string prefix = nameOf(member(sub, "subnet", Element::string));
        // Kea 2.2 numbers subnets written without "id" and puts "id": 0
        // (its default, never a subnet's ID) into the configuration it
        // hands the hook: the same subnet for kea-check and the hook
        ConstElementPtr id = member(sub, "id", Element::integer);
        if (id && id->intValue() <= 0) {
            id.reset();
        }
        if (id) {
            s.id_ = id->intValue();
        }
        if (!prefix.empty() && id) {
            s.name_ = "subnet " + prefix + " (id " + id->str() + ")";
        } else if (!prefix.empty()) {
            s.name_ = "subnet " + prefix;
        } else if (id) {
            s.name_ = "subnet id " + id->str();
        } else {
            s.name_ = "subnet #" + std::to_string(i);
        }
        visit(s, sub);
        reservations(member(sub, "reservations"), &s);
    }
}

void
Walker::run(const ConstElementPtr& daemon) {
    if (!daemon || daemon->getType() != Element::map) {
        return;
    }
    const char* subnet_key = family_ == 4 ? "subnet4" : "subnet6";

    ConstElementPtr libs = member(daemon, "hooks-libraries", Element::list);
    if (libs) {
        for (auto const& lib : libs->listValue()) {
            if (isOurLibrary(member(lib, "library"))) {
                ConstElementPtr params = member(lib, "parameters");
                if (params) {
                    params_.push_back(params.get());
                }
                visitor_.hookParams(params);
            }
        }
    }

    ConstElementPtr nets = member(daemon, "shared-networks", Element::list);
    if (nets) {
        size_t i = 0;
        for (auto const& net : nets->listValue()) {
            ++i;
            if (net->getType() != Element::map) {
                continue;
            }
            Scope s;
            s.kind_ = ScopeKind::NETWORK;
            std::string name = nameOf(member(net, "name", Element::string));
            s.name_ = "shared network " +
                (name.empty() ? "#" + std::to_string(i) : name);
            visit(s, net);
            subnets(member(net, subnet_key), &s);
        }
    }

    subnets(member(daemon, subnet_key), nullptr);

    ConstElementPtr classes = member(daemon, "client-classes", Element::list);
    if (classes) {
        size_t i = 0;
        for (auto const& cls : classes->listValue()) {
            ++i;
            if (cls->getType() != Element::map) {
                continue;
            }
            Scope s;
            s.kind_ = ScopeKind::CLASS;
            std::string name = nameOf(member(cls, "name", Element::string));
            s.name_ = "client class " +
                (name.empty() ? "#" + std::to_string(i) : name);
            visit(s, cls);
        }
    }

    reservations(member(daemon, "reservations"), nullptr);

    strays(daemon);
}

/// @brief One step of the search for stray keys.
struct Frame {
    ConstElementPtr elem_;
    /// @brief Where it is, for messages ("" at the top).
    std::string where_;
    /// @brief A map: it is the user-context of a scope the hook reads.
    /// A list: unused.
    bool read_;
    /// @brief A list: the key it is the value of (names its elements).
    std::string key_;
};

/// @brief "X in Y", or X at the top.
std::string
inside(const std::string& what, const std::string& where) {
    return (where.empty() ? what : what + " in " + where);
}

/// @brief The name of map @c e, element @c i (0-based) of list @c key.
std::string
elementName(const std::string& key, const ConstElementPtr& e, size_t i) {
    const std::string nth = "#" + std::to_string(i + 1);
    std::string n;
    if (key == "pools") {
        n = nameOf(member(e, "pool"));
        return ("pool " + (n.empty() ? nth : n));
    }
    if (key == "pd-pools") {
        n = nameOf(member(e, "prefix"));
        std::string len = nameOf(member(e, "prefix-len"));
        return ("pd-pool " + (n.empty() ? nth : n + (len.empty() ? "" :
                                                     "/" + len)));
    }
    if (key == "option-data" || key == "option-def") {
        n = nameOf(member(e, "name"));
        if (n.empty() && !nameOf(member(e, "code")).empty()) {
            n = "code " + nameOf(member(e, "code"));
        }
        return (key + " " + (n.empty() ? nth : n));
    }
    if (key == "hooks-libraries") {
        n = nameOf(member(e, "library"));
        return ("hooks library " + (n.empty() ? nth : n));
    }
    return (key + " " + nth);
}

void
Walker::strays(const ConstElementPtr& daemon) {
    const std::string top = "Dhcp" + std::to_string(family_);
    std::vector<Frame> stack;
    stack.push_back(Frame{daemon, "", false, ""});
    while (!stack.empty()) {
        Frame f = stack.back();
        stack.pop_back();
        std::vector<Frame> next;
        if (f.elem_->getType() == Element::list) {
            size_t i = 0;
            for (auto const& e : f.elem_->listValue()) {
                if (e->getType() == Element::map ||
                    e->getType() == Element::list) {
                    next.push_back(Frame{e, inside(elementName(f.key_, e, i),
                                                   f.where_), false, f.key_});
                }
                ++i;
            }
        } else if (std::find(params_.begin(), params_.end(),
                             f.elem_.get()) == params_.end()) {
            // (this hook's own parameters are checked as parameters)
            auto scope = scopes_.find(f.elem_.get());
            const std::string where = scope != scopes_.end() ?
                scope->second : f.where_;
            const std::string here = where.empty() ? top : where;
            for (auto const& kv : f.elem_->mapValue()) {
                const std::string& key = kv.first;
                const ConstElementPtr& value = kv.second;
                if (key == PARAM && f.read_) {
                    continue;   // read (and checked) by the hook
                }
                if (f.read_ && looksLikeOurs(key)) {
                    visitor_.stray(showText(key, true) + " in " + here +
                                   " is ignored: the pcpsel hook reads "
                                   "\"pcp-servers\"");
                } else if (key == PARAM || looksLikeOurs(key)) {
                    visitor_.stray((key == PARAM ? key : showText(key, true)) +
                                   " in " + here + " is ignored: " +
                                   READ_WHERE);
                }
                if (!value || (value->getType() != Element::map &&
                               value->getType() != Element::list)) {
                    continue;
                }
                if (key == CONTEXT && value->getType() == Element::map) {
                    next.push_back(Frame{value, "the user-context of " + here,
                                         scope != scopes_.end(), key});
                } else if (key == "parameters" &&
                           value->getType() == Element::map) {
                    next.push_back(Frame{value, "the parameters of " + here,
                                         false, key});
                } else {
                    next.push_back(Frame{value, value->getType() ==
                                         Element::map ? inside(key, where) :
                                         where, false, key});
                }
            }
        }
        // depth first, in the configuration's order
        stack.insert(stack.end(), next.rbegin(), next.rend());
    }
}

} // namespace

void
walkScopes(int family, const ConstElementPtr& daemon, ScopeVisitor& visitor) {
    Walker(family, visitor).run(daemon);
}

} // namespace pcpsel
} // namespace isc
