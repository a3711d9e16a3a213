// SPDX-License-Identifier: BSD-2-Clause
// hook_impl_test.cc - the hook's logic (PcpselImpl, ScopeIndex, ServerSet)
// driven directly, linked with the hook's objects, without the hooks
// framework: parameters, scopes from a configuration as Kea parses it,
// precedence, PRL/ORO gating, the subnet Kea selected, exact instance
// bytes, replies too small for a list, and what the per-reply path costs
// in allocations (a count, not a time).

#include <cc/data.h>
#include <dhcp/dhcp4.h>
#include <dhcp/dhcp6.h>
#include <dhcp/hwaddr.h>
#include <dhcp/option_int.h>
#include <dhcp/option6_ia.h>
#include <dhcp/option6_iaaddr.h>
#include <dhcp/option_int_array.h>
#include <dhcp/pkt4.h>
#include <dhcp/pkt6.h>
#include <dhcpsrv/cfg_hosts.h>
#include <dhcpsrv/cfg_subnets4.h>
#include <dhcpsrv/cfgmgr.h>
#include <dhcpsrv/client_class_def.h>
#include <dhcpsrv/host.h>
#include <dhcpsrv/shared_network.h>
#include <dhcpsrv/srv_config.h>
#include <dhcpsrv/subnet.h>
#include <log/logger_support.h>
#include <util/buffer.h>
#include <util/multi_threading_mgr.h>

#include "pcpsel_impl.h"
#include "testutil.h"

#include <atomic>
#include <cstdlib>
#include <new>

using namespace isc::data;
using namespace isc::dhcp;
using namespace isc::pcpsel;
using isc::asiolink::IOAddress;

// ---- allocation counter: every operator new of this program -------------
// (GCC warns that free() is not delete when it inlines these replacements;
// they are the matching pair.)
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 11
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace {
std::atomic<long> allocations(0);
}

void*
operator new(std::size_t n) {
    ++allocations;
    void* p = std::malloc(n ? n : 1);
    if (!p) {
        throw std::bad_alloc();
    }
    return (p);
}

void
operator delete(void* p) noexcept {
    std::free(p);
}

void
operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}

namespace {

/// @brief Keeps what a configuration reports.
class Collect : public Report {
public:
    void error(const std::string& msg) override {
        errors_.push_back(msg);
    }
    void warning(const std::string& msg) override {
        warnings_.push_back(msg);
    }
    std::vector<std::string> errors_;
    std::vector<std::string> warnings_;
};

/// @brief Kea did not say the subnet (Kea 2.2): the hook finds it.
class NoSubnet : public SentSubnet {
public:
    bool get(KeaSubnetPtr&) override {
        ++asked_;
        return (false);
    }
    int asked_ = 0;
};

/// @brief Kea selected subnet @c id (Kea 2.6 and later): an object of
/// 192.0.2.0/24 (only its ID matters), none for SUBNET_ID_UNUSED.
class KeaSubnet : public SentSubnet {
public:
    explicit KeaSubnet(SubnetID id) {
        if (id != SUBNET_ID_UNUSED) {
            subnet_ = Subnet4::create(IOAddress("192.0.2.0"), 24, 1000, 2000,
                                      3000, id);
        }
    }
    explicit KeaSubnet(const KeaSubnetPtr& subnet) : subnet_(subnet) {
    }
    bool get(KeaSubnetPtr& subnet) override {
        ++asked_;
        subnet = subnet_;
        return (true);
    }
    KeaSubnetPtr subnet_;
    int asked_ = 0;
};

/// @brief The hook after load() with @c params.
std::shared_ptr<PcpselImpl>
loaded(int family, const std::string& params) {
    HookParams p;
    Collect c;
    if (!parseParams(family, Element::fromJSON(params), p, c)) {
        testutil::fail(__FILE__, __LINE__, "params refused: " +
                       c.errors_.at(0));
    }
    return (std::shared_ptr<PcpselImpl>(new PcpselImpl(family, p)));
}

/// @brief The hook after dhcpX_srv_configured with the daemon map @c json.
std::shared_ptr<PcpselImpl>
configured(const PcpselImpl& base, const std::string& json,
           const SrvConfig* cfg = nullptr, Collect* report = nullptr) {
    Collect mine;
    return (std::shared_ptr<PcpselImpl>(
        new PcpselImpl(base, Element::fromJSON(json), cfg,
                       report ? *report : mine)));
}

Pkt4Ptr
query4(const std::vector<uint8_t>& prl, uint8_t last = 1) {
    Pkt4Ptr q(new Pkt4(DHCPREQUEST, 1));
    q->setHWAddr(HWAddrPtr(new HWAddr(std::vector<uint8_t>{2, 0, 0, 0, 0,
                                                           last},
                                      HTYPE_ETHER)));
    if (!prl.empty()) {
        q->addOption(OptionPtr(new OptionUint8Array(
            Option::V4, DHO_DHCP_PARAMETER_REQUEST_LIST, prl.begin(),
            prl.end())));
    }
    return (q);
}

Pkt4Ptr
reply4(uint8_t type, const char* yiaddr = "0.0.0.0") {
    Pkt4Ptr r(new Pkt4(type, 1));
    r->setYiaddr(IOAddress(yiaddr));
    return (r);
}

Pkt6Ptr
query6(const std::vector<uint16_t>& oro) {
    Pkt6Ptr q(new Pkt6(DHCPV6_SOLICIT, 1));
    q->addOption(OptionPtr(new Option(Option::V6, D6O_CLIENTID,
                                      OptionBuffer{0, 3, 0, 1, 2, 0, 0, 0,
                                                   0, 1})));
    OptionUint16ArrayPtr o(new OptionUint16Array(Option::V6, D6O_ORO));
    for (uint16_t code : oro) {
        o->addValue(code);
    }
    q->addOption(o);
    return (q);
}

/// @brief The data of every option @c code of @c r as it goes on the wire
/// (an OptionInstances packs several), hex, joined by spaces.
std::string
data(const PktPtr& r, uint16_t code) {
    std::string s;
    for (auto const& o : r->options_) {
        if (o.first != code) {
            continue;
        }
        isc::util::OutputBuffer buf(0);
        o.second->pack(buf);
        const uint8_t* d = static_cast<const uint8_t*>(buf.getData());
        size_t hdr = o.second->getHeaderLen();
        for (size_t i = 0; i + hdr <= buf.getLength();) {
            size_t len = hdr == 2 ? d[i + 1] : (d[i + 2] << 8 | d[i + 3]);
            s += (s.empty() ? "" : " ") +
                testutil::hex(std::vector<uint8_t>(d + i + hdr,
                                                   d + i + hdr + len));
            i += hdr + len;
        }
    }
    return (s);
}

/// @brief A server of @c n addresses from 198.51.100.@c from on.
std::string
v4Server(int n, int from) {
    std::string s = "[";
    for (int i = 0; i < n; ++i) {
        s += (i ? ", \"" : "\"") + std::string("198.51.100.") +
            std::to_string(from + i) + "\"";
    }
    return (s + "]");
}

} // namespace

