// pcpsel_impl.cc - the logic of the pcpsel Kea hook
//
// All option bytes come from libpcpsel (pcpsel_kea_params_parse,
// pcpsel_kea_servers_parse: option-158 data already split between servers
// into instances Kea 2.2 packs whole, at most 253 bytes); this file only
// turns them into Kea option objects and chooses which ones a reply gets.

#include <cc/user_context.h>
#include <dhcp/dhcp4.h>
#include <dhcp/dhcp6.h>
#include <dhcp/option6_ia.h>
#include <dhcp/option6_iaaddr.h>
#include <dhcp/option_int_array.h>
#include <dhcpsrv/cfg_hosts.h>
#include <dhcpsrv/cfg_shared_networks.h>
#include <dhcpsrv/cfg_subnets4.h>
#include <dhcpsrv/cfg_subnets6.h>
#include <dhcpsrv/client_class_def.h>
#include <dhcpsrv/shared_network.h>
#include <dhcpsrv/subnet.h>
#include <util/multi_threading_mgr.h>

#include <pcpsel.h>

#include "pcpsel_impl.h"
#include "pcpsel_log.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <sstream>

using namespace isc::data;
using namespace isc::dhcp;
using isc::asiolink::IOAddress;

namespace isc {
namespace pcpsel {

namespace {

/// @brief Frees a libpcpsel wire object at scope exit.
struct WireDeleter {
    void operator()(struct pcpsel_wire* wire) const {
        pcpsel_wire_free(wire);
    }
};
typedef std::unique_ptr<struct pcpsel_wire, WireDeleter> WireHolder;

/// @brief The 16-byte form of an address (IPv4 mapped, as libpcpsel).
std::array<uint8_t, 16>
toBytes(const IOAddress& addr) {
    std::array<uint8_t, 16> out{};
    if (addr.isV4()) {
        uint32_t v = addr.toUint32();
        out[10] = 0xff;
        out[11] = 0xff;
        out[12] = v >> 24;
        out[13] = (v >> 16) & 0xff;
        out[14] = (v >> 8) & 0xff;
        out[15] = v & 0xff;
    } else {
        // IOAddress gives IPv6 bytes only as a new vector
        std::vector<uint8_t> b = addr.toBytes();
        if (b.size() == 16) {
            std::copy(b.begin(), b.end(), out.begin());
        }
    }
    return (out);
}

/// @brief Clear the bits of @c a after the first @c len.
void
maskBytes(uint8_t* a, unsigned len) {
    for (unsigned i = 0; i < 16; ++i) {
        if (len >= 8) {
            len -= 8;
        } else {
            a[i] &= static_cast<uint8_t>(0xff00 >> len);
            len = 0;
        }
    }
}

/// @brief The first option @c code of @c pkt (what Pkt::getOption() finds:
/// the first of the multimap's equal keys), or null.
///
/// While pkt4_send / pkt6_send callouts run, Kea 2.2 puts the query and the
/// response in "copy retrieved options" mode, where Pkt::getOption() clones
/// the option (a heap allocation and a copy of its data) and puts the clone
/// into the packet.  The hook only reads these options, so it looks them up
/// in the public option container instead: no copy, nothing allocated, and
/// the packet is left exactly as it was.  The pointer is valid as long as
/// the packet is not changed.
const Option*
firstOption(const Pkt& pkt, uint16_t code) {
    OptionCollection::const_iterator it = pkt.options_.find(code);
    return (it == pkt.options_.end() ? nullptr : it->second.get());
}

/// @brief "02:00:00:00:00:01" for the log and the scope name.
std::string
hexColons(const std::vector<uint8_t>& v) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) {
        if (i) {
            out += ':';
        }
        out += digits[v[i] >> 4];
        out += digits[v[i] & 15];
    }
    return (out);
}

} // namespace

PcpselImpl::PcpselImpl(int family)
    : family_(family), always_send_(false), host_types_(0),
      present_logged_(false) {
}

PcpselImpl::PcpselImpl(const PcpselImpl& other)
    : family_(other.family_), always_send_(other.always_send_),
      global_(other.global_), host_types_(0), present_logged_(false) {
}

