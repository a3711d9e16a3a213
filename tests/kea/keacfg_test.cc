// SPDX-License-Identifier: BSD-2-Clause
// keacfg_test.cc - keacfg, the Kea configuration side of the pcpsel hook
// that `pcpsel kea-check` shares: exact option bytes of valid values, the
// exact message of every kind of bad value, the size limits, every scope
// of a configuration under its name, the keys the hook ignores.  Values
// are given as Kea parses them (isc::data::Element), as the hook and
// kea-check hand them over.

#include <cc/data.h>
#include <dhcpsrv/host.h>

#include <pcpsel.h>

#include "config_check.h"
#include "server_list.h"
#include "size_limits.h"
#include "testutil.h"

#include <string>
#include <vector>

using namespace isc::data;
using namespace isc::pcpsel;

namespace {

/// @brief Keeps what a check reports.
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

const std::string SUBNET = "subnet 192.0.2.0/24 (id 1)";
const std::string IN_SUBNET = "pcp-servers in " + SUBNET;

ServerListPtr
servers(int family, const std::string& json, Collect& c) {
    return (parseServers(family, Element::fromJSON(json), SUBNET, c));
}

/// @brief The instances of a valid value, as hex joined by spaces.
std::string
valid(int family, const std::string& json) {
    Collect c;
    ServerListPtr l = servers(family, json, c);
    if (!l || !c.errors_.empty()) {
        testutil::fail(__FILE__, __LINE__, json + ": refused: " +
                       (c.errors_.empty() ? "" : c.errors_[0]));
        return ("");
    }
    std::string s;
    for (auto const& inst : l->getInstances()) {
        s += (s.empty() ? "" : " ") + testutil::hex(inst);
    }
    return (s);
}

/// @brief A server of @c n addresses from 192.0.2.1 (then 198.51.100.x).
std::string
v4Server(int n, int from = 1) {
    std::string s = "[";
    for (int i = 0; i < n; ++i) {
        int k = from + i;
        s += (i ? ", \"" : "\"") + std::string(k <= 254 ? "192.0.2." :
                                                "198.51.100.") +
            std::to_string(k <= 254 ? k : k - 254) + "\"";
    }
    return (s + "]");
}

} // namespace

TEST(keacfg_v4_two_servers_exact_bytes) {
    // RFC 7291 §4.1: List-Length 8, two addresses; 4, one
    CHECK_EQ(valid(4, "[ [ \"192.0.2.1\", \"192.0.2.2\" ], "
                   "[ \"198.51.100.1\" ] ]"),
             std::string("08c0000201c000020204c6336401"));
}

TEST(keacfg_v6_one_instance_per_server_v4_mapped) {
    // R7291-4: one instance per server; R7291-3/19: IPv4-mapped
    CHECK_EQ(valid(6, "[[\"2001:db8::1\"], [\"2001:db8::2\", \"2001:db8::3\"],"
                   " [\"192.0.2.1\"]]"),
             std::string("20010db8000000000000000000000001 "
                         "20010db800000000000000000000000220010db8"
                         "000000000000000000000003 "
                         "00000000000000000000ffffc0000201"));
}

TEST(keacfg_empty_list_is_no_server) {
    Collect c;
    ServerListPtr l = servers(4, "[]", c);
    CHECK(l && l->getCount() == 0 && l->getInstances().empty());
    CHECK_EQ(l ? l->getWireSize(0) : 99, size_t(0));
}

TEST(keacfg_v4_mapped_text_is_the_ipv4_address) {
    // decided: "::ffff:a.b.c.d" names the IPv4 address a.b.c.d, in
    // kea-dhcp4 lists as in kea-dhcp6 lists and `pcpsel encode`
    CHECK_EQ(valid(4, "[[\"::ffff:192.0.2.1\"]]"), std::string("04c0000201"));
}

TEST(keacfg_v4_63_addresses_one_instance_of_253) {
    CHECK_EQ(valid(4, "[" + v4Server(63) + "]").size(), size_t(253 * 2));
}

