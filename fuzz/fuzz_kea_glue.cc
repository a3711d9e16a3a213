// SPDX-License-Identifier: BSD-2-Clause
// fuzz_kea_glue.cc - the Kea glue of the pcpsel hook: a configuration and a
// query in, the reply's PCP server options out (issue 12 item 7)
//
// Input:
//   byte 0        bit 0: DHCPv6 (else DHCPv4); bit 1: Kea says the subnet
//                 (Kea 2.6 and later), its ID in bytes 1-2; bit 2: the
//                 reply is an ACK / REPLY (else OFFER / ADVERTISE); bit 3:
//                 several packet threads (multi-threading mode); bits 4-6:
//                 client classes "a", "b", "gold" of the query; bit 7: Kea
//                 processed subnet_cmds and host_cmds commands since the
//                 configuration (the subnet Kea says then carries the
//                 daemon map's top-level "user-context" as its own, and
//                 the query is in the class KNOWN)
//   bytes 1-2     the subnet ID Kea says (bit 1)
//   bytes 3-4     n, big-endian: the length of the configuration
//   n bytes       the daemon's map as Kea hands it to dhcpX_srv_configured
//                 (JSON); the hook parameters are its hooks-libraries entry
//                 for libdhcp_pcpsel.so, as Kea passes them to load()
//   16 bytes      the address offered (v4: the first 4; v6: in an IA_NA)
//   the rest      the query, as it came off the wire (unpacked by Kea)
//
// What must hold: no crash, no leak, no undefined behaviour; the reply gets
// option instances only when the configuration was accepted; every option
// 158 instance is at most 253 bytes and whole servers, and all of them
// decode (RFC 3396) without a malformed byte; every option-86 instance
// decodes; as many servers decode as the hook says it attached; the reply
// never grows past what the client takes (option 57, else 576;
// at most 1500) or one UDP datagram (DHCPv6) because of them.

#include <cc/data.h>
#include <dhcp/dhcp4.h>
#include <dhcp/dhcp6.h>
#include <dhcp/option6_ia.h>
#include <dhcp/option6_iaaddr.h>
#include <dhcp/option_int.h>
#include <dhcp/pkt4.h>
#include <dhcp/pkt6.h>
#include <dhcpsrv/subnet.h>
#include <log/logger_support.h>
#include <util/buffer.h>
#include <util/multi_threading_mgr.h>

#include <pcpsel.h>

#include "pcpsel_impl.h"
#include "size_limits.h"

#include <cassert>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

using namespace isc::data;
using namespace isc::dhcp;
using namespace isc::pcpsel;
using isc::asiolink::IOAddress;