TEST(impl_parameters_global_list) {
    auto impl = loaded(4, "{ \"pcp-servers\": [ [ \"192.0.2.1\" ], "
                       "[ \"192.0.2.2\" ] ] }");
    CHECK(!impl->getAlwaysSend());
    Pkt4Ptr r = reply4(DHCPACK);
    NoSubnet none;
    CHECK_EQ(impl->process4(query4({158}), r, none), size_t(2));
    CHECK_EQ(data(r, 158), std::string("04c000020104c0000202"));
    // no list depends on the subnet: it is never asked for
    CHECK_EQ(none.asked_, 0);
}

TEST(impl_no_parameters_sends_nothing) {
    auto impl = loaded(4, "{}");
    Pkt4Ptr r = reply4(DHCPACK);
    NoSubnet none;
    CHECK_EQ(impl->process4(query4({158}), r, none), size_t(0));
    CHECK(r->options_.count(158) == 0);
}

TEST(impl_prl_gating_and_message_types) {
    auto impl = loaded(4, "{ \"pcp-servers\": [ [ \"192.0.2.1\" ] ] }");
    struct {
        uint8_t type;
        std::vector<uint8_t> prl;
        size_t want;
    } rows[] = {
        { DHCPOFFER, {1, 158}, 1 },
        { DHCPACK, {158}, 1 },
        { DHCPNAK, {158}, 0 },      // RFC 7291 §4: never in NAK
        { DHCPOFFER, {1, 3}, 0 },   // not requested
        { DHCPOFFER, {}, 0 },
    };
    for (auto const& row : rows) {
        NoSubnet none;
        CHECK_EQ(impl->process4(query4(row.prl), reply4(row.type), none),
                 row.want);
    }
    auto always = loaded(4, "{ \"always-send\": true, "
                         "\"pcp-servers\": [ [ \"192.0.2.1\" ] ] }");
    NoSubnet none;
    CHECK_EQ(always->process4(query4({}), reply4(DHCPOFFER), none),
             size_t(1));
}

/// @brief Dhcp4: subnet 7 192.0.2.0/25 (reservation by client-id), two
/// classes, a shared network "net" with subnet 2 198.51.100.0/24.
const char* scopes4 =
    "{ \"client-classes\": ["
    "    { \"name\": \"a\", \"user-context\": { \"pcp-servers\": "
    "      [ [ \"192.0.2.10\" ] ] } },"
    "    { \"name\": \"b\", \"user-context\": { \"pcp-servers\": "
    "      [ [ \"192.0.2.11\" ] ] } } ],"
    "  \"shared-networks\": [ { \"name\": \"net\", \"user-context\": "
    "    { \"pcp-servers\": [ [ \"198.51.100.9\" ] ] },"
    "    \"subnet4\": [ { \"id\": 2, \"subnet\": \"198.51.100.0/24\" } ] } ],"
    "  \"subnet4\": [ { \"id\": 7, \"subnet\": \"192.0.2.0/25\","
    "    \"reservations\": [ { \"client-id\": \"01:02:00:00:00:00:05\","
    "      \"user-context\": { \"pcp-servers\": [ [ \"192.0.2.12\" ] ] } },"
    "      { \"duid\": \"00:03:00:01:02:00:00:00:00:06\","
    "      \"user-context\": { \"pcp-servers\": [ [ \"192.0.2.13\" ] ] } } ]"
    "  } ] }";

TEST(impl_scopes_precedence) {
    auto base = loaded(4, "{ \"pcp-servers\": [ [ \"192.0.2.1\" ] ] }");
    Collect rep;
    auto impl = configured(*base, scopes4, nullptr, &rep);
    CHECK(rep.errors_.empty() && rep.warnings_.empty());
    CHECK_EQ(impl->getIndex().getCounts().classes_, size_t(2));
    CHECK_EQ(impl->getIndex().getCounts().hosts_, size_t(2));
    CHECK_EQ(impl->getIndex().getCounts().networks_, size_t(1));

    Pkt4Ptr q = query4({158});
    q->addClass("b");
    q->addClass("a");
    Pkt4Ptr r = reply4(DHCPOFFER, "192.0.2.100");
    NoSubnet none;
    impl->process4(q, r, none);
    // two classes: the first in configuration order wins
    CHECK_EQ(data(r, 158), std::string("04c000020a"));
    // the reply's address decided the subnet: Kea was not asked
    CHECK_EQ(none.asked_, 0);

    // the reservation by client-id in subnet 7 wins over the classes
    q->addOption(OptionPtr(new Option(Option::V4, DHO_DHCP_CLIENT_IDENTIFIER,
                                      OptionBuffer{1, 2, 0, 0, 0, 0, 5})));
    r = reply4(DHCPOFFER, "192.0.2.100");
    impl->process4(q, r, none);
    CHECK_EQ(data(r, 158), std::string("04c000020c"));

    // yiaddr outside subnet 7 (a /25): that reservation does not apply
    r = reply4(DHCPOFFER, "192.0.2.200");
    impl->process4(q, r, none);
    CHECK_EQ(data(r, 158), std::string("04c000020a"));

    // shared network, then global
    Pkt4Ptr plain = query4({158});
    r = reply4(DHCPOFFER, "198.51.100.7");
    impl->process4(plain, r, none);
    CHECK_EQ(data(r, 158), std::string("04c6336409"));
    r = reply4(DHCPOFFER, "203.0.113.7");
    impl->process4(plain, r, none);
    CHECK_EQ(data(r, 158), std::string("04c0000201"));

    // a reply whose address is in no subnet: the subnet Kea selected
    // (Kea 2.6, 3.0), asked for only then
    KeaSubnet two(2);
    r = reply4(DHCPOFFER, "203.0.113.7");
    impl->process4(plain, r, two);
    CHECK_EQ(data(r, 158), std::string("04c6336409"));
    r = reply4(DHCPACK);                // no address at all (INFORM)
    impl->process4(plain, r, two);
    CHECK_EQ(data(r, 158), std::string("04c6336409"));
    KeaSubnet nothing(SUBNET_ID_UNUSED);
    r = reply4(DHCPOFFER, "203.0.113.7");
    impl->process4(plain, r, nothing);
    CHECK_EQ(data(r, 158), std::string("04c0000201"));
    // the address decides where there is one
    r = reply4(DHCPOFFER, "198.51.100.7");
    impl->process4(plain, r, nothing);
    CHECK_EQ(data(r, 158), std::string("04c6336409"));
}