TEST(keacfg_v4_split_between_servers_and_wire_sizes) {
    // 4 servers of 30 addresses (121 bytes each): 2 per instance
    Collect c;
    ServerListPtr l = servers(4, "[" + v4Server(30, 1) + "," +
                              v4Server(30, 31) + "," + v4Server(30, 61) +
                              "," + v4Server(30, 91) + "]", c);
    CHECK(l);
    if (!l) {
        return;
    }
    CHECK_EQ(l->getInstances().size(), size_t(2));
    CHECK_EQ(l->getInstances()[0].size(), size_t(242));
    // wire: data + 2 per instance, server by server
    CHECK_EQ(l->getWireSize(0), size_t(0));
    CHECK_EQ(l->getWireSize(1), size_t(123));
    CHECK_EQ(l->getWireSize(2), size_t(244));
    CHECK_EQ(l->getWireSize(3), size_t(367));
    CHECK_EQ(l->getWireSize(4), size_t(488));
    CHECK_EQ(l->fitting(487), size_t(3));
    CHECK_EQ(l->fitting(122), size_t(0));
    CHECK_EQ(l->fitting(100000), size_t(4));
    // every prefix of the list, encoded anew, has exactly that size
    for (size_t k = 0; k <= 4; ++k) {
        size_t w = 0;
        for (auto const& inst : l->encodeFirst(k)) {
            w += 2 + inst.size();
        }
        CHECK_EQ(w, l->getWireSize(k));
    }
}

TEST(keacfg_v6_wire_sizes) {
    Collect c;
    ServerListPtr l = servers(6, "[[\"2001:db8::1\"], [\"2001:db8::2\", "
                              "\"2001:db8::3\"]]", c);
    CHECK(l && l->getWireSize(1) == 20 && l->getWireSize(2) == 56);
    CHECK(l && l->encodeFirst(1).size() == 1);
}

/// @brief Bad values: family, JSON, the exact message.
struct BadValue {
    int family;
    std::string json;
    std::string msg;
};

