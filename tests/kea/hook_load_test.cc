// SPDX-License-Identifier: BSD-2-Clause
// hook_load_test.cc - the built libdhcp_pcpsel.so, loaded through Kea's
// HooksManager (as kea-dhcp4/kea-dhcp6 do) and driven with synthetic
// packets: parameters, daemon check, PRL/ORO gating, exact option bytes,
// RFC 3396 instances, srv_configured scopes and refusal, multi-threading.
//
// Needs no root and no running Kea.  PCPSEL_HOOK_SO is the module's path.

#include <cc/data.h>
#include <dhcp/dhcp4.h>
#include <dhcp/dhcp6.h>
#include <dhcp/hwaddr.h>
#include <dhcp/option.h>
#include <dhcp/option_int.h>
#include <dhcp/option_int_array.h>
#include <dhcp/pkt4.h>
#include <dhcp/pkt6.h>
#include <dhcpsrv/cfg_hosts.h>
#include <dhcpsrv/cfg_shared_networks.h>
#include <dhcpsrv/cfg_subnets4.h>
#include <dhcpsrv/cfg_subnets6.h>
#include <dhcpsrv/cfgmgr.h>
#include <dhcpsrv/client_class_def.h>
#include <dhcpsrv/host.h>
#include <dhcpsrv/shared_network.h>
#include <dhcpsrv/srv_config.h>
#include <dhcpsrv/subnet.h>
#include <hooks/callout_handle.h>
#include <hooks/hooks_manager.h>
#include <log/logger_support.h>
#include <process/daemon.h>
#include <util/buffer.h>
#include <util/multi_threading_mgr.h>

#include "kea_compat.h"
#include "testutil.h"

#include <cstdlib>
#include <string>
#include <vector>

using namespace isc::data;
using namespace isc::dhcp;
using namespace isc::hooks;
using isc::asiolink::IOAddress;

namespace {

const char* hook_so = PCPSEL_HOOK_SO;

/// @brief Load the module into a pretend @c daemon with @c params.
bool
loadHook(const std::string& daemon, const std::string& params) {
    HooksManager::prepareUnloadLibraries();
    HooksManager::unloadLibraries();
    isc::process::Daemon::setProcName(daemon);
    CfgMgr::instance().setFamily(daemon == "kea-dhcp6" ? AF_INET6 : AF_INET);
    HookLibsCollection libs;
    // a std::pair before Kea 3.0, a struct since: both construct so
    libs.push_back(HookLibInfo(std::string(hook_so),
                               Element::fromJSON(params)));
    return (HooksManager::loadLibraries(libs));
}

/// @brief A DISCOVER from 02:00:00:00:00:01 with PRL @c prl.
Pkt4Ptr
discover(const std::vector<uint8_t>& prl, uint8_t last = 1) {
    Pkt4Ptr q(new Pkt4(DHCPDISCOVER, 1234));
    std::vector<uint8_t> mac{2, 0, 0, 0, 0, last};
    q->setHWAddr(HWAddrPtr(new HWAddr(mac, HTYPE_ETHER)));
    if (!prl.empty()) {
        OptionPtr o(new OptionUint8Array(Option::V4,
                                         DHO_DHCP_PARAMETER_REQUEST_LIST,
                                         prl.begin(), prl.end()));
        q->addOption(o);
    }
    return (q);
}

/// @brief A reply of @c type to @c q, offering @c yiaddr.
Pkt4Ptr
reply4(const Pkt4Ptr& q, uint8_t type, const char* yiaddr = "0.0.0.0") {
    Pkt4Ptr r(new Pkt4(type, q->getTransid()));
    r->setHWAddr(q->getHWAddr());
    r->setYiaddr(IOAddress(yiaddr));
    return (r);
}

/// @brief Run the pkt4_send callouts as Kea does: Kea 2.5.6 and later
/// also pass the subnet they selected (@c subnet, null: none); before,
/// the hook finds it itself.  (callCallouts() resets the status first, so
/// DROP/SKIP set by an earlier library cannot be simulated here.)
void
send4(const Pkt4Ptr& q, const Pkt4Ptr& r,
      const Subnet4Ptr& subnet = Subnet4Ptr()) {
    CalloutHandlePtr h = HooksManager::createCalloutHandle();
    h->setArgument("query4", q);
    h->setArgument("response4", r);
#if PCPSEL_KEA_HOOKS_VERSION >= 20506
    h->setArgument("subnet4", isc::pcpsel::compat::SentSubnet4Ptr(subnet));
#else
    (void)subnet;
#endif
    HooksManager::callCallouts(HooksManager::registerHook("pkt4_send"), *h);
}

/// @brief The data of every option-158 (or 86) instance as it goes on the
/// wire (one DHCPv6 object packs the instance of every server), as hex.
template <typename PktPtr>
std::vector<std::string>
instances(const PktPtr& r, uint16_t code) {
    std::vector<std::string> out;
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
            out.push_back(testutil::hex(std::vector<uint8_t>(
                d + i + hdr, d + i + hdr + len)));
            i += hdr + len;
        }
    }
    return (out);
}