std::string
PcpselImpl::describe(const ServerSetPtr& set) {
    if (!set) {
        return ("none");
    }
    if (set->options_.empty()) {
        return ("empty (send no PCP server)");
    }
    std::ostringstream s;
    s << set->options_.size() << " instance(s) of option "
      << set->options_[0]->getType() << ", "
      << "data";
    for (auto const& opt : set->options_) {
        s << " " << opt->toHexString(false).substr(2);
    }
    return (s.str());
}

ServerSetPtr
PcpselImpl::makeSet(struct pcpsel_wire* wire, const std::string& scope) const {
    boost::shared_ptr<ServerSet> set(new ServerSet());
    set->scope_ = scope;
    Option::Universe u = family_ == 4 ? Option::V4 : Option::V6;
    uint16_t code = family_ == 4 ? DHO_PCP_SERVER : D6O_PCP_SERVER;

    // one Kea option per instance libpcpsel encoded (option 158 already
    // split between servers in instances Kea packs whole)
    size_t n = pcpsel_wire_count(wire);
    for (size_t i = 0; i < n; ++i) {
        size_t len = 0;
        const uint8_t* d = pcpsel_wire_get(wire, i, &len);
        set->options_.push_back(
            OptionPtr(new Option(u, code, OptionBuffer(d, d + len))));
    }
    return (set);
}

ServerSetPtr
PcpselImpl::fromContext(const ConstElementPtr& ctx,
                        const std::string& scope) const {
    if (!ctx || ctx->getType() != Element::map) {
        return (ServerSetPtr());
    }
    ConstElementPtr value = ctx->get("pcp-servers");
    if (!value) {
        return (ServerSetPtr());
    }
    std::string json = value->str();
    char err[PCPSEL_KEA_ERRSIZE] = "";
    struct pcpsel_wire* wire = nullptr;
    int r = pcpsel_kea_servers_parse(family_, json.c_str(), json.size(),
                                     scope.c_str(), &wire, err, sizeof(err));
    if (r == -ENOMEM) {
        throw std::bad_alloc();
    }
    if (r != 0) {
        throw ConfigError(err[0] ? err : ("pcp-servers in " + scope +
                                          ": invalid value " + json));
    }
    WireHolder holder(wire);
    return (makeSet(wire, scope));
}

void
PcpselImpl::configure(const ConstElementPtr& params) {
    std::string json = params ? params->str() : std::string("{}");
    char err[PCPSEL_KEA_ERRSIZE] = "";
    struct pcpsel_wire* wire = nullptr;
    int always = 0;
    int r = pcpsel_kea_params_parse(family_, json.c_str(), json.size(),
                                    &wire, &always, err, sizeof(err));
    if (r == -ENOMEM) {
        throw std::bad_alloc();
    }
    if (r != 0) {
        throw ConfigError(err[0] ? err : ("invalid parameters " + json));
    }
    WireHolder holder(wire);
    always_send_ = always != 0;
    global_ = wire ? makeSet(wire, "global") : ServerSetPtr();
}

template <typename CfgSubnetsPtr, typename CfgNetworksPtr>
void
PcpselImpl::scanSubnets(const CfgSubnetsPtr& subnets,
                        const CfgNetworksPtr& networks) {
    // Shared networks first: their list is what member subnets inherit.
    std::vector<std::pair<std::string, ServerSetPtr> > netsets;
    for (auto const& net : *networks->getAll()) {
        ServerSetPtr set = fromContext(net->getContext(),
                                       "shared network " + net->getName());
        if (set) {
            netsets.push_back(std::make_pair(net->getName(), set));
            ++counts_.networks_;
        }
    }
    bool any = !netsets.empty();
    std::vector<SubnetEntry> entries;
    for (auto const& subnet : *subnets->getAll()) {
        std::ostringstream scope;
        scope << "subnet " << subnet->toText() << " (id "
              << subnet->getID() << ")";
        SubnetEntry e;
        e.id_ = subnet->getID();
        e.servers_ = fromContext(subnet->getContext(), scope.str());
        if (e.servers_) {
            ++counts_.subnets_;
            any = true;
        } else {
            std::string name = subnet->getSharedNetworkName();
            for (auto const& ns : netsets) {
                if (!name.empty() && ns.first == name) {
                    e.servers_ = ns.second;
                }
            }
        }
        entries.push_back(e);
    }
    if (!any && hosts_.empty()) {
        // Nothing depends on the subnet: the per-packet path skips the
        // lookup entirely.
        return;
    }
    subnets_ = entries;
    size_t idx = 0;
    for (auto const& subnet : *subnets->getAll()) {
        std::pair<IOAddress, uint8_t> pfx = subnet->get();
        unsigned len = pfx.second + (pfx.first.isV4() ? 96 : 0);
        std::array<uint8_t, 16> net = toBytes(pfx.first);
        maskBytes(net.data(), len);
        auto g = std::find_if(prefixes_.begin(), prefixes_.end(),
                              [len](const PrefixGroup& pg) {
                                  return (pg.len_ == len);
                              });
        if (g == prefixes_.end()) {
            prefixes_.push_back(PrefixGroup{len, {}});
            g = prefixes_.end() - 1;
        }
        g->nets_.push_back(std::make_pair(net, idx));
        std::string iface = subnet->getIface().get();
        if (!iface.empty() &&
            std::find_if(ifaces_.begin(), ifaces_.end(),
                         [&iface](const std::pair<std::string, size_t>& p) {
                             return (p.first == iface);
                         }) == ifaces_.end()) {
            ifaces_.push_back(std::make_pair(iface, idx));
        }
        ++idx;
    }
    std::sort(prefixes_.begin(), prefixes_.end(),
              [](const PrefixGroup& a, const PrefixGroup& b) {
                  return (a.len_ > b.len_);
              });
    for (auto& g : prefixes_) {
        // stable: with two equal prefixes the first configured wins
        typedef std::pair<std::array<uint8_t, 16>, size_t> Net;
        std::stable_sort(g.nets_.begin(), g.nets_.end(),
                         [](const Net& a, const Net& b) {
                             return (a.first < b.first);
                         });
    }
}

