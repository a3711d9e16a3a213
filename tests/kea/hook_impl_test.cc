// hook_impl_test.cc - PcpselImpl (the hook's logic) driven directly, linked
// with the hook's objects and without the hooks framework: parameters,
// scopes, precedence, PRL/ORO gating, exact instance bytes.

#include <cc/data.h>
#include <dhcp/dhcp4.h>
#include <dhcp/dhcp6.h>
#include <dhcp/hwaddr.h>
#include <dhcp/option_int_array.h>
#include <dhcp/pkt4.h>
#include <dhcp/pkt6.h>
#include <dhcpsrv/cfg_hosts.h>
#include <dhcpsrv/cfg_subnets4.h>
#include <dhcpsrv/cfg_subnets6.h>
#include <dhcpsrv/client_class_def.h>
#include <dhcpsrv/host.h>
#include <dhcpsrv/srv_config.h>
#include <dhcpsrv/subnet.h>
#include <log/logger_support.h>

#include "pcpsel_impl.h"
#include "testutil.h"

using namespace isc::data;
using namespace isc::dhcp;
using namespace isc::pcpsel;
using isc::asiolink::IOAddress;

namespace {

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

std::string
data(const PktPtr& r, uint16_t code) {
    std::string s;
    for (auto const& o : r->options_) {
        if (o.first == code) {
            s += (s.empty() ? "" : " ") + testutil::hex(o.second->getData());
        }
    }
    return (s);
}

} // namespace

TEST(impl_parameters_global_list) {
    PcpselImpl impl(4);
    impl.configure(Element::fromJSON(
        "{ \"pcp-servers\": [ [ \"192.0.2.1\" ], [ \"192.0.2.2\" ] ] }"));
    CHECK(!impl.getAlwaysSend());
    CHECK(impl.getGlobal());
    Pkt4Ptr q = query4({158});
    Pkt4Ptr r(new Pkt4(DHCPACK, 1));
    CHECK_EQ(impl.process4(q, r), size_t(1));
    CHECK_EQ(data(r, 158), std::string("04c000020104c0000202"));
}

TEST(impl_no_parameters_sends_nothing) {
    PcpselImpl impl(4);
    impl.configure(ConstElementPtr());
    CHECK(!impl.getGlobal());
    Pkt4Ptr r(new Pkt4(DHCPACK, 1));
    CHECK_EQ(impl.process4(query4({158}), r), size_t(0));
}

TEST(impl_bad_parameter_throws_with_message) {
    PcpselImpl impl(6);
    try {
        impl.configure(Element::fromJSON(
            "{ \"pcp-servers\": [ [ \"ff02::1\" ] ] }"));
        CHECK(false);
    } catch (const ConfigError& ex) {
        // R7291-15: multicast is not a PCP server address
        CHECK(std::string(ex.what()).find("\"ff02::1\"") !=
              std::string::npos);
    }
}

TEST(impl_prl_gating_and_message_types) {
    PcpselImpl impl(4);
    impl.configure(Element::fromJSON(
        "{ \"pcp-servers\": [ [ \"192.0.2.1\" ] ] }"));
    struct {
        uint8_t type;
        std::vector<uint8_t> prl;
        size_t want;
    } rows[] = {
        { DHCPOFFER, {1, 158}, 1 },
        { DHCPACK, {158}, 1 },
        { DHCPNAK, {158}, 0 },      // never in NAK
        { DHCPOFFER, {1, 3}, 0 },   // not requested
        { DHCPOFFER, {}, 0 },
    };
    for (auto const& row : rows) {
        Pkt4Ptr r(new Pkt4(row.type, 1));
        CHECK_EQ(impl.process4(query4(row.prl), r), row.want);
    }
}