/// @brief Join strings with spaces, for CHECK_EQ messages.
std::string
join(const std::vector<std::string>& v) {
    std::string s;
    for (auto const& x : v) {
        s += (s.empty() ? "" : " ") + x;
    }
    return (s);
}

/// @brief Run the dhcpX_srv_configured callouts with @c cfg and the daemon
/// map @c json as Kea parsed it; returns the status and fills @c error.
CalloutHandle::CalloutNextStep
configured(const std::string& hook, const SrvConfigPtr& cfg,
           const std::string& json, std::string* error) {
    CalloutHandlePtr h = HooksManager::createCalloutHandle();
    h->setArgument("server_config", cfg);
    h->setArgument("json_config", ConstElementPtr(Element::fromJSON(json)));
    HooksManager::callCallouts(HooksManager::registerHook(hook), *h);
    try {
        h->getArgument("error", *error);
    } catch (const std::exception&) {
        error->clear();
    }
    return (h->getStatus());
}

const char* two_servers =
    "{ \"pcp-servers\": [ [ \"192.0.2.1\", \"192.0.2.2\" ],"
    " [ \"198.51.100.1\" ] ] }";

// RFC 7291 §4.1: List-Length 8, two addresses; List-Length 4, one address
const char* two_servers_hex = "08c0000201c000020204c6336401";

} // namespace

TEST(load_v4_valid_parameters) {
    CHECK(loadHook("kea-dhcp4", two_servers));
}

TEST(load_refuses_wrong_daemon) {
    CHECK(!loadHook("kea-dhcp-ddns", two_servers));
    CHECK(!loadHook("kea-ctrl-agent", "{}"));
}

TEST(load_refuses_bad_parameters) {
    // every row must make load() return 1
    const char* bad[] = {
        "{ \"pcp-servers\": [ [ \"192.0.2.300\" ] ] }",      // not an address
        "{ \"pcp-servers\": [ [ \"2001:db8::1\" ] ] }",      // v6 in kea-dhcp4
        "{ \"pcp-servers\": [ [ ] ] }",                      // empty server
        "{ \"pcp-servers\": [ \"192.0.2.1\" ] }",            // not a list
        "{ \"pcp-servers\": \"192.0.2.1\" }",                // wrong type
        "{ \"pcp-servers\": [ [ \"127.0.0.1\" ] ] }",        // R7291-8
        "{ \"pcp-servers\": [ [ \"192.0.2.1\" ], [ \"192.0.2.1\" ] ] }",
        "{ \"always-send\": \"yes\" }",                      // not a boolean
        "{ \"pcp-server\": [ [ \"192.0.2.1\" ] ] }",          // unknown key
    };
    for (auto p : bad) {
        bool ok = loadHook("kea-dhcp4", p);
        if (ok) {
            testutil::fail(__FILE__, __LINE__, std::string("accepted ") + p);
        }
    }
}