namespace {

/// @brief Nowhere to report to.
class Quiet : public Report {
public:
    void error(const std::string& msg) override {
        assert(!msg.empty());
    }
    void warning(const std::string& msg) override {
        assert(!msg.empty());
    }
};

class Sent : public SentSubnet {
public:
    /// @brief Kea says (@c said) subnet @c id (none: SUBNET_ID_UNUSED) of
    /// a daemon of @c family, whose user-context is @c ctx (may be null).
    Sent(bool said, int family, SubnetID id, const ConstElementPtr& ctx)
        : said_(said) {
        if (!said || id == SUBNET_ID_UNUSED) {
            return;
        }
        if (family == 4) {
            Subnet4Ptr s = Subnet4::create(IOAddress("192.0.2.0"), 24, 1000,
                                           2000, 3000, id);
            s->setContext(ctx);
            subnet_ = s;
        } else {
            Subnet6Ptr s = Subnet6::create(IOAddress("2001:db8:1::"), 64,
                                           1000, 2000, 3000, 4000, id);
            s->setContext(ctx);
            subnet_ = s;
        }
    }
    bool get(KeaSubnetPtr& subnet) override {
        subnet = subnet_;
        return (said_);
    }
private:
    bool said_;
    KeaSubnetPtr subnet_;
};

/// @brief The hook parameters Kea would pass to load().
ConstElementPtr
hookParams(const ConstElementPtr& daemon) {
    ConstElementPtr libs = daemon->get("hooks-libraries");
    if (!libs || libs->getType() != Element::list) {
        return (ConstElementPtr());
    }
    for (auto const& lib : libs->listValue()) {
        if (lib->getType() != Element::map) {
            continue;
        }
        ConstElementPtr name = lib->get("library");
        if (name && name->getType() == Element::string &&
            name->stringValue().find("libdhcp_pcpsel.so") !=
            std::string::npos) {
            return (lib->get("parameters"));
        }
    }
    return (ConstElementPtr());
}

/// @brief The data of every instance of @c code, as packed.
std::vector<std::vector<uint8_t> >
packed(const Pkt& r, uint16_t code, size_t hdr) {
    std::vector<std::vector<uint8_t> > out;
    for (auto const& o : r.options_) {
        if (o.first != code) {
            continue;
        }
        isc::util::OutputBuffer buf(0);
        o.second->pack(buf);
        const uint8_t* d = static_cast<const uint8_t*>(buf.getData());
        size_t n = buf.getLength();
        for (size_t i = 0; i + hdr <= n;) {
            size_t len = hdr == 2 ? d[i + 1] : (d[i + 2] << 8 | d[i + 3]);
            assert(d[i + (hdr == 2 ? 0 : 1)] == (code & 0xff));
            assert(i + hdr + len <= n);
            out.push_back(std::vector<uint8_t>(d + i + hdr,
                                               d + i + hdr + len));
            i += hdr + len;
        }
    }
    return (out);
}

/// @brief Number of servers in @c insts (family @c family), all well
/// formed.
size_t
decodeAll(int family, const std::vector<std::vector<uint8_t> >& insts) {
    if (insts.empty()) {
        return (0);
    }
    struct pcpsel_list* list = pcpsel_list_new();
    if (!list) {
        abort();
    }
    std::vector<struct pcpsel_buf> bufs;
    for (auto const& i : insts) {
        bufs.push_back(pcpsel_buf{i.data(), i.size()});
        if (family == 4) {
            // each instance whole servers alone (RFC 7291 §4.1)
            assert(i.size() <= limits::V4_INSTANCE_MAX);
            struct pcpsel_list* one = pcpsel_list_new();
            assert(one && pcpsel_v4_decode(one, &bufs.back(), 1,
                                           nullptr) == 0);
            pcpsel_list_free(one);
        }
    }
    struct pcpsel_decode_info info;
    int r = family == 4 ?
        pcpsel_v4_decode(list, bufs.data(), bufs.size(), &info) :
        pcpsel_v6_decode(list, bufs.data(), bufs.size(), &info);
    // the hook sends only what libpcpsel encoded from a checked list:
    // nothing malformed, filtered or repeated
    assert(r == 0 && info.bad_instances == 0 && info.filtered == 0 &&
           info.duplicates == 0);
    size_t n = pcpsel_list_count(list);
    pcpsel_list_free(list);
    return (n);
}

} // namespace

