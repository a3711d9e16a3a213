// SPDX-License-Identifier: BSD-2-Clause
// pcpsel_servers.cc - the option objects of one scope's list

#include <pcpsel.h>

#include "pcpsel_servers.h"

#include <sstream>
#include <utility>

using namespace isc::dhcp;

namespace isc {
namespace pcpsel {

namespace {

/// @brief The Kea option objects of @c instances.
std::vector<OptionPtr>
makeOptions(Option::Universe u, uint16_t code, const Instances& instances) {
    std::vector<OptionPtr> out;
    out.reserve(instances.size());
    for (auto const& inst : instances) {
        out.push_back(OptionPtr(new Option(u, code,
                                           OptionBuffer(inst.begin(),
                                                        inst.end()))));
    }
    return (out);
}

} // namespace

OptionInstances::OptionInstances(Option::Universe u, uint16_t type,
                                 std::vector<OptionPtr> members)
    : Option(u, type), members_(std::move(members)), len_(0) {
    size_t n = 0;
    for (auto const& m : members_) {
        n += m->len();
    }
    // keacfg/size_limits.h keeps a list far below 65535 bytes
    len_ = static_cast<uint16_t>(n);
}

OptionPtr
OptionInstances::clone() const {
    return (OptionPtr(new OptionInstances(*this)));
}

void
OptionInstances::pack(isc::util::OutputBuffer& buf, bool check) const {
    for (auto const& m : members_) {
        m->pack(buf, check);
    }
}

uint16_t
OptionInstances::len() const {
    return (len_);
}

std::string
OptionInstances::toText(int indent) const {
    std::ostringstream s;
    for (size_t i = 0; i < members_.size(); ++i) {
        s << (i ? "\n" : "") << members_[i]->toText(indent);
    }
    return (s.str());
}

ServerSet::ServerSet(const ServerListPtr& list, const std::string& scope)
    : list_(list), scope_(scope),
      code_(list->getFamily() == 4 ? PCPSEL_DHCPV4_OPTION :
            PCPSEL_DHCPV6_OPTION),
      universe_(list->getFamily() == 4 ? Option::V4 : Option::V6),
      trim_logged_(false) {
    options_ = makeOptions(universe_, code_, list_->getInstances());
    if (list_->getFamily() == 6 && !options_.empty()) {
        whole_.reset(new OptionInstances(universe_, code_, options_));
    }
}

Attached
ServerSet::attach(Pkt& response, size_t room, bool copy) const {
    Attached done;
    const size_t count = list_->getCount();
    size_t k = count;
    if (list_->getWireSize(count) > room) {
        k = list_->fitting(room);
        done.trimmed_ = true;
    }
    if (k == 0) {
        return (done);
    }
    done.servers_ = k;
    // Pkt4::addOption() refuses a second instance of a code, so the
    // instances go into the option container directly (RFC 3396).
    if (universe_ == Option::V6) {
        OptionPtr opt = whole_;
        if (k < count) {
            // (options_[i] is server i's instance)
            opt.reset(new OptionInstances(universe_, code_,
                                          std::vector<OptionPtr>(
                                              options_.begin(),
                                              options_.begin() + k)));
        }
        response.options_.insert(std::make_pair(code_, opt));
        done.instances_ = k;
        return (done);
    }
    if (k < count) {
        // a list cut short: encoded anew by libpcpsel (its last instance
        // ends earlier); a rare reply, never the configuration's common
        // case
        for (auto const& opt : makeOptions(universe_, code_,
                                           list_->encodeFirst(k))) {
            response.options_.insert(std::make_pair(code_, opt));
            ++done.instances_;
        }
        return (done);
    }
    for (auto const& opt : options_) {
        response.options_.insert(std::make_pair(
            code_, copy ? OptionPtr(new Option(*opt)) : opt));
    }
    done.instances_ = options_.size();
    return (done);
}

} // namespace pcpsel
} // namespace isc