TEST(impl_subnet_by_address_among_many) {
    // 60 subnets, in no order, of two prefix lengths; each its own list:
    // Kea 2.2's replies find theirs by address, v4 and v6
    std::string s4, s6;
    for (int i = 0; i < 60; ++i) {
        int k = (i * 37) % 60;          // configuration order != address
        s4 += std::string(i ? "," : "") + "{ \"id\": " +
            std::to_string(k + 1) + ", \"subnet\": \"10." +
            std::to_string(k) + (k % 2 ? ".0.0/16" : ".1.0/24") +
            "\", \"user-context\": { \"pcp-servers\": [ [ \"192.0.2." +
            std::to_string(k + 1) + "\" ] ] } }";
        s6 += std::string(i ? "," : "") + "{ \"id\": " +
            std::to_string(k + 1) + ", \"subnet\": \"2001:db8:" +
            std::to_string(k + 1) + (k % 2 ? "::/48" : ":1::/64") +
            "\", \"user-context\": { \"pcp-servers\": [ [ \"2001:db8::" +
            std::to_string(k + 1) + "\" ] ] } }";
    }
    auto impl4 = configured(*loaded(4, "{}"), "{ \"subnet4\": [ " + s4 +
                            " ] }");
    auto impl6 = configured(*loaded(6, "{}"), "{ \"subnet6\": [ " + s6 +
                            " ] }");
    for (int k = 0; k < 60; ++k) {
        NoSubnet none;
        std::string a4 = "10." + std::to_string(k) + ".1.77";
        Pkt4Ptr r = reply4(DHCPACK, a4.c_str());
        impl4->process4(query4({158}), r, none);
        char want[16];
        std::snprintf(want, sizeof(want), "04c00002%02x", k + 1);
        if (data(r, 158) != want) {
            testutil::fail(__FILE__, __LINE__, a4 + ": " + data(r, 158));
        }
        Pkt6Ptr r6(new Pkt6(DHCPV6_REPLY, 1));
        boost::shared_ptr<Option6IA> ia(new Option6IA(D6O_IA_NA, 1));
        ia->addOption(OptionPtr(new Option6IAAddr(
            D6O_IAADDR, IOAddress("2001:db8:" + std::to_string(k + 1) +
                                  ":1::9"), 300, 400)));
        r6->addOption(ia);
        impl6->process6(query6({86}), r6, none);
        char want6[40];
        // ("2001:db8::60": the digits are hex in the address text)
        std::snprintf(want6, sizeof(want6), "20010db8%024d", k + 1);
        if (data(r6, 86) != want6) {
            testutil::fail(__FILE__, __LINE__, "v6 " + std::to_string(k) +
                           ": " + data(r6, 86));
        }
    }
    // outside every subnet: nothing configured there
    NoSubnet none;
    Pkt4Ptr r = reply4(DHCPACK, "10.200.0.1");
    CHECK_EQ(impl4->process4(query4({158}), r, none), size_t(0));
}

TEST(impl_classes_of_the_same_length) {
    // a query class of a configured class's length but another name, and
    // the first in configuration order among several matches
    auto impl = configured(*loaded(4, "{}"),
        "{ \"client-classes\": ["
        "  { \"name\": \"gold\", \"user-context\": { \"pcp-servers\": "
        "    [ [ \"192.0.2.1\" ] ] } },"
        "  { \"name\": \"iron\", \"user-context\": { \"pcp-servers\": "
        "    [ [ \"192.0.2.2\" ] ] } } ] }");
    NoSubnet none;
    Pkt4Ptr q = query4({158});
    q->addClass("golf");
    Pkt4Ptr r = reply4(DHCPACK);
    CHECK_EQ(impl->process4(q, r, none), size_t(0));
    q->addClass("iron");
    r = reply4(DHCPACK);
    impl->process4(q, r, none);
    CHECK_EQ(data(r, 158), std::string("04c0000202"));
    q->addClass("gold");
    r = reply4(DHCPACK);
    impl->process4(q, r, none);
    CHECK_EQ(data(r, 158), std::string("04c0000201"));
}

TEST(impl_duid_in_client_id_matches_a_duid_reservation) {
    // RFC 4361 §6.1: type 255, IAID, DUID: libpcpsel finds the DUID
    auto impl = configured(*loaded(4, "{}"), scopes4);
    Pkt4Ptr q = query4({158});
    q->addOption(OptionPtr(new Option(Option::V4, DHO_DHCP_CLIENT_IDENTIFIER,
                                      OptionBuffer{255, 0, 0, 0, 1,
                                                   0, 3, 0, 1, 2, 0, 0, 0,
                                                   0, 6})));
    Pkt4Ptr r = reply4(DHCPACK, "192.0.2.50");
    KeaSubnet seven(7);
    impl->process4(q, r, seven);
    CHECK_EQ(data(r, 158), std::string("04c000020d"));
}

