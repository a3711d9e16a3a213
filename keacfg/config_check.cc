// SPDX-License-Identifier: BSD-2-Clause
// config_check.cc - every "pcp-servers" setting of a Kea configuration, checked

#include "config_check.h"

#include <dhcpsrv/host.h>

#include <cstdlib>
#include <cstring>

using namespace isc::data;

namespace isc {
namespace pcpsel {

namespace {

/// @brief Parse a prefix "192.0.2.0/24" or "2001:db8:1::/64" into the
/// 16-byte form and a length over those 128 bits.
bool
parsePrefix(const std::string& text, struct pcpsel_addr& net, unsigned& len) {
    size_t slash = text.find('/');
    if (slash == std::string::npos || slash + 1 >= text.size() ||
        text.size() - slash > 4 || text.find('\0') != std::string::npos) {
        return (false);
    }
    struct pcpsel_addr a;
    if (pcpsel_addr_from_string(&a, text.substr(0, slash).c_str()) < 0) {
        return (false);
    }
    unsigned n = 0;
    for (size_t i = slash + 1; i < text.size(); ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return (false);
        }
        n = n * 10 + static_cast<unsigned>(text[i] - '0');
    }
    unsigned max = pcpsel_addr_is_v4(&a) ? 32 : 128;
    if (n > max) {
        return (false);
    }
    net = a;
    len = n + (128 - max);
    return (true);
}

/// @brief Counts what it passes on.
class CountingReport : public Report {
public:
    CountingReport(Report& report, ScopeLists& lists)
        : report_(report), lists_(lists) {
    }
    void error(const std::string& msg) override {
        ++lists_.errors_;
        report_.error(msg);
    }
    void warning(const std::string& msg) override {
        ++lists_.warnings_;
        report_.warning(msg);
    }
private:
    Report& report_;
    ScopeLists& lists_;
};

/// @brief Collects the lists of the scopes the walker visits.
class Collector : public ScopeVisitor {
public:
    Collector(int family, bool params, ScopeLists& lists, Report& report)
        : family_(family), params_(params), lists_(lists), report_(report) {
    }

    void hookParams(const ConstElementPtr& params) override {
        if (params_) {
            HookParams p;
            parseParams(family_, params, p, report_);
        }
    }

    void stray(const std::string& msg) override {
        report_.warning(msg);
    }

    void scope(const Scope& s) override;

private:
    /// @brief The list in the user-context of @c s, or null.
    ServerListPtr servers(const Scope& s) {
        if (!s.context_) {
            return (ServerListPtr());
        }
        ConstElementPtr value = s.context_->get("pcp-servers");
        if (!value) {
            return (ServerListPtr());
        }
        return (parseServers(family_, value, s.name_, report_));
    }

    int family_;
    bool params_;
    ScopeLists& lists_;
    Report& report_;

    /// @brief The index in lists_ of the scopes being walked.
    long network_ = -1;
    const Scope* network_scope_ = nullptr;
    long subnet_ = -1;
    const Scope* subnet_scope_ = nullptr;
};

void
Collector::scope(const Scope& s) {
    ServerListPtr list = servers(s);
    switch (s.kind_) {
    case ScopeKind::NETWORK: {
        ScopeLists::Network n;
        n.name_ = s.name_;
        n.servers_ = list;
        lists_.networks_.push_back(n);
        network_ = static_cast<long>(lists_.networks_.size() - 1);
        network_scope_ = &s;
        break;
    }
    case ScopeKind::SUBNET: {
        ScopeLists::Subnet n;
        n.name_ = s.name_;
        n.id_ = s.id_;
        ConstElementPtr prefix = s.map_->get("subnet");
        if (prefix && prefix->getType() == Element::string) {
            n.prefix_ = prefix->stringValue();
            n.has_net_ = parsePrefix(n.prefix_, n.net_, n.len_);
        }
        ConstElementPtr iface = s.map_->get("interface");
        if ((!iface || iface->getType() != Element::string) && s.parent_) {
            iface = s.parent_->map_->get("interface");
        }
        if (iface && iface->getType() == Element::string) {
            n.iface_ = iface->stringValue();
        }
        n.network_ = s.parent_ && s.parent_ == network_scope_ ? network_ : -1;
        n.servers_ = list;
        lists_.subnets_.push_back(n);
        subnet_ = static_cast<long>(lists_.subnets_.size() - 1);
        subnet_scope_ = &s;
        break;
    }
    case ScopeKind::CLASS:
        if (list) {
            ScopeLists::Class n;
            ConstElementPtr name = s.map_->get("name");
            n.class_ = name && name->getType() == Element::string ?
                name->stringValue() : std::string();
            n.name_ = s.name_;
            n.servers_ = list;
            lists_.classes_.push_back(n);
        }
        break;
    case ScopeKind::RESERVATION:
        if (!list) {
            break;
        }
        if (s.ident_type_ < 0) {
            report_.warning("pcp-servers in " + s.name_ + " is ignored: the "
                            "reservation has no identifier the hook can "
                            "read");
            break;
        }
        if (s.ident_type_ == isc::dhcp::Host::IDENT_FLEX) {
            // the hook cannot compute a packet's flex-id
            report_.warning("pcp-servers in " + s.name_ + " is ignored: the "
                            "pcpsel hook cannot match reservations by "
                            "flex-id; give the reservation a client class "
                            "and put the list in the class");
            break;
        }
        {
            ScopeLists::Host n;
            n.name_ = s.name_;
            n.subnet_ = s.parent_ && s.parent_ == subnet_scope_ ? subnet_ : -1;
            n.type_ = s.ident_type_;
            n.ident_ = s.ident_;
            n.servers_ = list;
            lists_.hosts_.push_back(n);
        }
        break;
    }
}

} // namespace

ScopeLists
checkScopes(int family, const ConstElementPtr& daemon, Report& report,
            bool params) {
    ScopeLists lists;
    CountingReport counting(report, lists);
    Collector collector(family, params, lists, counting);
    walkScopes(family, daemon, collector);
    return (lists);
}

} // namespace pcpsel
} // namespace isc