TEST(keacfg_bad_value_messages) {
    const std::vector<BadValue> rows = {
        // wrong types
        { 4, "\"192.0.2.1\"", IN_SUBNET + ": expected a list of servers "
          "(lists of addresses), got \"192.0.2.1\"" },
        { 4, "{\"a\": 1}", IN_SUBNET + ": expected a list of servers (lists "
          "of addresses), got a map" },
        { 6, "null", IN_SUBNET + ": expected a list of servers (lists of "
          "addresses), got null" },
        { 4, "[\"192.0.2.1\"]", IN_SUBNET + ", server 1: expected a list of "
          "addresses, got \"192.0.2.1\"" },
        { 4, "[[true]]", IN_SUBNET + ", server 1, address 1: expected an "
          "address string, got true" },
        { 6, "[[\"2001:db8::1\", 12]]", IN_SUBNET + ", server 1, address 2: "
          "expected an address string, got 12" },
        // R7291-2: a server has one or more addresses
        { 4, "[[\"192.0.2.1\"], []]", IN_SUBNET + ", server 2: [] is empty; "
          "a server needs at least one address" },
        // not addresses
        { 4, "[[\"192.0.2.1\"], [\"192.0.2.300\"]]", IN_SUBNET + ", server 2,"
          " address 1: \"192.0.2.300\" is not an IPv4 address" },
        { 4, "[[\" 192.0.2.1\"]]", IN_SUBNET + ", server 1, address 1: "
          "\" 192.0.2.1\" is not an IPv4 address" },
        { 4, "[[\"192.0.2.1/32\"]]", IN_SUBNET + ", server 1, address 1: "
          "\"192.0.2.1/32\" is not an IPv4 address" },
        { 4, "[[\"192.0.2.1\\u0000\"]]", IN_SUBNET + ", server 1, address 1:"
          " \"192.0.2.1\\u0000\" is not an IPv4 address" },
        { 6, "[[\"2001:db8::g\"]]", IN_SUBNET + ", server 1, address 1: "
          "\"2001:db8::g\" is not an IPv6 or IPv4 address" },
        { 6, "[[\"fe80::1%eth0\"]]", IN_SUBNET + ", server 1, address 1: "
          "\"fe80::1%eth0\" is not an IPv6 or IPv4 address" },
        // RFC 7291 §4.1: option 158 carries IPv4 only
        { 4, "[[\"2001:DB8::1\"]]", IN_SUBNET + ", server 1, address 1: "
          "\"2001:DB8::1\" is an IPv6 address; kea-dhcp4 sends only IPv4 "
          "addresses" },
        // R7291-8, R7291-15, P-DHCP4-3, P-DHCP6-4: unusable
        { 4, "[[\"127.0.0.1\"]]", IN_SUBNET + ", server 1, address 1: "
          "\"127.0.0.1\" is not usable as a PCP server address (loopback)" },
        { 4, "[[\"224.0.0.1\"]]", IN_SUBNET + ", server 1, address 1: "
          "\"224.0.0.1\" is not usable as a PCP server address (multicast)" },
        { 4, "[[\"0.0.0.0\"]]", IN_SUBNET + ", server 1, address 1: "
          "\"0.0.0.0\" is not usable as a PCP server address (0.0.0.0/8, "
          "this network)" },
        { 4, "[[\"255.255.255.255\"]]", IN_SUBNET + ", server 1, address 1: "
          "\"255.255.255.255\" is not usable as a PCP server address "
          "(broadcast)" },
        { 4, "[[\"240.0.0.1\"]]", IN_SUBNET + ", server 1, address 1: "
          "\"240.0.0.1\" is not usable as a PCP server address (reserved, "
          "240.0.0.0/4)" },
        { 6, "[[\"::1\"]]", IN_SUBNET + ", server 1, address 1: \"::1\" is "
          "not usable as a PCP server address (loopback)" },
        { 6, "[[\"ff02::1\"]]", IN_SUBNET + ", server 1, address 1: "
          "\"ff02::1\" is not usable as a PCP server address (multicast)" },
        { 6, "[[\"::\"]]", IN_SUBNET + ", server 1, address 1: \"::\" is not"
          " usable as a PCP server address (unspecified)" },
        { 6, "[[\"::ffff:127.0.0.1\"]]", IN_SUBNET + ", server 1, address 1: "
          "\"::ffff:127.0.0.1\" is not usable as a PCP server address "
          "(loopback)" },
        { 6, "[[\"::192.0.2.1\"]]", IN_SUBNET + ", server 1, address 1: "
          "\"::192.0.2.1\" is not usable as a PCP server address "
          "(IPv4-compatible, deprecated by RFC 4291)" },
        // R7291-17: each address once in the whole value
        { 4, "[[\"192.0.2.1\", \"192.0.2.2\"], [\"198.51.100.1\", "
          "\"192.0.2.2\"]]", IN_SUBNET + ", server 2, address 2: "
          "\"192.0.2.2\" is already given as server 1, address 2" },
        { 6, "[[\"192.0.2.1\"], [\"::ffff:192.0.2.1\"]]", IN_SUBNET +
          ", server 2, address 1: \"::ffff:192.0.2.1\" is already given as "
          "server 1, address 1" },
        // RFC 7291 §4.1: List-Length is one octet
        { 4, "[" + v4Server(64) + "]", IN_SUBNET + ", server 1: 64 "
          "addresses, more than the 63 a DHCPv4 option 158 list can hold" },
    };
    for (auto const& row : rows) {
        Collect c;
        ServerListPtr l = servers(row.family, row.json, c);
        CHECK(!l);
        if (c.errors_.size() != 1 || c.errors_[0] != row.msg) {
            testutil::fail(__FILE__, __LINE__, row.json + ": got " +
                           (c.errors_.empty() ? std::string("nothing") :
                            c.errors_[0]) + "\n    want " + row.msg);
        }
    }
}

TEST(keacfg_every_error_reported) {
    Collect c;
    CHECK(!servers(6, "[[1, \"x\", \"::1\"], []]", c));
    CHECK_EQ(c.errors_.size(), size_t(4));
}

TEST(keacfg_long_value_cut_in_message) {
    std::string v(1000, 'a');
    Collect c;
    CHECK(!servers(6, "[[\"" + v + "\"]]", c));
    CHECK(c.errors_.size() == 1 &&
          c.errors_[0].find("aaa...\" is not an IPv6 or IPv4 address") !=
          std::string::npos && c.errors_[0].size() < 200);
}