TEST(impl_subnet_without_id_gets_keas_number) {
    // Kea 2.2 numbers subnets written without "id": the hook asks Kea's
    // parsed configuration for it, by prefix
    SrvConfig cfg;
    cfg.getCfgSubnets4()->add(Subnet4Ptr(new Subnet4(IOAddress("192.0.2.0"),
                                                     24, 1, 2, 3, 42)));
    Collect rep;
    auto impl = configured(*loaded(4, "{}"),
        "{ \"subnet4\": [ { \"subnet\": \"192.0.2.0/24\", \"reservations\": "
        "  [ { \"hw-address\": \"02:00:00:00:00:09\", \"user-context\": "
        "    { \"pcp-servers\": [ [ \"192.0.2.9\" ] ] } } ] } ] }", &cfg, &rep);
    CHECK(rep.errors_.empty() && rep.warnings_.empty());
    Pkt4Ptr r = reply4(DHCPACK, "192.0.2.77");
    KeaSubnet kea(42);
    impl->process4(query4({158}, 9), r, kea);
    CHECK_EQ(data(r, 158), std::string("04c0000209"));
    // without Kea's configuration it is found by address only
    Collect rep2;
    auto blind = configured(*loaded(4, "{}"),
        "{ \"subnet4\": [ { \"subnet\": \"192.0.2.0/24\", \"reservations\": "
        "  [ { \"hw-address\": \"02:00:00:00:00:09\", \"user-context\": "
        "    { \"pcp-servers\": [ [ \"192.0.2.9\" ] ] } } ] } ] }", nullptr,
        &rep2);
    CHECK_EQ(rep2.warnings_.size(), size_t(1));
}

TEST(impl_bad_scope_refuses_configuration_naming_it) {
    auto base = loaded(4, "{}");
    Collect rep;
    try {
        configured(*base, "{ \"subnet4\": [ { \"id\": 1, \"subnet\": "
                   "\"192.0.2.0/24\", \"user-context\": { \"pcp-servers\": "
                   "[ [ \"192.0.2.300\" ], [ \"::1\" ] ] } } ] }", nullptr,
                   &rep);
        CHECK(false);
    } catch (const ConfigError& ex) {
        CHECK_EQ(std::string(ex.what()), std::string(
            "pcp-servers in subnet 192.0.2.0/24 (id 1), server 1, address 1:"
            " \"192.0.2.300\" is not an IPv4 address (and 1 more error)"));
    }
    CHECK_EQ(rep.errors_.size(), size_t(2));
}

TEST(impl_v6_oro_instances_and_existing_option) {
    auto impl = loaded(6, "{ \"pcp-servers\": [ [ \"2001:db8::1\" ], "
                       "[ \"192.0.2.1\" ] ] }");
    Pkt6Ptr r(new Pkt6(DHCPV6_ADVERTISE, 1));
    NoSubnet none;
    CHECK_EQ(impl->process6(query6({23, 86}), r, none), size_t(2));
    // one object in the reply, two option-86 instances on the wire
    CHECK_EQ(r->options_.count(86), size_t(1));
    CHECK_EQ(data(r, 86), std::string("20010db8000000000000000000000001 "
                                      "00000000000000000000ffffc0000201"));
    CHECK_EQ(r->len(), size_t(4 + 20 + 20));
    // no 86 in the ORO: nothing
    r.reset(new Pkt6(DHCPV6_REPLY, 1));
    CHECK_EQ(impl->process6(query6({23}), r, none), size_t(0));
    // an operator's option-data wins
    r.reset(new Pkt6(DHCPV6_REPLY, 1));
    r->addOption(OptionPtr(new Option(Option::V6, 86, OptionBuffer(16, 1))));
    CHECK_EQ(impl->process6(query6({86}), r, none), size_t(0));
    CHECK_EQ(r->getOptions(86).size(), size_t(1));
}

TEST(impl_v4_reply_too_small_leaves_out_the_last_servers) {
    // 4 x 63 addresses: 1020 bytes (issue 12: a 1282-byte OFFER); a
    // client without option 57 takes 576 bytes
    std::string four = "[" + v4Server(63, 1) + "," + v4Server(63, 64) + "," +
        v4Server(63, 127) + "," + v4Server(63, 190) + "]";
    auto impl = loaded(4, "{ \"pcp-servers\": " + four + " }");
    NoSubnet none;
    Pkt4Ptr q = query4({158});
    Pkt4Ptr r = reply4(DHCPOFFER, "192.0.2.100");
    r->setHWAddr(q->getHWAddr());
    CHECK_EQ(impl->process4(q, r, none), size_t(1));
    r->pack();
    CHECK(r->getBuffer().getLength() <= 576 - 28);
    // it asked for 1500: all four fit
    q->addOption(OptionPtr(new OptionUint16(Option::V4,
                                            DHO_DHCP_MAX_MESSAGE_SIZE,
                                            1500)));
    r = reply4(DHCPOFFER, "192.0.2.100");
    r->setHWAddr(q->getHWAddr());
    CHECK_EQ(impl->process4(q, r, none), size_t(4));
    r->pack();
    CHECK(r->getBuffer().getLength() <= 1500 - 28);
    // 1000 (more than 576, less than the list): three
    Pkt4Ptr q2 = query4({158});
    q2->addOption(OptionPtr(new OptionUint16(Option::V4,
                                             DHO_DHCP_MAX_MESSAGE_SIZE,
                                             1000)));
    r = reply4(DHCPOFFER, "192.0.2.100");
    r->setHWAddr(q2->getHWAddr());
    CHECK_EQ(impl->process4(q2, r, none), size_t(2));
    r->pack();
    CHECK(r->getBuffer().getLength() <= 1000 - 28);
    // a value under RFC 2132's 576 counts as 576; over 1500 as 1500
    Pkt4Ptr q3 = query4({158});
    q3->addOption(OptionPtr(new OptionUint16(Option::V4,
                                             DHO_DHCP_MAX_MESSAGE_SIZE, 300)));
    r = reply4(DHCPOFFER, "192.0.2.100");
    CHECK_EQ(impl->process4(q3, r, none), size_t(1));
}

TEST(impl_v4_trimmed_reply_keeps_whole_servers) {
    // 6 servers of 20 addresses (81 bytes): 3 per 243-byte instance;
    // room for 4 servers cuts the second instance after one server
    std::string six = "[";
    for (int s = 0; s < 6; ++s) {
        six += (s ? "," : "") + v4Server(20, 1 + 20 * s);
    }
    auto impl = loaded(4, "{ \"pcp-servers\": " + six + " ] }");
    NoSubnet none;
    Pkt4Ptr q = query4({158});
    q->addOption(OptionPtr(new OptionUint16(Option::V4,
                                            DHO_DHCP_MAX_MESSAGE_SIZE,
                                            28 + 240 + 5 + 4 + 3 + 330)));
    Pkt4Ptr r = reply4(DHCPOFFER);
    CHECK_EQ(impl->process4(q, r, none), size_t(4));
    std::vector<size_t> sizes;
    for (auto const& o : r->options_) {
        if (o.first == 158) {
            sizes.push_back(o.second->getData().size());
            // each instance holds whole servers: List-Length 80 each
            for (size_t i = 0; i < o.second->getData().size(); i += 81) {
                CHECK_EQ(unsigned(o.second->getData()[i]), 80u);
            }
        }
    }
    CHECK(sizes.size() == 2 && sizes[0] == 243 && sizes[1] == 81);
}