void
PcpselImpl::scanHosts(const SrvConfig& cfg) {
    // (subnet id, how `pcpsel kea-check` names its reservations' scope)
    std::vector<std::pair<SubnetID, std::string> > ids;
    ids.push_back(std::make_pair(SUBNET_ID_GLOBAL, std::string()));
    if (family_ == 4) {
        for (auto const& s : *cfg.getCfgSubnets4()->getAll()) {
            ids.push_back(std::make_pair(s->getID(), s->toText()));
        }
    } else {
        for (auto const& s : *cfg.getCfgSubnets6()->getAll()) {
            ids.push_back(std::make_pair(s->getID(), s->toText()));
        }
    }
    ConstCfgHostsPtr hosts = cfg.getCfgHosts();
    for (auto const& sub : ids) {
        SubnetID id = sub.first;
        ConstHostCollection all = family_ == 4 ? hosts->getAll4(id)
                                               : hosts->getAll6(id);
        for (auto const& host : all) {
            ConstElementPtr ctx = host->getContext();
            if (!ctx || ctx->getType() != Element::map ||
                !ctx->get("pcp-servers")) {
                continue;
            }
            std::string name =
                Host::getIdentifierName(host->getIdentifierType());
            // the same scope names as pcpsel_kea_check(), so that the hook
            // and `pcpsel kea-check` say the same thing
            std::ostringstream scope;
            if (id == SUBNET_ID_GLOBAL) {
                scope << "global ";
            }
            scope << "reservation " << name << " "
                  << hexColons(host->getIdentifier());
            if (id != SUBNET_ID_GLOBAL) {
                scope << " in subnet " << sub.second << " (id " << id << ")";
            }
            HostEntry e;
            e.subnet_ = id;
            e.type_ = host->getIdentifierType();
            e.ident_ = host->getIdentifier();
            e.servers_ = fromContext(ctx, scope.str());
            if (e.type_ >= IDENT_TYPES) {
                LOG_WARN(pcpsel_logger, PCPSEL_FLEX_ID_UNSUPPORTED)
                    .arg(scope.str()).arg(name);
                continue;
            }
            host_types_ |= 1u << e.type_;
            hosts_.push_back(e);
            ++counts_.hosts_;
        }
    }
    std::sort(hosts_.begin(), hosts_.end(),
              [](const HostEntry& a, const HostEntry& b) {
                  if (a.subnet_ != b.subnet_) {
                      return (a.subnet_ < b.subnet_);
                  }
                  if (a.type_ != b.type_) {
                      return (a.type_ < b.type_);
                  }
                  return (a.ident_ < b.ident_);
              });
}