TEST(keacfg_size_limits_named_with_the_value) {
    // limits.h: V4 1168, V6 64499 bytes on the wire
    CHECK_EQ(limits::V4_LIST_MAX_WIRE, size_t(1168));
    CHECK_EQ(limits::V6_LIST_MAX_WIRE, size_t(64499));
    // 4 x 63 addresses: 4 x 255 = 1020 bytes: accepted
    std::string four = "[" + v4Server(63, 1) + "," + v4Server(63, 64) + "," +
        v4Server(63, 127) + "," + v4Server(63, 190) + "]";
    Collect ok;
    ServerListPtr l = servers(4, four, ok);
    CHECK(l && l->getWireSize(4) == 1020);
    // 5 x 63 (the 1265 bytes of option 158): refused
    std::string five = "[" + v4Server(63, 1) + "," + v4Server(63, 64) + "," +
        v4Server(63, 127) + "," + v4Server(63, 190) + "," +
        v4Server(63, 253) + "]";
    Collect c;
    CHECK(!servers(4, five, c));
    CHECK_EQ(c.errors_.size(), size_t(1));
    CHECK_EQ(c.errors_.empty() ? "" : c.errors_[0], IN_SUBNET +
             ": 5 servers (315 addresses) need at least 1260 bytes of option "
             "158 in a reply, more than the limit of 1168 (a DHCPv4 reply of "
             "at most 1500 bytes with 64 bytes kept for Kea's own options)");
    // 4000 one-address DHCPv6 servers: refused, exactly
    std::string v6 = "[";
    for (int i = 0; i < 4000; ++i) {
        v6 += std::string(i ? "," : "") + "[\"2001:db8::" +
            std::to_string(i / 1000 + 1) + ":" + std::to_string(i % 1000 + 1)
            + "\"]";
    }
    Collect c6;
    CHECK(!servers(6, v6 + "]", c6));
    CHECK_EQ(c6.errors_.empty() ? "" : c6.errors_[0], IN_SUBNET +
             ": 4000 servers (4000 addresses) need 80000 bytes of option 86 "
             "in a reply (option headers included), more than the limit of "
             "64499 (a DHCPv6 reply of at most 65527 bytes with 1024 bytes "
             "kept for Kea's own options)");
}

TEST(keacfg_params) {
    HookParams p;
    Collect c;
    CHECK(parseParams(4, ConstElementPtr(), p, c));
    CHECK(!p.servers_ && !p.always_send_ && p.host_db_lookup_);
    CHECK(parseParams(6, Element::fromJSON("{ \"always-send\": true }"), p,
                      c));
    CHECK(!p.servers_ && p.always_send_ && p.host_db_lookup_);
    CHECK(parseParams(4, Element::fromJSON("{ \"host-database-lookup\": "
                                           "false }"), p, c));
    CHECK(!p.servers_ && !p.always_send_ && !p.host_db_lookup_);
    CHECK(parseParams(6, Element::fromJSON("{ \"host-database-lookup\": "
                                           "true, \"pcp-servers\": [] }"),
                      p, c));
    CHECK(p.servers_ && p.host_db_lookup_);
    CHECK(parseParams(4, Element::fromJSON("{ \"pcp-servers\": [] }"), p, c));
    CHECK(p.servers_ && p.servers_->getCount() == 0 && !p.always_send_);
    CHECK(c.errors_.empty());

    const std::vector<BadValue> rows = {
        { 4, "[]", "hook parameters: expected a map, got []" },
        { 4, "\"x\"", "hook parameters: expected a map, got \"x\"" },
        { 4, "{\"pcp-server\": []}", "hook parameters: unknown parameter "
          "\"pcp-server\" (known: pcp-servers, always-send, "
          "host-database-lookup)" },
        { 4, "{\"always-send\": \"yes\"}", "always-send in hook parameters: "
          "expected true or false, got \"yes\"" },
        { 6, "{\"always-send\": 1}", "always-send in hook parameters: "
          "expected true or false, got 1" },
        { 4, "{\"host-database-lookup\": \"off\"}", "host-database-lookup "
          "in hook parameters: expected true or false, got \"off\"" },
        { 6, "{\"host-database-lookup\": null}", "host-database-lookup in "
          "hook parameters: expected true or false, got null" },
        { 4, "{\"pcp-servers\": [[\"2001:db8::1\"]]}", "pcp-servers in hook "
          "parameters, server 1, address 1: \"2001:db8::1\" is an IPv6 "
          "address; kea-dhcp4 sends only IPv4 addresses" },
    };
    for (auto const& row : rows) {
        HookParams q;
        q.always_send_ = true;
        q.host_db_lookup_ = false;
        Collect e;
        CHECK(!parseParams(row.family, Element::fromJSON(row.json), q, e));
        CHECK(q.always_send_);          // untouched on failure
        CHECK(!q.host_db_lookup_);
        if (e.errors_.empty() || e.errors_[0] != row.msg) {
            testutil::fail(__FILE__, __LINE__, row.json + ": got " +
                           (e.errors_.empty() ? std::string("nothing") :
                            e.errors_[0]));
        }
    }
}