TEST(impl_v6_reply_too_large_leaves_out_the_last_servers) {
    // 3000 one-address servers (60000 bytes) fit the configuration limit;
    // a reply that already holds 6000 bytes of Kea's options has room for
    // (65527 - 4 - 6004) / 20 = 2975 of them
    std::string v = "[";
    for (int i = 0; i < 3000; ++i) {
        v += std::string(i ? "," : "") + "[\"2001:db8::" +
            std::to_string(i / 1000 + 1) + ":" + std::to_string(i % 1000 + 1)
            + "\"]";
    }
    auto impl = loaded(6, "{ \"pcp-servers\": " + v + "] }");
    Pkt6Ptr r(new Pkt6(DHCPV6_REPLY, 1));
    r->addOption(OptionPtr(new Option(Option::V6, 21, OptionBuffer(6000, 7))));
    NoSubnet none;
    CHECK_EQ(impl->process6(query6({86}), r, none), size_t(2975));
    CHECK(r->len() <= 65527);
    r.reset(new Pkt6(DHCPV6_REPLY, 1));
    CHECK_EQ(impl->process6(query6({86}), r, none), size_t(3000));
}

TEST(impl_commands_that_change_scopes) {
    const struct {
        const char* name;
        unsigned want;
    } rows[] = {
        { "subnet4-add", PcpselImpl::CHANGED_SUBNETS },
        { "subnet4-update", PcpselImpl::CHANGED_SUBNETS },
        { "subnet4-del", PcpselImpl::CHANGED_SUBNETS },
        { "subnet4-delta-add", PcpselImpl::CHANGED_SUBNETS },
        { "subnet6-delta-del", PcpselImpl::CHANGED_SUBNETS },
        { "network4-add", PcpselImpl::CHANGED_SUBNETS },
        { "network6-subnet-add", PcpselImpl::CHANGED_SUBNETS },
        { "reservation-add", PcpselImpl::CHANGED_HOSTS },
        { "reservation-update", PcpselImpl::CHANGED_HOSTS },
        { "reservation-del", PcpselImpl::CHANGED_HOSTS },
        { "class-add", PcpselImpl::CHANGED_CLASSES },
        { "class-update", PcpselImpl::CHANGED_CLASSES },
        { "class-del", PcpselImpl::CHANGED_CLASSES },
        // queries and everything else change nothing
        { "subnet4-list", 0 }, { "subnet4-get", 0 }, { "network6-list", 0 },
        { "network4-get", 0 }, { "reservation-get", 0 },
        { "subnet4-select-test", 0 }, { "subnet6-select-test", 0 },
        { "reservation-get-all", 0 }, { "reservation-get-page", 0 },
        { "reservation-get-by-hostname", 0 }, { "config-set", 0 },
        { "lease4-add", 0 }, { "class-get", 0 }, { "class-list", 0 },
        { "class", 0 }, { "subnet", 0 }, { "", 0 },
    };
    for (auto const& row : rows) {
        if (PcpselImpl::changesOf(row.name) != row.want) {
            testutil::fail(__FILE__, __LINE__, std::string(row.name) +
                           ": got " + std::to_string(
                               PcpselImpl::changesOf(row.name)));
        }
    }
    auto impl = loaded(4, "{}");
    CHECK_EQ(impl->getChanged(), 0u);
    CHECK_EQ(impl->noteChanges(PcpselImpl::CHANGED_HOSTS),
             PcpselImpl::CHANGED_HOSTS);
    CHECK_EQ(impl->noteChanges(PcpselImpl::CHANGED_HOSTS), 0u);
    CHECK_EQ(impl->noteChanges(PcpselImpl::CHANGED_SUBNETS |
                               PcpselImpl::CHANGED_HOSTS),
             PcpselImpl::CHANGED_SUBNETS);
    CHECK_EQ(impl->getChanged(), PcpselImpl::CHANGED_SUBNETS |
             PcpselImpl::CHANGED_HOSTS);
    // a new configuration starts from the index again
    auto next = configured(*impl, "{ }");
    CHECK_EQ(next->getChanged(), 0u);
}

/// @brief A subnet object as subnet_cmds makes it: @c net/24, ID @c id,
/// user-context @c ctx (JSON; empty: none).
Subnet4Ptr
keaSubnet4(const char* net, SubnetID id, const std::string& ctx) {
    Subnet4Ptr s = Subnet4::create(IOAddress(net), 24, 1000, 2000, 3000, id);
    if (!ctx.empty()) {
        s->setContext(Element::fromJSON(ctx));
    }
    return (s);
}