TEST(impl_scopes_host_by_client_id_and_class_order) {
    PcpselImpl base(4);
    base.configure(Element::fromJSON(
        "{ \"pcp-servers\": [ [ \"192.0.2.1\" ] ] }"));
    PcpselImpl impl(base);
    SrvConfig cfg;
    Subnet4Ptr s(new Subnet4(IOAddress("192.0.2.0"), 25, 1, 2, 3, 7));
    cfg.getCfgSubnets4()->add(s);
    // two classes: the first in configuration order wins
    ClientClassDefPtr a(new ClientClassDef("a", ExpressionPtr()));
    a->setContext(Element::fromJSON("{ \"pcp-servers\": [ [ \"192.0.2.10\" ] ] }"));
    ClientClassDefPtr b(new ClientClassDef("b", ExpressionPtr()));
    b->setContext(Element::fromJSON("{ \"pcp-servers\": [ [ \"192.0.2.11\" ] ] }"));
    cfg.getClientClassDictionary()->addClass(a);
    cfg.getClientClassDictionary()->addClass(b);
    // a reservation by client-id in subnet 7
    HostPtr h(new Host("01:02:00:00:00:00:05", "client-id", SubnetID(7),
                       SubnetID(0), IOAddress("0.0.0.0"), "h"));
    h->setContext(Element::fromJSON("{ \"pcp-servers\": [ [ \"192.0.2.12\" ] ] }"));
    cfg.getCfgHosts()->add(h);
    impl.configureScopes(cfg);
    CHECK_EQ(impl.getCounts().classes_, size_t(2));
    CHECK_EQ(impl.getCounts().hosts_, size_t(1));

    Pkt4Ptr q = query4({158});
    q->addClass("b");
    q->addClass("a");
    Pkt4Ptr r(new Pkt4(DHCPOFFER, 1));
    r->setYiaddr(IOAddress("192.0.2.100"));
    impl.process4(q, r);
    CHECK_EQ(data(r, 158), std::string("04c000020a"));

    q->addOption(OptionPtr(new Option(Option::V4, DHO_DHCP_CLIENT_IDENTIFIER,
                                      OptionBuffer{1, 2, 0, 0, 0, 0, 5})));
    r.reset(new Pkt4(DHCPOFFER, 1));
    r->setYiaddr(IOAddress("192.0.2.100"));
    impl.process4(q, r);
    CHECK_EQ(data(r, 158), std::string("04c000020c"));

    // yiaddr outside subnet 7 (a /25): the reservation does not apply
    r.reset(new Pkt4(DHCPOFFER, 1));
    r->setYiaddr(IOAddress("192.0.2.200"));
    impl.process4(q, r);
    CHECK_EQ(data(r, 158), std::string("04c000020a"));
}

TEST(impl_v6_oro_and_existing_option) {
    PcpselImpl impl(6);
    impl.configure(Element::fromJSON(
        "{ \"pcp-servers\": [ [ \"2001:db8::1\" ], [ \"192.0.2.1\" ] ] }"));
    Pkt6Ptr q(new Pkt6(DHCPV6_SOLICIT, 1));
    OptionUint16ArrayPtr oro(new OptionUint16Array(Option::V6, D6O_ORO));
    oro->addValue(86);
    q->addOption(oro);
    Pkt6Ptr r(new Pkt6(DHCPV6_ADVERTISE, 1));
    CHECK_EQ(impl.process6(q, r), size_t(2));
    CHECK_EQ(data(r, 86), std::string("20010db8000000000000000000000001 "
                                      "00000000000000000000ffffc0000201"));
    // an operator's option-data wins
    r.reset(new Pkt6(DHCPV6_REPLY, 1));
    r->addOption(OptionPtr(new Option(Option::V6, 86, OptionBuffer(16, 1))));
    CHECK_EQ(impl.process6(q, r), size_t(0));
    CHECK_EQ(r->getOptions(86).size(), size_t(1));
}

int
main() {
    isc::log::initLogger("pcpsel-test", isc::log::WARN, 0, NULL, false);
    return (testutil::runAll());
}