TEST(load_refuses_64_addresses_in_one_v4_server) {
    // RFC 7291 §4.1: List-Length is one octet, at most 63 addresses
    std::string p = "{ \"pcp-servers\": [ [";
    for (int i = 1; i <= 64; ++i) {
        p += (i > 1 ? ", " : " ") + std::string("\"192.0.2.") +
            std::to_string(i) + "\"";
    }
    p += " ] ] }";
    CHECK(!loadHook("kea-dhcp4", p));
    CHECK(loadHook("kea-dhcp6", p));     // no such limit in DHCPv6
}

TEST(offer_gets_option_when_requested) {
    CHECK(loadHook("kea-dhcp4", two_servers));
    Pkt4Ptr q = discover({1, 3, 6, 158});
    Pkt4Ptr r = reply4(q, DHCPOFFER, "192.0.2.100");
    send4(q, r);
    CHECK_EQ(join(instances(r, 158)), std::string(two_servers_hex));
}

TEST(ack_and_ack_to_inform_get_option) {
    CHECK(loadHook("kea-dhcp4", two_servers));
    Pkt4Ptr q = discover({158});
    q->setType(DHCPINFORM);
    Pkt4Ptr r = reply4(q, DHCPACK);
    send4(q, r);
    CHECK_EQ(join(instances(r, 158)), std::string(two_servers_hex));
}

TEST(no_option_when_not_requested) {
    CHECK(loadHook("kea-dhcp4", two_servers));
    Pkt4Ptr q = discover({1, 3, 6});
    Pkt4Ptr r = reply4(q, DHCPOFFER, "192.0.2.100");
    send4(q, r);
    CHECK(instances(r, 158).empty());
    q = discover({});
    r = reply4(q, DHCPOFFER, "192.0.2.100");
    send4(q, r);
    CHECK(instances(r, 158).empty());
}

TEST(always_send_without_request) {
    CHECK(loadHook("kea-dhcp4", "{ \"always-send\": true, \"pcp-servers\":"
                   " [ [ \"192.0.2.1\" ] ] }"));
    Pkt4Ptr q = discover({});
    Pkt4Ptr r = reply4(q, DHCPOFFER, "192.0.2.100");
    send4(q, r);
    CHECK_EQ(join(instances(r, 158)), std::string("04c0000201"));
}

TEST(nak_gets_nothing) {
    CHECK(loadHook("kea-dhcp4", "{ \"always-send\": true, \"pcp-servers\":"
                   " [ [ \"192.0.2.1\" ] ] }"));
    Pkt4Ptr q = discover({158});
    Pkt4Ptr r = reply4(q, DHCPNAK);
    send4(q, r);
    CHECK(instances(r, 158).empty());
}

TEST(existing_option_left_alone) {
    CHECK(loadHook("kea-dhcp4", two_servers));
    Pkt4Ptr q = discover({158});
    Pkt4Ptr r = reply4(q, DHCPOFFER, "192.0.2.100");
    r->addOption(OptionPtr(new Option(Option::V4, 158,
                                      OptionBuffer{4, 192, 0, 2, 9})));
    send4(q, r);
    CHECK_EQ(join(instances(r, 158)), std::string("04c0000209"));
}

TEST(empty_global_list_sends_nothing) {
    CHECK(loadHook("kea-dhcp4", "{ \"always-send\": true, "
                   "\"pcp-servers\": [] }"));
    Pkt4Ptr q = discover({158});
    Pkt4Ptr r = reply4(q, DHCPOFFER, "192.0.2.100");
    send4(q, r);
    CHECK(instances(r, 158).empty());
}

/// @brief Parameters with servers of the given sizes, addresses numbered
/// from 192.0.2.1 on, then 198.51.100.1, then 203.0.113.1.
static std::string
sizedServers(const std::vector<int>& sizes) {
    static const char* nets[] = { "192.0.2.", "198.51.100.", "203.0.113." };
    int k = 0;
    std::string p = "{ \"pcp-servers\": [";
    for (size_t s = 0; s < sizes.size(); ++s) {
        p += s ? ", [" : " [";
        for (int i = 0; i < sizes[s]; ++i, ++k) {
            p += i ? ", \"" : " \"";
            p += nets[k / 200] + std::to_string(k % 200 + 1) + "\"";
        }
        p += " ]";
    }
    return (p + " ] }");
}