TEST(impl_runtime_subnets_from_keas_objects) {
    // as configured: subnet 1 with its list, Kea's object holding it
    SrvConfigPtr cfg(new SrvConfig());
    Subnet4Ptr one = keaSubnet4("192.0.2.0", 1, "{ \"pcp-servers\": "
                                "[ [ \"192.0.2.33\" ] ] }");
    cfg->getCfgSubnets4()->add(one);
    auto impl = configured(*loaded(4, "{ \"pcp-servers\": [ [ \"192.0.2.1\" "
                                   "] ] }"),
        "{ \"subnet4\": [ { \"id\": 1, \"subnet\": \"192.0.2.0/24\","
        "  \"user-context\": { \"pcp-servers\": [ [ \"192.0.2.33\" ] ] },"
        "  \"reservations\": [ { \"hw-address\": \"02:00:00:00:00:99\","
        "    \"user-context\": { \"pcp-servers\": [ [ \"192.0.2.44\" ] ] }"
        "  } ] } ] }", cfg.get());
    Pkt4Ptr q = query4({158});
    // subnet4-update made a new object for ID 1
    KeaSubnet updated(keaSubnet4("192.0.2.0", 1, "{ \"pcp-servers\": "
                                 "[ [ \"203.0.113.5\" ] ] }"));
    // no command yet: the index decides, Kea's object is not asked for
    Pkt4Ptr r = reply4(DHCPOFFER, "192.0.2.100");
    impl->process4(q, r, updated);
    CHECK_EQ(data(r, 158), std::string("04c0000221"));
    CHECK_EQ(updated.asked_, 0);

    CHECK_EQ(impl->noteChanges(PcpselImpl::CHANGED_SUBNETS),
             PcpselImpl::CHANGED_SUBNETS);
    // the object indexed: the index's list, nothing parsed
    KeaSubnet same(one);
    r = reply4(DHCPOFFER, "192.0.2.100");
    impl->process4(q, r, same);
    CHECK_EQ(data(r, 158), std::string("04c0000221"));
    CHECK_EQ(impl->getRuntimeLists().getParsed(), size_t(0));
    // the new object: its list, checked once for any number of replies
    for (int i = 0; i < 5; ++i) {
        r = reply4(DHCPOFFER, "192.0.2.100");
        impl->process4(q, r, updated);
        CHECK_EQ(data(r, 158), std::string("04cb007105"));
    }
    CHECK_EQ(impl->getRuntimeLists().getParsed(), size_t(1));
    // the file's reservation in subnet 1 still wins over it
    r = reply4(DHCPOFFER, "192.0.2.100");
    impl->process4(query4({158}, 0x99), r, updated);
    CHECK_EQ(data(r, 158), std::string("04c000022c"));
    // a subnet ID never indexed, on the prefix of subnet 1 (subnet4-del,
    // subnet4-add): Kea's object decides, not the address
    KeaSubnet added(keaSubnet4("192.0.2.0", 9, "{ \"pcp-servers\": "
                               "[ [ \"198.51.100.5\" ] ] }"));
    r = reply4(DHCPOFFER, "192.0.2.100");
    impl->process4(q, r, added);
    CHECK_EQ(data(r, 158), std::string("04c6336405"));
    // ... and the reservation of subnet 1 is not one of subnet 9
    r = reply4(DHCPOFFER, "192.0.2.100");
    impl->process4(query4({158}, 0x99), r, added);
    CHECK_EQ(data(r, 158), std::string("04c6336405"));
    // the list removed: the global one
    KeaSubnet bare(keaSubnet4("192.0.2.0", 1, "{ \"comment\": \"x\" }"));
    r = reply4(DHCPOFFER, "192.0.2.100");
    impl->process4(q, r, bare);
    CHECK_EQ(data(r, 158), std::string("04c0000201"));
    // a bad list: not used (reported once: parsed once), the global one
    KeaSubnet bad(keaSubnet4("192.0.2.0", 1, "{ \"pcp-servers\": "
                             "[ [ \"192.0.2.300\" ] ] }"));
    size_t parsed = impl->getRuntimeLists().getParsed();
    for (int i = 0; i < 2; ++i) {
        r = reply4(DHCPOFFER, "192.0.2.100");
        impl->process4(q, r, bad);
        CHECK_EQ(data(r, 158), std::string("04c0000201"));
    }
    CHECK_EQ(impl->getRuntimeLists().getParsed(), parsed + 1);
    // a subnet without a list in a shared network with one (network4-add)
    SharedNetwork4Ptr net(new SharedNetwork4("net-b"));
    net->setContext(Element::fromJSON("{ \"pcp-servers\": "
                                      "[ [ \"203.0.113.77\" ] ] }"));
    Subnet4Ptr in = keaSubnet4("198.51.100.0", 3, "");
    net->add(in);
    KeaSubnet innet(in);
    r = reply4(DHCPOFFER, "198.51.100.100");
    impl->process4(q, r, innet);
    CHECK_EQ(data(r, 158), std::string("04cb00714d"));
    // its own list wins over the network's
    in->setContext(Element::fromJSON("{ \"pcp-servers\": "
                                     "[ [ \"203.0.113.78\" ] ] }"));
    r = reply4(DHCPOFFER, "198.51.100.100");
    impl->process4(q, r, innet);
    CHECK_EQ(data(r, 158), std::string("04cb00714e"));
    // Kea selected no subnet: the global list
    KeaSubnet none(SUBNET_ID_UNUSED);
    r = reply4(DHCPOFFER, "192.0.2.100");
    impl->process4(q, r, none);
    CHECK_EQ(data(r, 158), std::string("04c0000201"));
}

TEST(impl_runtime_reservations_in_keas_memory) {
    // a reservation host_cmds put into Kea's memory (no host database)
    CfgHostsPtr hosts = CfgMgr::instance().getCurrentCfg()->getCfgHosts();
    HostPtr h(new Host("02:00:00:00:00:55", "hw-address", SubnetID(1),
                       SUBNET_ID_UNUSED, IOAddress("0.0.0.0"), "h55"));
    h->setContext(Element::fromJSON("{ \"pcp-servers\": "
                                    "[ [ \"203.0.113.6\" ] ] }"));
    hosts->add(h);
    auto impl = configured(*loaded(4, "{ \"pcp-servers\": [ [ \"192.0.2.1\" "
                                   "] ] }"),
        "{ \"subnet4\": [ { \"id\": 1, \"subnet\": \"192.0.2.0/24\","
        "  \"reservations\": [ { \"hw-address\": \"02:00:00:00:00:99\","
        "    \"user-context\": { \"pcp-servers\": [ [ \"192.0.2.44\" ] ] }"
        "  } ] } ] }");
    Pkt4Ptr known = query4({158}, 0x55);
    known->addClass("KNOWN");
    NoSubnet none;
    // no command yet, no host database: no look-up, the global list
    Pkt4Ptr r = reply4(DHCPOFFER, "192.0.2.100");
    impl->process4(known, r, none);
    CHECK_EQ(data(r, 158), std::string("04c0000201"));
    CHECK_EQ(impl->getMemoryLists().getParsed(), size_t(0));
    // the file's reservation of 0x99, not KNOWN to Kea (reservation-del
    // took it out of Kea's memory), before the command: the index's list
    Pkt4Ptr gone = query4({158}, 0x99);
    r = reply4(DHCPOFFER, "192.0.2.100");
    impl->process4(gone, r, none);
    CHECK_EQ(data(r, 158), std::string("04c000022c"));

    impl->noteChanges(PcpselImpl::CHANGED_HOSTS);
    for (int i = 0; i < 3; ++i) {
        r = reply4(DHCPOFFER, "192.0.2.100");
        impl->process4(known, r, none);
        CHECK_EQ(data(r, 158), std::string("04cb007106"));
    }
    CHECK_EQ(impl->getMemoryLists().getParsed(), size_t(1));
    // Kea found no reservation for it (not KNOWN): none of ours either
    r = reply4(DHCPOFFER, "192.0.2.100");
    impl->process4(query4({158}, 0x55), r, none);
    CHECK_EQ(data(r, 158), std::string("04c0000201"));
    r = reply4(DHCPOFFER, "192.0.2.100");
    impl->process4(gone, r, none);
    CHECK_EQ(data(r, 158), std::string("04c0000201"));
    CfgMgr::instance().clear();
}

