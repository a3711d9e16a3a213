// SPDX-License-Identifier: BSD-2-Clause
// pcpsel_runtime.cc - the lists of scopes changed at run time

#include "pcpsel_runtime.h"

using namespace isc::data;

namespace isc {
namespace pcpsel {

ContextLists::ContextLists(int family, Report& report)
    : family_(family), report_(report) {
}

size_t
ContextLists::size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return (map_.size());
}

ServerSetPtr
ContextLists::get(const ConstElementPtr& ctx,
                  const std::function<std::string()>& name) {
    if (!ctx || ctx->getType() != Element::map) {
        return (ServerSetPtr());
    }
    ConstElementPtr value = ctx->get("pcp-servers");
    if (!value) {
        return (ServerSetPtr());
    }
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = map_.find(ctx.get());
    if (it != map_.end()) {
        return (it->second.set_);
    }
    // a context not seen yet: check it as the configuration file's
    // values are checked
    ++parsed_;
    Entry e;
    e.ctx_ = ctx;
    const std::string where = name();
    ServerListPtr list = parseServers(family_, value, where, report_);
    if (list) {
        e.set_.reset(new ServerSet(list, where));
    }
    if (map_.size() >= MAX_ENTRIES) {
        map_.clear();
    }
    map_[ctx.get()] = e;
    return (e.set_);
}

} // namespace pcpsel
} // namespace isc