/// @brief Pack @c r and return the data of each option-158 on the wire.
static std::vector<std::vector<uint8_t> >
onWire(const Pkt4Ptr& r) {
    r->pack();
    const uint8_t* d = static_cast<const uint8_t*>(r->getBuffer().getData());
    size_t len = r->getBuffer().getLength();
    std::vector<std::vector<uint8_t> > out;
    for (size_t i = 240; i + 1 < len && d[i] != 255;) {
        if (d[i] == 0) {
            ++i;
            continue;
        }
        if (d[i] == 158) {
            out.push_back(std::vector<uint8_t>(d + i + 2, d + i + 2 + d[i + 1]));
        }
        i += 2 + d[i + 1];
    }
    return (out);
}

/// @brief Every instance is valid alone: List-Lengths fill it exactly.
static bool
wellFormed(const std::vector<uint8_t>& inst) {
    size_t i = 0;
    while (i < inst.size()) {
        size_t ll = inst[i];
        if (ll == 0 || ll % 4 != 0 || i + 1 + ll > inst.size()) {
            return (false);
        }
        i += 1 + ll;
    }
    return (!inst.empty());
}

TEST(v4_over_255_bytes_split_between_servers_on_the_wire) {
    // 5 servers of 15 addresses: 5 x 61 = 305 bytes (RFC 3396)
    CHECK(loadHook("kea-dhcp4", sizedServers({15, 15, 15, 15, 15})));
    Pkt4Ptr q = discover({158});
    // RFC 2132 §9.10: it takes 1500-byte messages (576 without)
    q->addOption(OptionPtr(new OptionUint16(Option::V4,
                                            DHO_DHCP_MAX_MESSAGE_SIZE, 1500)));
    Pkt4Ptr r = reply4(q, DHCPOFFER, "192.0.2.100");
    send4(q, r);
    std::vector<std::vector<uint8_t> > w = onWire(r);
    CHECK(w.size() >= 2);
    size_t total = 0;
    for (auto const& inst : w) {
        CHECK(inst.size() <= 253);
        CHECK(wellFormed(inst));
        total += inst.size();
    }
    CHECK_EQ(total, size_t(305));
    CHECK_EQ(w.size(), instances(r, 158).size());
}

TEST(v4_reply_to_a_576_byte_client_keeps_the_first_servers) {
    // the same list to a client that announced no larger size: the last
    // server (least preferred) is left out, the rest goes out whole
    CHECK(loadHook("kea-dhcp4", sizedServers({15, 15, 15, 15, 15})));
    Pkt4Ptr q = discover({158});
    Pkt4Ptr r = reply4(q, DHCPOFFER, "192.0.2.100");
    send4(q, r);
    std::vector<std::vector<uint8_t> > w = onWire(r);
    size_t total = 0;
    for (auto const& inst : w) {
        CHECK(wellFormed(inst));
        total += inst.size();
    }
    CHECK_EQ(total, size_t(4 * 61));
    CHECK(r->getBuffer().getLength() <= 576 - 28);
}

TEST(v4_servers_of_254_bytes_go_in_two_instances) {
    // 201 + 53 = 254 bytes: Kea 2.2 would cut an instance of 254 bytes at
    // 253, so the hook sends 201 and 53
    CHECK(loadHook("kea-dhcp4", sizedServers({50, 13})));
    Pkt4Ptr q = discover({158});
    Pkt4Ptr r = reply4(q, DHCPOFFER, "192.0.2.100");
    send4(q, r);
    std::vector<std::vector<uint8_t> > w = onWire(r);
    CHECK_EQ(w.size(), size_t(2));
    if (w.size() == 2) {
        CHECK_EQ(w[0].size(), size_t(201));
        CHECK_EQ(w[1].size(), size_t(53));
        CHECK(wellFormed(w[0]) && wellFormed(w[1]));
    }
}