/// @brief Kea's class @c name with user-context @c ctx (JSON; empty:
/// none), appended to the current configuration's dictionary.
void
keaClass(const std::string& name, const std::string& ctx) {
    ClientClassDefPtr def(new ClientClassDef(name, ExpressionPtr()));
    if (!ctx.empty()) {
        def->setContext(Element::fromJSON(ctx));
    }
    CfgMgr::instance().getCurrentCfg()->getClientClassDictionary()
        ->addClass(def);
}

TEST(impl_runtime_classes_in_keas_dictionary) {
    CfgMgr::instance().clear();
    auto impl = configured(*loaded(4, "{ \"pcp-servers\": [ [ \"192.0.2.1\" "
                                   "] ] }"),
        "{ \"client-classes\": ["
        "    { \"name\": \"a\", \"user-context\": { \"pcp-servers\": "
        "      [ [ \"192.0.2.10\" ] ] } }, { \"name\": \"b\" } ] }");
    // Kea's classes as class_cmds left them: a's list changed, b given one
    keaClass("a", "{ \"pcp-servers\": [ [ \"198.51.100.5\" ] ] }");
    keaClass("b", "{ \"pcp-servers\": [ [ \"203.0.113.5\" ] ] }");
    keaClass("c", "{ \"comment\": \"no list\" }");
    Pkt4Ptr ab = query4({158});
    ab->addClass("b");
    ab->addClass("a");
    NoSubnet none;
    // no command yet: the index's lists, Kea's classes not read
    Pkt4Ptr r = reply4(DHCPOFFER, "192.0.2.100");
    impl->process4(ab, r, none);
    CHECK_EQ(data(r, 158), std::string("04c000020a"));
    CHECK_EQ(impl->getRuntimeLists().getParsed(), size_t(0));

    impl->noteChanges(PcpselImpl::CHANGED_CLASSES);
    // of the query's classes, the first in Kea's order; checked once
    for (int i = 0; i < 3; ++i) {
        r = reply4(DHCPOFFER, "192.0.2.100");
        impl->process4(ab, r, none);
        CHECK_EQ(data(r, 158), std::string("04c6336405"));
    }
    CHECK_EQ(impl->getRuntimeLists().getParsed(), size_t(1));
    Pkt4Ptr bc = query4({158});
    bc->addClass("c");
    bc->addClass("b");
    r = reply4(DHCPOFFER, "192.0.2.100");
    impl->process4(bc, r, none);
    CHECK_EQ(data(r, 158), std::string("04cb007105"));
    // a class without a list, or in no class: the global list
    Pkt4Ptr c = query4({158});
    c->addClass("c");
    r = reply4(DHCPOFFER, "192.0.2.100");
    impl->process4(c, r, none);
    CHECK_EQ(data(r, 158), std::string("04c0000201"));
    // class-del of a, class-add of a bad list: skipped, the next class
    CfgMgr::instance().getCurrentCfg()->getClientClassDictionary()
        ->removeClass("a");
    keaClass("a", "{ \"pcp-servers\": [ [ \"192.0.2.300\" ] ] }");
    Pkt4Ptr a = query4({158});
    a->addClass("a");
    for (int i = 0; i < 2; ++i) {
        r = reply4(DHCPOFFER, "192.0.2.100");
        impl->process4(ab, r, none);
        CHECK_EQ(data(r, 158), std::string("04cb007105"));
        r = reply4(DHCPOFFER, "192.0.2.100");
        impl->process4(a, r, none);
        CHECK_EQ(data(r, 158), std::string("04c0000201"));
    }
    CHECK_EQ(impl->getRuntimeLists().getParsed(), size_t(3));
    CfgMgr::instance().clear();
}

TEST(impl_allocations_per_reply_do_not_grow) {
    // 200 reservations, 2 classes, a subnet list, 20 servers: the reply
    // path allocates one node of the reply's option container per
    // attached object and nothing else, whatever the number of scopes
    std::string res;
    for (int i = 0; i < 200; ++i) {
        char mac[32];
        std::snprintf(mac, sizeof(mac), "02:00:00:00:%02x:%02x", i / 256,
                      i % 256);
        res += std::string(i ? "," : "") + "{ \"hw-address\": \"" + mac +
            "\", \"user-context\": { \"pcp-servers\": [ [ \"192.0.2." +
            std::to_string(i % 250 + 1) + "\" ] ] } }";
    }
    std::string twenty = "[";
    for (int i = 0; i < 20; ++i) {
        twenty += std::string(i ? "," : "") + "[\"198.51.100." +
            std::to_string(i + 1) + "\"]";
    }
    twenty += "]";
    auto impl = configured(*loaded(4, "{}"),
        "{ \"client-classes\": [ { \"name\": \"a\", \"user-context\": "
        "  { \"pcp-servers\": [ [ \"203.0.113.1\" ] ] } }, { \"name\": \"b\","
        "  \"user-context\": { \"pcp-servers\": [ [ \"203.0.113.2\" ] ] } } ],"
        "  \"subnet4\": [ { \"id\": 1, \"subnet\": \"192.0.2.0/24\","
        "  \"user-context\": { \"pcp-servers\": " + twenty + " },"
        "  \"reservations\": [ " + res + " ] } ] }");
    Pkt4Ptr q = query4({158}, 0xee);
    q->addOption(OptionPtr(new OptionUint16(Option::V4,
                                            DHO_DHCP_MAX_MESSAGE_SIZE, 1500)));
    KeaSubnet one(1);
    Pkt4Ptr r = reply4(DHCPOFFER, "192.0.2.100");
    long before = allocations.load();
    impl->process4(q, r, one);
    long used = allocations.load() - before;
    // 20 servers fit one instance: one attached object
    CHECK_EQ(data(r, 158).size(), size_t(2 * (20 * 5)));
    CHECK_EQ(used, 1L);
    // a reservation hit: the same
    Pkt4Ptr q2 = query4({158}, 7);
    r = reply4(DHCPOFFER, "192.0.2.100");
    before = allocations.load();
    impl->process4(q2, r, one);
    CHECK_EQ(allocations.load() - before, 1L);
    CHECK_EQ(data(r, 158), std::string("04c0000208"));

    // DHCPv6, 20 servers: one object whatever the number of servers
    std::string v6 = "[";
    for (int i = 0; i < 20; ++i) {
        v6 += std::string(i ? "," : "") + "[\"2001:db8::" +
            std::to_string(i + 1) + "\"]";
    }
    auto impl6 = loaded(6, "{ \"pcp-servers\": " + v6 + "] }");
    Pkt6Ptr q6 = query6({86});
    Pkt6Ptr r6(new Pkt6(DHCPV6_ADVERTISE, 1));
    NoSubnet none;
    before = allocations.load();
    CHECK_EQ(impl6->process6(q6, r6, none), size_t(20));
    CHECK_EQ(allocations.load() - before, 1L);
}