/// @brief A Dhcp4 map with a bad value in every kind of scope.
const char* bad4 =
    "{ \"hooks-libraries\": [ { \"library\": \"/x/libdhcp_pcpsel.so\","
    "    \"parameters\": { \"pcp-servers\": [[\"2001:db8::1\"]],"
    "      \"always-send\": \"no\", \"debug\": true } },"
    "    { \"library\": \"/x/libdhcp_lease_cmds.so\","
    "      \"parameters\": { \"pcp-servers\": 1 } } ],"
    "  \"shared-networks\": [ { \"name\": \"net-a\","
    "    \"user-context\": { \"pcp-servers\": [[\"127.0.0.1\"]] },"
    "    \"subnet4\": [ { \"id\": 7, \"subnet\": \"203.0.113.0/24\","
    "      \"user-context\": { \"pcp-servers\": [[]] } } ] } ],"
    "  \"subnet4\": [ { \"id\": 1, \"subnet\": \"192.0.2.0/24\","
    "    \"user-context\": { \"pcp-servers\": [[\"192.0.2.300\"]] },"
    "    \"reservations\": [ { \"hw-address\": \"02:00:00:00:00:01\","
    "      \"user-context\": { \"pcp-servers\": [\"192.0.2.1\"] } },"
    "      { \"ip-address\": \"192.0.2.9\","
    "      \"user-context\": { \"pcp-servers\": [[\"224.0.0.1\"]] } } ] },"
    "    { \"subnet\": \"198.51.100.0/24\","
    "      \"user-context\": { \"pcp-servers\": 1 } } ],"
    "  \"client-classes\": [ { \"name\": \"caf\xc3\xa9\","
    "    \"user-context\": { \"pcp-servers\": [[\"192.0.2.5\", \"192.0.2.5\"]]"
    "    } }, { \"user-context\": { \"pcp-servers\": {} } } ],"
    "  \"reservations\": [ { \"circuit-id\": \"'a\\tb'\","
    "    \"user-context\": { \"pcp-servers\": [[\"0.1.2.3\"]] } } ] }";