TEST(v4_63_addresses_fit_one_instance) {
    CHECK(loadHook("kea-dhcp4", sizedServers({63})));
    Pkt4Ptr q = discover({158});
    Pkt4Ptr r = reply4(q, DHCPOFFER, "192.0.2.100");
    send4(q, r);
    std::vector<std::vector<uint8_t> > w = onWire(r);
    CHECK_EQ(w.size(), size_t(1));
    CHECK(!w.empty() && w[0].size() == 253 && w[0][0] == 252);
}

/// @brief A SOLICIT (or @c type) with ORO @c oro.
static Pkt6Ptr
solicit(const std::vector<uint16_t>& oro, uint8_t type = DHCPV6_SOLICIT) {
    Pkt6Ptr q(new Pkt6(type, 77));
    q->addOption(OptionPtr(new Option(Option::V6, D6O_CLIENTID,
                                      OptionBuffer{0, 3, 0, 1, 2, 0, 0, 0,
                                                   0, 1})));
    if (!oro.empty()) {
        OptionUint16ArrayPtr o(new OptionUint16Array(Option::V6, D6O_ORO));
        for (uint16_t code : oro) {
            o->addValue(code);
        }
        q->addOption(o);
    }
    return (q);
}

static void
send6(const Pkt6Ptr& q, const Pkt6Ptr& r,
      const Subnet6Ptr& subnet = Subnet6Ptr()) {
    CalloutHandlePtr h = HooksManager::createCalloutHandle();
    h->setArgument("query6", q);
    h->setArgument("response6", r);
#if PCPSEL_KEA_HOOKS_VERSION >= 20506
    h->setArgument("subnet6", isc::pcpsel::compat::SentSubnet6Ptr(subnet));
#else
    (void)subnet;
#endif
    HooksManager::callCallouts(HooksManager::registerHook("pkt6_send"), *h);
}

const char* three_v6 =
    "{ \"pcp-servers\": [ [ \"2001:db8::1\" ],"
    " [ \"2001:db8::2\", \"2001:db8::3\" ], [ \"192.0.2.1\" ] ] }";

TEST(v6_three_servers_three_instances) {
    CHECK(loadHook("kea-dhcp6", three_v6));
    for (uint8_t t : { DHCPV6_SOLICIT, DHCPV6_REQUEST,
                       DHCPV6_INFORMATION_REQUEST }) {
        Pkt6Ptr q = solicit({23, 86}, t);
        Pkt6Ptr r(new Pkt6(t == DHCPV6_SOLICIT ? DHCPV6_ADVERTISE :
                           DHCPV6_REPLY, 77));
        send6(q, r);
        // R7291-4: one instance per server; R7291-3: IPv4-mapped
        CHECK_EQ(join(instances(r, 86)),
                 std::string("20010db8000000000000000000000001 "
                             "20010db8000000000000000000000002"
                             "20010db8000000000000000000000003 "
                             "00000000000000000000ffffc0000201"));
    }
}

TEST(v6_no_option_without_oro_86) {
    CHECK(loadHook("kea-dhcp6", three_v6));
    Pkt6Ptr q = solicit({23});
    Pkt6Ptr r(new Pkt6(DHCPV6_ADVERTISE, 77));
    send6(q, r);
    CHECK(instances(r, 86).empty());
}

TEST(v4_callout_ignores_v6_config_and_back) {
    CHECK(loadHook("kea-dhcp6", three_v6));
    Pkt4Ptr q = discover({158});
    Pkt4Ptr r = reply4(q, DHCPOFFER, "192.0.2.100");
    send4(q, r);
    CHECK(instances(r, 158).empty());
}