void
PcpselImpl::configureScopes(const SrvConfig& cfg) {
    subnets_.clear();
    prefixes_.clear();
    ifaces_.clear();
    classes_.clear();
    hosts_.clear();
    host_types_ = 0;
    counts_ = ScopeCounts();

    // Client classes, in configuration order (the first class of the
    // packet in this order wins, as for Kea's own class options).
    ClientClassDictionaryPtr dict = cfg.getClientClassDictionary();
    if (dict) {
        for (auto const& cls : *dict->getClasses()) {
            ServerSetPtr set = fromContext(cls->getContext(),
                                           "client class " + cls->getName());
            if (set) {
                classes_.push_back(std::make_pair(cls->getName(), set));
                ++counts_.classes_;
            }
        }
    }
    scanHosts(cfg);
    if (family_ == 4) {
        scanSubnets(cfg.getCfgSubnets4(), cfg.getCfgSharedNetworks4());
    } else {
        scanSubnets(cfg.getCfgSubnets6(), cfg.getCfgSharedNetworks6());
    }
}

long
PcpselImpl::findSubnet(const uint8_t* addr) const {
    for (auto const& g : prefixes_) {
        std::array<uint8_t, 16> key;
        std::memcpy(key.data(), addr, 16);
        maskBytes(key.data(), g.len_);
        auto it = std::lower_bound(
            g.nets_.begin(), g.nets_.end(), key,
            [](const std::pair<std::array<uint8_t, 16>, size_t>& e,
               const std::array<uint8_t, 16>& k) {
                return (e.first < k);
            });
        if (it != g.nets_.end() && it->first == key) {
            return (static_cast<long>(it->second));
        }
    }
    return (-1);
}

long
PcpselImpl::findIface(const std::string& iface) const {
    for (auto const& p : ifaces_) {
        if (p.first == iface) {
            return (static_cast<long>(p.second));
        }
    }
    return (-1);
}

const ServerSet*
PcpselImpl::findHost(SubnetID subnet, int type, const Ident& ident) const {
    if (!ident.data_ || ident.len_ == 0) {
        return (nullptr);
    }
    auto less = [](const HostEntry& e, SubnetID s, int t,
                   const uint8_t* d, size_t n) {
        if (e.subnet_ != s) {
            return (e.subnet_ < s);
        }
        if (e.type_ != t) {
            return (e.type_ < t);
        }
        return (std::lexicographical_compare(e.ident_.begin(), e.ident_.end(),
                                             d, d + n));
    };
    auto it = std::lower_bound(hosts_.begin(), hosts_.end(), 0,
                               [&](const HostEntry& e, int) {
                                   return (less(e, subnet, type, ident.data_,
                                                ident.len_));
                               });
    if (it != hosts_.end() && it->subnet_ == subnet && it->type_ == type &&
        it->ident_.size() == ident.len_ &&
        std::equal(it->ident_.begin(), it->ident_.end(), ident.data_)) {
        return (it->servers_.get());
    }
    return (nullptr);
}

const ServerSet*
PcpselImpl::select(const Pkt& query, long subnet,
                   const Ident idents[]) const {
    // 1. host reservation: the subnet's, then a global one
    if (!hosts_.empty()) {
        SubnetID ids[2] = { SUBNET_ID_GLOBAL, SUBNET_ID_GLOBAL };
        size_t nids = 1;
        if (subnet >= 0) {
            ids[0] = subnets_[subnet].id_;
            nids = 2;
        }
        for (size_t i = 0; i < nids; ++i) {
            for (int t = 0; t < IDENT_TYPES; ++t) {
                if (!(host_types_ & (1u << t))) {
                    continue;
                }
                const ServerSet* s = findHost(ids[i], t, idents[t]);
                if (s) {
                    return (s);
                }
            }
        }
    }
    // 2. client class, first in configuration order
    if (!classes_.empty()) {
        const ClientClasses& cls = query.getClasses();
        for (auto const& c : classes_) {
            if (cls.contains(c.first)) {
                return (c.second.get());
            }
        }
    }
    // 3. subnet, or the shared network it belongs to
    if (subnet >= 0 && subnets_[subnet].servers_) {
        return (subnets_[subnet].servers_.get());
    }
    // 4. global
    return (global_.get());
}

bool
PcpselImpl::present(const Pkt& response, uint16_t code,
                    const Pkt& query) const {
    if (!firstOption(response, code)) {
        return (false);
    }
    if (!present_logged_.exchange(true)) {
        LOG_INFO(pcpsel_logger, PCPSEL_OPTION_PRESENT)
            .arg(query.getLabel()).arg(code);
    }
    return (true);
}

