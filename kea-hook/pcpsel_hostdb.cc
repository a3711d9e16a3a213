// SPDX-License-Identifier: BSD-2-Clause
// pcpsel_hostdb.cc - the lists of reservations from a host database

#include "pcpsel_hostdb.h"

using namespace isc::data;
using namespace isc::dhcp;

namespace isc {
namespace pcpsel {

HostLists::HostLists(int family, Report& report, const std::string& where)
    : family_(family), report_(report), where_(where) {
}

size_t
HostLists::size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return (map_.size());
}

std::string
HostLists::name(const Host& host) const {
    SubnetID id = host.getIPv4SubnetID();
    if (id == SUBNET_ID_UNUSED) {
        id = host.getIPv6SubnetID();
    }
    return ("reservation " + host.getIdentifierAsText() + " (host ID " +
            std::to_string(host.getHostId()) + ") " +
            (id == SUBNET_ID_GLOBAL ? std::string("global") :
             "in subnet " + std::to_string(id)) + " " + where_);
}

ServerSetPtr
HostLists::get(const Host& host) {
    ConstElementPtr ctx = host.getContext();
    if (!ctx || ctx->getType() != Element::map) {
        return (ServerSetPtr());
    }
    ConstElementPtr value = ctx->get("pcp-servers");
    if (!value) {
        return (ServerSetPtr());
    }
    const HostID id = host.getHostId();
    std::lock_guard<std::mutex> lock(mutex_);
    if (id != 0) {
        auto it = map_.find(id);
        if (it != map_.end() && it->second.value_->equals(*value)) {
            return (it->second.set_);
        }
    }
    // a new reservation, or its value changed: check it as the
    // configuration file's values are checked
    ++parsed_;
    Entry e;
    e.value_ = value;
    ServerListPtr list = parseServers(family_, value, name(host), report_);
    if (list) {
        e.set_.reset(new ServerSet(list, name(host)));
    }
    if (id != 0) {
        if (map_.size() >= MAX_ENTRIES && map_.find(id) == map_.end()) {
            map_.clear();
        }
        map_[id] = e;
    }
    return (e.set_);
}

} // namespace pcpsel
} // namespace isc