/// @brief A v4 server configuration as Kea parses it: subnet 1
/// 192.0.2.0/24 with list 192.0.2.33 (or @c subnet_ctx), subnet 2
/// 198.51.100.0/24 in shared network "net" (list 198.51.100.9), subnet 3
/// 203.0.113.0/24 without list, class "gold" (192.0.2.77), reservation
/// 02:00:00:00:00:99 in subnet 1 (192.0.2.44); and Kea's subnets.
struct Scopes4 {
    explicit Scopes4(const std::string& subnet_ctx =
                     "{ \"pcp-servers\": [ [ \"192.0.2.33\" ] ] }")
        : cfg_(new SrvConfig()) {
        const char* nets[] = { "192.0.2.0", "198.51.100.0", "203.0.113.0" };
        for (int i = 0; i < 3; ++i) {
            subnets_[i].reset(new Subnet4(IOAddress(nets[i]), 24, 100, 200,
                                          300, i + 1));
            cfg_->getCfgSubnets4()->add(subnets_[i]);
        }
        json_ =
            "{ \"shared-networks\": [ { \"name\": \"net\", \"user-context\":"
            "  { \"pcp-servers\": [ [ \"198.51.100.9\" ] ] }, \"subnet4\": [ {"
            "  \"id\": 2, \"subnet\": \"198.51.100.0/24\" } ] } ],"
            "  \"subnet4\": [ { \"id\": 1, \"subnet\": \"192.0.2.0/24\","
            "    \"user-context\": " + subnet_ctx + ","
            "    \"reservations\": [ { \"hw-address\": \"02:00:00:00:00:99\","
            "      \"hostname\": \"gold-host\", \"user-context\":"
            "      { \"pcp-servers\": [ [ \"192.0.2.44\" ] ] } } ] },"
            "    { \"id\": 3, \"subnet\": \"203.0.113.0/24\" } ],"
            "  \"client-classes\": [ { \"name\": \"gold\", \"user-context\":"
            "    { \"pcp-servers\": [ [ \"192.0.2.77\" ] ], \"other\": 1 } } ] }";
    }
    SrvConfigPtr cfg_;
    Subnet4Ptr subnets_[3];
    std::string json_;
};

TEST(scopes_precedence_v4) {
    CHECK(loadHook("kea-dhcp4", two_servers));
    Scopes4 sc;
    std::string err;
    CHECK_EQ(configured("dhcp4_srv_configured", sc.cfg_, sc.json_, &err),
             CalloutHandle::NEXT_STEP_CONTINUE);
    CHECK_EQ(err, std::string());
    struct {
        const char* yiaddr;
        int subnet;             // the subnet Kea selects (0: none)
        uint8_t mac;
        const char* cls;
        const char* want;
    } rows[] = {
        { "192.0.2.100", 1, 1, nullptr, "04c0000221" },    // subnet 1
        { "198.51.100.100", 2, 1, nullptr, "04c6336409" }, // shared network
        { "203.0.113.100", 3, 1, nullptr, two_servers_hex }, // global
        { "10.0.0.1", 0, 1, nullptr, two_servers_hex },    // no subnet
        { "203.0.113.100", 3, 1, "gold", "04c000024d" },   // class > global
        { "192.0.2.100", 1, 1, "gold", "04c000024d" },     // class > subnet
        { "192.0.2.100", 1, 0x99, "gold", "04c000022c" },  // reservation
        { "203.0.113.100", 3, 0x99, nullptr, two_servers_hex }, // elsewhere
    };
    for (auto const& row : rows) {
        Pkt4Ptr q = discover({158}, row.mac);
        if (row.cls) {
            q->addClass(row.cls);
        }
        Pkt4Ptr r = reply4(q, DHCPOFFER, row.yiaddr);
        send4(q, r, row.subnet ? sc.subnets_[row.subnet - 1] : Subnet4Ptr());
        std::string got = join(instances(r, 158));
        if (got != row.want) {
            testutil::fail(__FILE__, __LINE__, std::string(row.yiaddr) +
                           ": got " + got + ", want " + row.want);
        }
    }
}