TEST(keacfg_every_scope_under_its_name) {
    Collect c;
    ScopeLists l = checkScopes(4, Element::fromJSON(bad4), c, true);
    const std::vector<std::string> want = {
        "hook parameters: unknown parameter \"debug\" (known: pcp-servers, "
        "always-send, host-database-lookup)",
        "always-send in hook parameters: expected true or false, got \"no\"",
        "pcp-servers in hook parameters, server 1, address 1: \"2001:db8::1\""
        " is an IPv6 address; kea-dhcp4 sends only IPv4 addresses",
        "pcp-servers in shared network net-a, server 1, address 1: "
        "\"127.0.0.1\" is not usable as a PCP server address (loopback)",
        "pcp-servers in subnet 203.0.113.0/24 (id 7), server 1: [] is empty; "
        "a server needs at least one address",
        "pcp-servers in subnet 192.0.2.0/24 (id 1), server 1, address 1: "
        "\"192.0.2.300\" is not an IPv4 address",
        "pcp-servers in reservation hw-address 02:00:00:00:00:01 in subnet "
        "192.0.2.0/24 (id 1), server 1: expected a list of addresses, got "
        "\"192.0.2.1\"",
        "pcp-servers in reservation #2 in subnet 192.0.2.0/24 (id 1), "
        "server 1, address 1: \"224.0.0.1\" is not usable as a PCP server "
        "address (multicast)",
        // a subnet without "id" (Kea 2.2 numbers it): its prefix alone
        "pcp-servers in subnet 198.51.100.0/24: expected a list of servers "
        "(lists of addresses), got 1",
        "pcp-servers in client class caf\xc3\xa9, server 1, address 2: "
        "\"192.0.2.5\" is already given as server 1, address 1",
        "pcp-servers in client class #2: expected a list of servers (lists "
        "of addresses), got {}",
        // identifiers as Kea reads them: 'a<tab>b' is 61:09:62
        "pcp-servers in global reservation circuit-id 61:09:62, server 1, "
        "address 1: \"0.1.2.3\" is not usable as a PCP server address "
        "(0.0.0.0/8, this network)",
    };
    CHECK_EQ(c.errors_.size(), want.size());
    for (size_t i = 0; i < want.size() && i < c.errors_.size(); ++i) {
        if (c.errors_[i] != want[i]) {
            testutil::fail(__FILE__, __LINE__, "error " + std::to_string(i) +
                           ": " + c.errors_[i] + "\n    want " + want[i]);
        }
    }
    CHECK_EQ(l.errors_, want.size());
    // another library's "pcp-servers" is never read: a warning
    CHECK_EQ(c.warnings_.size(), size_t(1));
    CHECK(!c.warnings_.empty() && c.warnings_[0] ==
          "pcp-servers in the parameters of hooks library "
          "/x/libdhcp_lease_cmds.so is ignored: the pcpsel hook reads "
          "pcp-servers only in its parameters and in the user-context of "
          "shared networks, subnets, client classes and host reservations");
    // without params, the hook parameters are not checked here
    Collect d;
    checkScopes(4, Element::fromJSON(bad4), d, false);
    CHECK_EQ(d.errors_.size(), want.size() - 3);
}

TEST(keacfg_lists_collected_for_the_index) {
    Collect c;
    ScopeLists l = checkScopes(6, Element::fromJSON(
        "{ \"shared-networks\": [ { \"name\": \"n\", \"interface\": \"eth1\","
        "  \"user-context\": { \"pcp-servers\": [[\"2001:db8::9\"]] },"
        "  \"subnet6\": [ { \"id\": 3, \"subnet\": \"2001:db8:1::/64\","
        "    \"reservations\": [ { \"duid\": \"01:02\","
        "      \"user-context\": { \"pcp-servers\": [[\"2001:db8::5\"]] } }"
        "  ] } ] } ],"
        "  \"subnet6\": [ { \"id\": 4, \"subnet\": \"2001:db8:2::/48\" } ],"
        "  \"client-classes\": [ { \"name\": \"a\" }, { \"name\": \"b\","
        "    \"user-context\": { \"pcp-servers\": [] } } ],"
        "  \"reservations\": [ { \"hw-address\": \"02000000000A\","
        "    \"user-context\": { \"pcp-servers\": [[\"2001:db8::6\"]] } },"
        "    { \"flex-id\": \"'x'\","
        "      \"user-context\": { \"pcp-servers\": [[\"2001:db8::7\"]] } } ] }"),
        c, false);
    CHECK(c.errors_.empty());
    CHECK_EQ(l.networks_.size(), size_t(1));
    CHECK_EQ(l.subnets_.size(), size_t(2));
    if (l.subnets_.size() == 2) {
        CHECK_EQ(l.subnets_[0].id_, int64_t(3));
        CHECK_EQ(l.subnets_[0].network_, long(0));
        CHECK_EQ(l.subnets_[0].iface_, std::string("eth1"));   // inherited
        CHECK(l.subnets_[0].has_net_ && l.subnets_[0].len_ == 64);
        CHECK(!l.subnets_[0].servers_);
        CHECK_EQ(l.subnets_[1].len_, unsigned(48));
        CHECK_EQ(l.subnets_[1].network_, long(-1));
    }
    // only classes with a list, in configuration order
    CHECK(l.classes_.size() == 1 && l.classes_[0].class_ == "b");
    // reservations as Kea reads their identifiers; flex-id: a warning
    CHECK_EQ(l.hosts_.size(), size_t(2));
    if (l.hosts_.size() == 2) {
        CHECK_EQ(l.hosts_[0].subnet_, long(0));
        CHECK_EQ(l.hosts_[0].type_, int(isc::dhcp::Host::IDENT_DUID));
        CHECK_EQ(testutil::hex(l.hosts_[0].ident_), std::string("0102"));
        CHECK_EQ(l.hosts_[1].name_, std::string("global reservation "
                                                "hw-address 02:00:00:00:00:0a"));
        CHECK_EQ(l.hosts_[1].subnet_, long(-1));
    }
    CHECK(c.warnings_.size() == 1 &&
          c.warnings_[0].find("global reservation flex-id 78 is ignored: "
                              "the pcpsel hook cannot match reservations by "
                              "flex-id") != std::string::npos);
}