TEST(impl_multi_threading_copies_v4_only) {
    auto impl4 = loaded(4, "{ \"pcp-servers\": [ [ \"192.0.2.1\" ] ] }");
    auto impl6 = loaded(6, "{ \"pcp-servers\": [ [ \"2001:db8::1\" ] ] }");
    isc::util::MultiThreadingMgr::instance().setMode(true);
    NoSubnet none;
    Pkt4Ptr a = reply4(DHCPOFFER), b = reply4(DHCPOFFER);
    impl4->process4(query4({158}), a, none);
    impl4->process4(query4({158}), b, none);
    Pkt6Ptr c(new Pkt6(DHCPV6_REPLY, 1)), d(new Pkt6(DHCPV6_REPLY, 1));
    impl6->process6(query6({86}), c, none);
    impl6->process6(query6({86}), d, none);
    isc::util::MultiThreadingMgr::instance().setMode(false);
    // Pkt4::pack() rewrites options briefly: each reply its own copy;
    // Pkt6::pack() does not: one shared constant object
    CHECK(a->options_.find(158)->second != b->options_.find(158)->second);
    CHECK(c->options_.find(86)->second == d->options_.find(86)->second);
    CHECK_EQ(data(a, 158), data(b, 158));
}

/// @brief A reservation as a host database gives it: host ID @c id,
/// user-context @c ctx (JSON; empty: none).
HostPtr
dbHost(HostID id, const std::string& ctx) {
    HostPtr h(new Host("02:00:00:00:0b:01", "hw-address", SubnetID(1),
                       SUBNET_ID_UNUSED, IOAddress("0.0.0.0")));
    h->setHostId(id);
    if (!ctx.empty()) {
        h->setContext(Element::fromJSON(ctx));
    }
    return (h);
}

TEST(hostdb_lists_checked_once_per_reservation_and_value) {
    Collect c;
    HostLists lists(4, c);
    // a reservation's list: checked, encoded; (R7291-16: one server)
    ServerSetPtr a = lists.get(*dbHost(7, "{ \"pcp-servers\": "
                                       "[ [ \"192.0.2.1\" ] ] }"));
    CHECK(a);
    CHECK_EQ(testutil::hex(a->getList().getInstances().at(0)),
             std::string("04c0000201"));
    CHECK_EQ(lists.getParsed(), size_t(1));
    // the same reservation fetched again (a new Host, an equal value):
    // the same list, not checked again
    ServerSetPtr b = lists.get(*dbHost(7, "{ \"pcp-servers\": "
                                       "[ [ \"192.0.2.1\" ] ] }"));
    CHECK(a == b);
    CHECK_EQ(lists.getParsed(), size_t(1));
    // its value changed in the database: checked again
    ServerSetPtr d = lists.get(*dbHost(7, "{ \"pcp-servers\": "
                                       "[ [ \"198.51.100.1\" ] ] }"));
    CHECK(d && d != a);
    CHECK_EQ(testutil::hex(d->getList().getInstances().at(0)),
             std::string("04c6336401"));
    CHECK_EQ(lists.getParsed(), size_t(2));
    // "send no PCP server"
    ServerSetPtr e = lists.get(*dbHost(8, "{ \"pcp-servers\": [] }"));
    CHECK(e && e->empty());
    // no user-context, no key: no list, nothing checked
    CHECK(!lists.get(*dbHost(9, "")));
    CHECK(!lists.get(*dbHost(9, "{ \"other\": 1 }")));
    CHECK_EQ(lists.getParsed(), size_t(3));
    CHECK_EQ(c.errors_.size(), size_t(0));
    CHECK_EQ(lists.size(), size_t(2));
}

TEST(hostdb_bad_list_reported_once_and_not_used) {
    Collect c;
    HostLists lists(4, c);
    std::string bad = "{ \"pcp-servers\": [ [ \"192.0.2.300\" ] ] }";
    CHECK(!lists.get(*dbHost(11, bad)));
    CHECK(!lists.get(*dbHost(11, bad)));
    CHECK_EQ(c.errors_.size(), size_t(1));
    CHECK(c.errors_.at(0).find("192.0.2.300") != std::string::npos);
    CHECK(c.errors_.at(0).find("host ID 11") != std::string::npos);
    // an IPv6 server in a DHCPv4 list, a non-list: refused as in a file
    CHECK(!lists.get(*dbHost(12, "{ \"pcp-servers\": [ [ \"2001:db8::1\" ] ] }")));
    CHECK(!lists.get(*dbHost(13, "{ \"pcp-servers\": \"192.0.2.1\" }")));
    CHECK_EQ(c.errors_.size(), size_t(3));
    // fixed in the database: used
    CHECK(lists.get(*dbHost(11, "{ \"pcp-servers\": [ [ \"192.0.2.3\" ] ] }")));
}

int
main() {
    // (the errors of run-time lists are logged: no lock file of Kea's)
    setenv("KEA_LOCKFILE_DIR", "none", 1);
    isc::log::initLogger("pcpsel-test", isc::log::WARN, 0, NULL, false);
    return (testutil::runAll());
}