TEST(scope_empty_list_sends_nothing) {
    CHECK(loadHook("kea-dhcp4", two_servers));
    Scopes4 sc("{ \"pcp-servers\": [] }");
    std::string err;
    CHECK_EQ(configured("dhcp4_srv_configured", sc.cfg_, sc.json_, &err),
             CalloutHandle::NEXT_STEP_CONTINUE);
    Pkt4Ptr q = discover({158});
    Pkt4Ptr r = reply4(q, DHCPOFFER, "192.0.2.100");
    send4(q, r, sc.subnets_[0]);
    CHECK(instances(r, 158).empty());
}

TEST(scope_bad_value_refuses_configuration) {
    CHECK(loadHook("kea-dhcp4", two_servers));
    Scopes4 sc("{ \"pcp-servers\": [ [ \"192.0.2.300\" ] ] }");
    std::string err;
    CHECK_EQ(configured("dhcp4_srv_configured", sc.cfg_, sc.json_, &err),
             CalloutHandle::NEXT_STEP_DROP);
    // the message names the scope and the value
    CHECK_EQ(err, std::string("pcp-servers in subnet 192.0.2.0/24 (id 1), "
                              "server 1, address 1: \"192.0.2.300\" is not "
                              "an IPv4 address"));
    // and the hook sends nothing until a good configuration comes
    Pkt4Ptr q = discover({158});
    Pkt4Ptr r = reply4(q, DHCPOFFER, "203.0.113.100");
    send4(q, r, sc.subnets_[2]);
    CHECK(instances(r, 158).empty());
}

TEST(scopes_v6_subnet_by_iaaddr_and_interface) {
    CHECK(loadHook("kea-dhcp6", three_v6));
    SrvConfigPtr cfg(new SrvConfig());
    Subnet6Ptr s1(new Subnet6(IOAddress("2001:db8:1::"), 64, 100, 200, 300,
                              400, 1));
    s1->setIface("eth7");
    cfg->getCfgSubnets6()->add(s1);
    std::string err;
    CHECK_EQ(configured("dhcp6_srv_configured", cfg,
                        "{ \"subnet6\": [ { \"id\": 1, \"subnet\": "
                        "\"2001:db8:1::/64\", \"interface\": \"eth7\", "
                        "\"user-context\": { \"pcp-servers\": [ [ "
                        "\"2001:db8:1::9\", \"192.0.2.9\" ] ] } } ] }", &err),
             CalloutHandle::NEXT_STEP_CONTINUE);
    // Information-request on eth7: the subnet of the interface (Kea 2.6
    // and later select it themselves)
    Pkt6Ptr q = solicit({86}, DHCPV6_INFORMATION_REQUEST);
    q->setIface("eth7");
    Pkt6Ptr r(new Pkt6(DHCPV6_REPLY, 77));
    send6(q, r, s1);
    CHECK_EQ(join(instances(r, 86)),
             std::string("20010db8000100000000000000000009"
                         "00000000000000000000ffffc0000209"));
    // elsewhere: global
    q->setIface("eth8");
    r.reset(new Pkt6(DHCPV6_REPLY, 77));
    send6(q, r);
    CHECK_EQ(instances(r, 86).size(), size_t(3));
}

TEST(configuration_without_json_config_is_refused) {
    CHECK(loadHook("kea-dhcp4", two_servers));
    CalloutHandlePtr h = HooksManager::createCalloutHandle();
    h->setArgument("server_config", SrvConfigPtr(new SrvConfig()));
    HooksManager::callCallouts(
        HooksManager::registerHook("dhcp4_srv_configured"), *h);
    CHECK_EQ(h->getStatus(), CalloutHandle::NEXT_STEP_DROP);
}

/// @brief Run the command_processed callouts as Kea does after command
/// @c name.
void
commandProcessed(const std::string& name) {
    CalloutHandlePtr h = HooksManager::createCalloutHandle();
    h->setArgument("name", name);
    h->setArgument("arguments", ConstElementPtr());
    h->setArgument("response", ConstElementPtr(Element::fromJSON(
        "{ \"result\": 0 }")));
    HooksManager::callCallouts(
        HooksManager::registerHook("command_processed"), *h);
}

