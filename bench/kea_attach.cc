// SPDX-License-Identifier: BSD-2-Clause
// kea_attach.cc - libbench_attach.so: the floor of any hook that sends the
// PCP server options (issue 18 item 2): on every DHCPv4 / DHCPv6 reply it
// attaches option objects built in load() from the bytes it is given, and
// does nothing else (no request check, no scope, no size check, one
// object per option instance).  For `make bench` only (never installed,
// never part of `make check`).
//
//   "parameters": { "v4": [ "08c0000201...", ... ], "v6": [ "2001...", ... ] }
//
// each string the data of one option-158 / option-86 instance.

#include <cc/data.h>
#include <dhcp/option.h>
#include <dhcp/pkt4.h>
#include <dhcp/pkt6.h>
#include <hooks/hooks.h>

#include <string>
#include <vector>

using namespace isc::data;
using namespace isc::dhcp;
using isc::hooks::CalloutHandle;
using isc::hooks::LibraryHandle;

namespace {

std::vector<OptionPtr> opts4;
std::vector<OptionPtr> opts6;

/// @brief The options of hex strings @c list (code @c code).
std::vector<OptionPtr>
build(const ConstElementPtr& list, Option::Universe u, uint16_t code) {
    std::vector<OptionPtr> out;
    if (!list || list->getType() != Element::list) {
        return (out);
    }
    for (auto const& e : list->listValue()) {
        std::string h = e->stringValue();
        OptionBuffer b;
        for (size_t i = 0; i + 1 < h.size(); i += 2) {
            b.push_back(static_cast<uint8_t>(std::stoul(h.substr(i, 2),
                                                        nullptr, 16)));
        }
        out.push_back(OptionPtr(new Option(u, code, b)));
    }
    return (out);
}

} // namespace

extern "C" {

int
version() {
    return (KEA_HOOKS_VERSION);
}

int
load(LibraryHandle& handle) {
    ConstElementPtr p = handle.getParameters();
    if (p && p->getType() == Element::map) {
        opts4 = build(p->get("v4"), Option::V4, 158);
        opts6 = build(p->get("v6"), Option::V6, 86);
    }
    return (0);
}

int
unload() {
    opts4.clear();
    opts6.clear();
    return (0);
}

int
multi_threading_compatible() {
    return (1);
}

int
dhcp4_srv_configured(CalloutHandle&) {
    return (0);
}

int
dhcp6_srv_configured(CalloutHandle&) {
    return (0);
}

int
pkt4_send(CalloutHandle& handle) {
    Pkt4Ptr r;
    handle.getArgument("response4", r);
    for (auto const& o : opts4) {
        r->options_.insert(std::make_pair(uint16_t(158), o));
    }
    return (0);
}

int
pkt6_send(CalloutHandle& handle) {
    Pkt6Ptr r;
    handle.getArgument("response6", r);
    for (auto const& o : opts6) {
        r->options_.insert(std::make_pair(uint16_t(86), o));
    }
    return (0);
}

} // extern "C"