TEST(keacfg_keys_the_hook_ignores) {
    // issue 12 item 6: a misspelt key, or the key where the hook never
    // looks, is a warning naming where it is
    Collect c;
    checkScopes(4, Element::fromJSON(
        "{ \"user-context\": { \"pcp-servers\": [[\"192.0.2.1\"]] },"
        "  \"subnet4\": [ { \"id\": 1, \"subnet\": \"192.0.2.0/24\","
        "    \"user-context\": { \"pcp-server\": [[\"192.0.2.1\"]],"
        "      \"note\": { \"pcp-servers\": 1 } },"
        "    \"pools\": [ { \"pool\": \"192.0.2.10 - 192.0.2.20\","
        "      \"user-context\": { \"pcp-servers\": [[\"192.0.2.1\"]] } } ],"
        "    \"option-data\": [ { \"code\": 6, \"data\": \"192.0.2.53\","
        "      \"user-context\": { \"PCP_Servers\": 1 } } ] } ],"
        "  \"client-classes\": [ { \"name\": \"c\","
        "    \"user-context\": { \"pcp-srevers\": [] } } ] }"), c, true);
    CHECK(c.errors_.empty());
    const std::string reads = " is ignored: the pcpsel hook reads pcp-servers "
        "only in its parameters and in the user-context of shared networks, "
        "subnets, client classes and host reservations";
    const std::vector<std::string> want = {
        "\"pcp-srevers\" in the user-context of client class c is ignored: "
        "the pcpsel hook reads \"pcp-servers\"",
        "\"PCP_Servers\" in the user-context of option-data code 6 in subnet "
        "192.0.2.0/24 (id 1)" + reads,
        "pcp-servers in the user-context of pool 192.0.2.10 - 192.0.2.20 in "
        "subnet 192.0.2.0/24 (id 1)" + reads,
        "\"pcp-server\" in the user-context of subnet 192.0.2.0/24 (id 1) is "
        "ignored: the pcpsel hook reads \"pcp-servers\"",
        "pcp-servers in note in the user-context of subnet 192.0.2.0/24 "
        "(id 1)" + reads,
        "pcp-servers in the user-context of Dhcp4" + reads,
    };
    CHECK_EQ(c.warnings_.size(), want.size());
    for (size_t i = 0; i < want.size() && i < c.warnings_.size(); ++i) {
        if (c.warnings_[i] != want[i]) {
            testutil::fail(__FILE__, __LINE__, "warning " + std::to_string(i)
                           + ": " + c.warnings_[i] + "\n    want " + want[i]);
        }
    }
}

TEST(keacfg_odd_shapes_are_keas_business) {
    // shapes Kea refuses itself never crash the walker
    Collect c;
    checkScopes(4, Element::fromJSON(
        "{ \"subnet4\": [ 5, { \"user-context\": [ 1 ] },"
        "  { \"user-context\": { \"x\": 1 } } ], \"client-classes\": {},"
        "  \"shared-networks\": [ [ ] ], \"reservations\": \"x\","
        "  \"hooks-libraries\": [ 3, { \"library\": 7 },"
        "    { \"library\": \"libdhcp_pcpsel.so\" } ] }"), c, true);
    CHECK(c.errors_.empty());
    checkScopes(4, Element::fromJSON("[]"), c, true);
    checkScopes(4, ConstElementPtr(), c, true);
    CHECK(c.errors_.empty() && c.warnings_.empty());
}

int
main() {
    return (testutil::runAll());
}