int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static bool init = false;
    if (!init) {
        isc::log::initLogger("fuzz", isc::log::FATAL, 0, nullptr, false);
        init = true;
    }
    if (size < 5) {
        return (0);
    }
    const uint8_t flags = data[0];
    const int family = (flags & 1) ? 6 : 4;
    const SubnetID said = static_cast<SubnetID>(data[1] << 8 | data[2]);
    size_t n = static_cast<size_t>(data[3] << 8 | data[4]);
    data += 5;
    size -= 5;
    if (n > size) {
        return (0);
    }
    ConstElementPtr daemon;
    try {
        daemon = Element::fromJSON(std::string(
            reinterpret_cast<const char*>(data), n));
    } catch (const std::exception&) {
        return (0);
    }
    data += n;
    size -= n;
    if (!daemon || daemon->getType() != Element::map || size < 16) {
        return (0);
    }
    uint8_t addr[16];
    std::memcpy(addr, data, 16);
    data += 16;
    size -= 16;

    // load(), then dhcpX_srv_configured
    Quiet quiet;
    HookParams params;
    if (!parseParams(family, hookParams(daemon), params, quiet)) {
        return (0);
    }
    std::shared_ptr<PcpselImpl> impl;
    try {
        PcpselImpl base(family, params);
        impl.reset(new PcpselImpl(base, daemon, nullptr, quiet));
    } catch (const ConfigError&) {
        return (0);
    }

    const bool changed = (flags & 128) != 0;
    if (changed) {
        impl->noteChanges(PcpselImpl::CHANGED_SUBNETS |
                          PcpselImpl::CHANGED_HOSTS);
    }
    Sent sent((flags & 2) != 0, family, said,
              changed ? daemon->get("user-context") : ConstElementPtr());
    const char* classes[] = { "a", "b", "gold" };
    isc::util::MultiThreadingMgr::instance().setMode((flags & 8) != 0);
    if (family == 4) {
        Pkt4Ptr q;
        try {
            q.reset(new Pkt4(data, size));
            q->unpack();
        } catch (const std::exception&) {
            return (0);
        }
        for (int i = 0; i < 3; ++i) {
            if (flags & (16 << i)) {
                q->addClass(classes[i]);
            }
        }
        if (changed) {
            q->addClass("KNOWN");
        }
        Pkt4Ptr r(new Pkt4((flags & 4) ? DHCPACK : DHCPOFFER,
                           q->getTransid()));
        r->setYiaddr(IOAddress::fromBytes(AF_INET, addr));
        r->setHWAddr(q->getHWAddr());
        const size_t before = r->len();
        size_t got = impl->process4(q, r, sent);
        size_t servers = decodeAll(4, packed(*r, 158, 2));
        assert(servers == got);
        // never over what the client takes because of the hook
        if (got) {
            size_t max = limits::V4_MIN_MESSAGE;
            auto it = q->options_.find(DHO_DHCP_MAX_MESSAGE_SIZE);
            auto v = it == q->options_.end() ? nullptr :
                dynamic_cast<const OptionUint16*>(it->second.get());
            if (v && v->getValue() > max) {
                max = std::min<size_t>(v->getValue(),
                                       limits::V4_MAX_MESSAGE);
            }
            assert(limits::V4_IP_UDP + r->len() + 5 <= max ||
                   limits::V4_IP_UDP + before + 5 > max);
        }
        try {
            r->pack();
        } catch (const std::exception&) {
        }
    } else {
        Pkt6Ptr q;
        try {
            q.reset(new Pkt6(data, size));
            q->unpack();
        } catch (const std::exception&) {
            return (0);
        }
        for (int i = 0; i < 3; ++i) {
            if (flags & (16 << i)) {
                q->addClass(classes[i]);
            }
        }
        if (changed) {
            q->addClass("KNOWN");
        }
        Pkt6Ptr r(new Pkt6((flags & 4) ? DHCPV6_REPLY : DHCPV6_ADVERTISE,
                           q->getTransid()));
        boost::shared_ptr<Option6IA> ia(new Option6IA(D6O_IA_NA, 1));
        ia->addOption(OptionPtr(new Option6IAAddr(
            D6O_IAADDR, IOAddress::fromBytes(AF_INET6, addr), 300, 400)));
        r->addOption(ia);
        size_t got = impl->process6(q, r, sent);
        size_t servers = decodeAll(6, packed(*r, 86, 4));
        assert(servers == got);
        assert(!got || r->len() <= limits::V6_MAX_MESSAGE);
        try {
            r->pack();
        } catch (const std::exception&) {
        }
    }
    isc::util::MultiThreadingMgr::instance().setMode(false);
    return (0);
}