TEST(commands_make_the_hook_follow_keas_objects) {
    CHECK(loadHook("kea-dhcp4", two_servers));
    Scopes4 sc;
    std::string err;
    CHECK_EQ(configured("dhcp4_srv_configured", sc.cfg_, sc.json_, &err),
             CalloutHandle::NEXT_STEP_CONTINUE);
    // a reservation host_cmds put into Kea's memory
    CfgHostsPtr hosts = CfgMgr::instance().getCurrentCfg()->getCfgHosts();
    HostPtr h(new Host("02:00:00:00:00:55", "hw-address", SubnetID(1),
                       SUBNET_ID_UNUSED, IOAddress("0.0.0.0"), "h55"));
    h->setContext(Element::fromJSON("{ \"pcp-servers\": "
                                    "[ [ \"203.0.113.6\" ] ] }"));
    hosts->add(h);
    Pkt4Ptr known = discover({158}, 0x55);
    known->addClass("KNOWN");
    // subnet 1 as subnet4-update leaves it: a new object, a new list
    Subnet4Ptr updated(new Subnet4(IOAddress("192.0.2.0"), 24, 100, 200,
                                   300, 1));
    updated->setContext(Element::fromJSON("{ \"pcp-servers\": "
                                          "[ [ \"203.0.113.5\" ] ] }"));
    auto sent = [&](const Pkt4Ptr& q) {
        Pkt4Ptr r = reply4(q, DHCPOFFER, "192.0.2.100");
        send4(q, r, updated);
        return (join(instances(r, 158)));
    };
    // before any command: the index (subnet 1's indexed list)
    CHECK_EQ(sent(discover({158})), std::string("04c0000221"));
    CHECK_EQ(sent(known), std::string("04c0000221"));
    // queries change nothing
    commandProcessed("subnet4-list");
    commandProcessed("reservation-get-all");
    CHECK_EQ(sent(discover({158})), std::string("04c0000221"));
    CHECK_EQ(sent(known), std::string("04c0000221"));
    commandProcessed("reservation-add");
    CHECK_EQ(sent(known), std::string("04cb007106"));
#if PCPSEL_KEA_HOOKS_VERSION >= 20506
    CHECK_EQ(sent(discover({158})), std::string("04c0000221"));
    commandProcessed("subnet4-update");
    CHECK_EQ(sent(discover({158})), std::string("04cb007105"));
#endif
    // a configuration applied again: the index alone
    CHECK_EQ(configured("dhcp4_srv_configured", sc.cfg_, sc.json_, &err),
             CalloutHandle::NEXT_STEP_CONTINUE);
    CHECK_EQ(sent(known), std::string("04c0000221"));
    CfgMgr::instance().clear();
}

TEST(multi_threading_gives_each_reply_its_own_copy) {
    CHECK(loadHook("kea-dhcp4", two_servers));
    isc::util::MultiThreadingMgr::instance().setMode(true);
    Pkt4Ptr q = discover({158});
    Pkt4Ptr r1 = reply4(q, DHCPOFFER, "192.0.2.100");
    Pkt4Ptr r2 = reply4(q, DHCPOFFER, "192.0.2.101");
    send4(q, r1);
    send4(q, r2);
    isc::util::MultiThreadingMgr::instance().setMode(false);
    CHECK_EQ(join(instances(r1, 158)), std::string(two_servers_hex));
    CHECK_EQ(join(instances(r2, 158)), std::string(two_servers_hex));
    CHECK(r1->options_.find(158)->second != r2->options_.find(158)->second);
}

int
main() {
    setenv("KEA_LOCKFILE_DIR", "none", 1);
    isc::log::initLogger("pcpsel-test", isc::log::WARN, 0, NULL, false);
    HooksManager::registerHook("pkt4_send");
    HooksManager::registerHook("pkt6_send");
    HooksManager::registerHook("dhcp4_srv_configured");
    HooksManager::registerHook("dhcp6_srv_configured");
    HooksManager::registerHook("command_processed");
    int rc = testutil::runAll();
    HooksManager::prepareUnloadLibraries();
    HooksManager::unloadLibraries();
    return (rc);
}