size_t
PcpselImpl::attach(Pkt& response, uint16_t code, const ServerSet* found,
                   const Pkt& query) const {
    if (!found || found->options_.empty()) {
        LOG_DEBUG(pcpsel_logger, isc::log::DBGLVL_TRACE_DETAIL, PCPSEL_SKIPPED)
            .arg(query.getLabel())
            .arg(found ? "empty list in " + found->scope_ :
                 std::string("no pcp-servers configured"));
        return (0);
    }
    const ServerSet& set = *found;
    // Kea's Pkt4::pack() briefly swaps the sub-option container of every
    // option while it splits long options, so with several packet threads
    // each reply gets its own copy; single-threaded, the shared object is
    // attached as it is.
    bool copy = isc::util::MultiThreadingMgr::instance().getMode();
    for (auto const& opt : set.options_) {
        // Pkt4::addOption() refuses a second instance of a code, so the
        // instances go into the option container directly (RFC 3396).
        response.options_.insert(std::make_pair(
            code, copy ? OptionPtr(new Option(*opt)) : opt));
    }
    LOG_DEBUG(pcpsel_logger, isc::log::DBGLVL_TRACE_BASIC, PCPSEL_SENT)
        .arg(query.getLabel()).arg(set.options_.size()).arg(code)
        .arg(set.scope_);
    return (set.options_.size());
}

size_t
PcpselImpl::process4(const Pkt4Ptr& query, const Pkt4Ptr& response) const {
    uint8_t type = response->getType();
    // RFC 7291 §4: configuration goes into OFFER and ACK (ACK to INFORM
    // included), never into NAK.
    if (type != DHCPOFFER && type != DHCPACK) {
        return (0);
    }
    if (!always_send_) {
        // RFC 2131 §4.3.1: send what the client asked for in option 55.
        const Option* prl = firstOption(*query,
                                        DHO_DHCP_PARAMETER_REQUEST_LIST);
        bool asked = false;
        if (prl) {
            const OptionUint8Array* arr =
                dynamic_cast<const OptionUint8Array*>(prl);
            if (arr) {
                const std::vector<uint8_t>& v = arr->getValues();
                asked = std::find(v.begin(), v.end(), DHO_PCP_SERVER) !=
                    v.end();
            } else {
                std::vector<uint8_t> v = prl->toBinary(false);
                asked = std::find(v.begin(), v.end(), DHO_PCP_SERVER) !=
                    v.end();
            }
        }
        if (!asked) {
            LOG_DEBUG(pcpsel_logger, isc::log::DBGLVL_TRACE_DETAIL,
                      PCPSEL_SKIPPED)
                .arg(query->getLabel()).arg("not requested (option 55)");
            return (0);
        }
    }
    if (present(*response, DHO_PCP_SERVER, *query)) {
        return (0);
    }
    long subnet = -1;
    if (!prefixes_.empty()) {
        IOAddress addr = response->getYiaddr();
        if (addr.isV4Zero()) {
            addr = response->getCiaddr();
        }
        if (addr.isV4Zero()) {
            addr = query->getGiaddr();
        }
        if (!addr.isV4Zero()) {
            std::array<uint8_t, 16> b = toBytes(addr);
            subnet = findSubnet(b.data());
        }
        if (subnet < 0 && !ifaces_.empty()) {
            subnet = findIface(query->getIface());
        }
    }
    Ident idents[IDENT_TYPES];
    OptionPtr circuit;
    HWAddrPtr hw;
    if (!hosts_.empty()) {
        hw = query->getHWAddr();
        if (hw && !hw->hwaddr_.empty()) {
            idents[Host::IDENT_HWADDR].data_ = hw->hwaddr_.data();
            idents[Host::IDENT_HWADDR].len_ = hw->hwaddr_.size();
        }
        const Option* client_id = firstOption(*query,
                                              DHO_DHCP_CLIENT_IDENTIFIER);
        if (client_id && !client_id->getData().empty()) {
            const OptionBuffer& d = client_id->getData();
            idents[Host::IDENT_CLIENT_ID].data_ = d.data();
            idents[Host::IDENT_CLIENT_ID].len_ = d.size();
            // RFC 4361 §6.1: type 255, IAID (4 bytes), then the DUID
            if (d.size() > 5 && d[0] == 255) {
                idents[Host::IDENT_DUID].data_ = d.data() + 5;
                idents[Host::IDENT_DUID].len_ = d.size() - 5;
            }
        }
        const Option* rai = firstOption(*query, DHO_DHCP_AGENT_OPTIONS);
        if (rai) {
            circuit = rai->getOption(RAI_OPTION_AGENT_CIRCUIT_ID);
            if (circuit && !circuit->getData().empty()) {
                idents[Host::IDENT_CIRCUIT_ID].data_ =
                    circuit->getData().data();
                idents[Host::IDENT_CIRCUIT_ID].len_ = circuit->getData().size();
            }
        }
    }
    return (attach(*response, DHO_PCP_SERVER, select(*query, subnet, idents),
                   *query));
}

size_t
PcpselImpl::process6(const Pkt6Ptr& query, const Pkt6Ptr& response) const {
    uint8_t type = response->getType();
    // RFC 7291 §3: configuration goes into ADVERTISE and REPLY (also the
    // REPLY to Information-request).
    if (type != DHCPV6_ADVERTISE && type != DHCPV6_REPLY) {
        return (0);
    }
    if (!always_send_) {
        // RFC 8415 §18.3: send what the client listed in its ORO.
        const Option* oro = firstOption(*query, D6O_ORO);
        bool asked = false;
        if (oro) {
            const OptionUint16Array* arr =
                dynamic_cast<const OptionUint16Array*>(oro);
            if (arr) {
                const std::vector<uint16_t>& v = arr->getValues();
                asked = std::find(v.begin(), v.end(), D6O_PCP_SERVER) !=
                    v.end();
            } else {
                std::vector<uint8_t> v = oro->toBinary(false);
                for (size_t i = 0; i + 1 < v.size(); i += 2) {
                    if (((v[i] << 8) | v[i + 1]) == D6O_PCP_SERVER) {
                        asked = true;
                    }
                }
            }
        }
        if (!asked) {
            LOG_DEBUG(pcpsel_logger, isc::log::DBGLVL_TRACE_DETAIL,
                      PCPSEL_SKIPPED)
                .arg(query->getLabel()).arg("not requested (ORO)");
            return (0);
        }
    }
    if (present(*response, D6O_PCP_SERVER, *query)) {
        return (0);
    }
    long subnet = -1;
    if (!prefixes_.empty()) {
        // An address given in an IA_NA, else the link-address of the
        // relay closest to the client, else the interface.
        for (auto const& o : response->options_) {
            if (o.first != D6O_IA_NA || subnet >= 0) {
                continue;
            }
            for (auto const& sub : o.second->getOptions()) {
                const Option6IAAddr* ia =
                    dynamic_cast<const Option6IAAddr*>(sub.second.get());
                if (sub.first == D6O_IAADDR && ia &&
                    ia->getValid() > 0) {
                    std::array<uint8_t, 16> b = toBytes(ia->getAddress());
                    subnet = findSubnet(b.data());
                    break;
                }
            }
        }
        if (subnet < 0 && !query->relay_info_.empty()) {
            const IOAddress& link = query->relay_info_.back().linkaddr_;
            if (!link.isV6Zero()) {
                std::array<uint8_t, 16> b = toBytes(link);
                subnet = findSubnet(b.data());
            }
        }
        if (subnet < 0 && !ifaces_.empty()) {
            subnet = findIface(query->getIface());
        }
    }
    Ident idents[IDENT_TYPES];
    HWAddrPtr hw;
    if (!hosts_.empty()) {
        const Option* duid = firstOption(*query, D6O_CLIENTID);
        if (duid && !duid->getData().empty()) {
            idents[Host::IDENT_DUID].data_ = duid->getData().data();
            idents[Host::IDENT_DUID].len_ = duid->getData().size();
        }
        if (host_types_ & (1u << Host::IDENT_HWADDR)) {
            hw = query->getMAC(HWAddr::HWADDR_SOURCE_ANY);
            if (hw && !hw->hwaddr_.empty()) {
                idents[Host::IDENT_HWADDR].data_ = hw->hwaddr_.data();
                idents[Host::IDENT_HWADDR].len_ = hw->hwaddr_.size();
            }
        }
    }
    return (attach(*response, D6O_PCP_SERVER, select(*query, subnet, idents),
                   *query));
}

} // namespace pcpsel
} // namespace isc
