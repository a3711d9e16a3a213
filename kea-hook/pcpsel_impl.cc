// SPDX-License-Identifier: BSD-2-Clause
// pcpsel_impl.cc - the pcpsel Kea hook without CalloutHandle
//
// Every byte comes from libpcpsel: the option instances (encoded once per
// configuration by keacfg), what a query asks for and the DUID in a client
// identifier (query.c).  This file only takes Kea's packets apart into the
// keys of the scope index and attaches what the index chose.

#include <dhcp/dhcp4.h>
#include <dhcp/dhcp6.h>
#include <dhcp/option6_ia.h>
#include <dhcp/option6_iaaddr.h>
#include <dhcp/option_int.h>
#include <dhcp/option_int_array.h>
#include <dhcpsrv/cfg_hosts.h>
#include <dhcpsrv/client_class_def.h>
#include <dhcpsrv/cfgmgr.h>
#include <dhcpsrv/host_mgr.h>
#include <util/multi_threading_mgr.h>

#include <pcpsel.h>

#include "config_check.h"
#include "pcpsel_impl.h"
#include "pcpsel_log.h"
#include "size_limits.h"

#include <algorithm>
#include <cstring>
#include <typeinfo>

using namespace isc::data;
using namespace isc::dhcp;
using isc::asiolink::IOAddress;

namespace isc {
namespace pcpsel {

namespace {

/// @brief The first option @c code of @c pkt (what Pkt::getOption() finds:
/// the first of the multimap's equal keys), or null.
///
/// While pkt4_send / pkt6_send callouts run, Kea puts the query and the
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

/// @brief Whether Kea's loggers, as configured now, log PCPSEL_SENT.
bool
sentLogged() {
    return (pcpsel_logger.isDebugEnabled(isc::log::DBGLVL_TRACE_BASIC));
}

/// @brief @c opt as a @c T, or null: for the exact class Kea builds the
/// option as, one type comparison (two pointers: libdhcp_pcpsel.sym
/// exports the type information of Kea's types, so this module uses Kea's
/// objects); else (a subclass) a dynamic_cast.
template <typename T>
const T*
as(const Option* opt) {
    if (!opt) {
        return (nullptr);
    }
    if (typeid(*opt) == typeid(T)) {
        return (static_cast<const T*>(opt));
    }
    return (dynamic_cast<const T*>(opt));
}

/// @brief The bytes of option @c opt (a Kea-parsed option that is not an
/// array of integers keeps them as its data).
void
rawData(const Option* opt, Ident& out) {
    if (opt && !opt->getData().empty()) {
        out.data_ = opt->getData().data();
        out.len_ = opt->getData().size();
    }
}

/// @brief @c addr (IPv4 or IPv6) in libpcpsel's 16-byte form.
struct pcpsel_addr
toAddr(const IOAddress& addr) {
    struct pcpsel_addr a;
    if (addr.isV4()) {
        uint32_t v = addr.toUint32();
        const uint8_t b[4] = {
            static_cast<uint8_t>(v >> 24), static_cast<uint8_t>(v >> 16),
            static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)
        };
        pcpsel_addr_from_v4(&a, b);
    } else {
        std::vector<uint8_t> b = addr.toBytes();
        std::memset(a.bytes, 0, sizeof(a.bytes));
        std::memcpy(a.bytes, b.data(), std::min(b.size(), sizeof(a.bytes)));
    }
    return (a);
}

/// @brief DHCPv4: what differs from DHCPv6 on the per-reply path.
struct V4 {
    typedef Pkt4 PktType;
    typedef Pkt4Ptr PktPtr;
    static constexpr int FAMILY = 4;
    static constexpr uint16_t CODE = PCPSEL_DHCPV4_OPTION;

    /// @brief Things the identifiers borrow from.
    struct Keep {
        HWAddrPtr hw_;
        OptionPtr circuit_;
    };

    /// @brief RFC 7291 §4: configuration goes into OFFER and ACK (ACK to
    /// INFORM included), never into NAK.  (The message type as Kea holds
    /// it, read without Pkt4::getType()'s copy of the option pointer.)
    static bool configReply(const Pkt4& response) {
        auto type = as<OptionUint8>(firstOption(response,
                                                DHO_DHCP_MESSAGE_TYPE));
        uint8_t t = type ? type->getValue() : response.getType();
        return (t == DHCPOFFER || t == DHCPACK);
    }

    /// @brief RFC 2131 §4.3.1: what the client listed in option 55.
    static bool asked(const Pkt4& query, const char*& why) {
        why = "not requested (option 55)";
        const Option* prl = firstOption(query,
                                        DHO_DHCP_PARAMETER_REQUEST_LIST);
        if (!prl) {
            return (false);
        }
        auto arr = as<OptionUint8Array>(prl);
        if (arr) {
            const std::vector<uint8_t>& v = arr->getValues();
            return (pcpsel_v4_prl_asks(v.data(), v.size()));
        }
        return (pcpsel_v4_prl_asks(prl->getData().data(),
                                   prl->getData().size()));
    }

    /// @brief The subnet of the reply's address (yiaddr, else ciaddr), else
    /// of the relay (giaddr), or -1.
    static long subnetByAddress(const ScopeIndex& index, const Pkt4& query,
                                const Pkt4& response) {
        const IOAddress* a = &response.getYiaddr();
        if (a->isV4Zero()) {
            a = &response.getCiaddr();
        }
        if (a->isV4Zero()) {
            a = &query.getGiaddr();
        }
        return (a->isV4Zero() ? -1 : index.subnetByV4(a->toUint32()));
    }

    /// @brief The identifiers reservations may use (types: bit per type).
    static void idents(Pkt4& query, unsigned types, Ident ids[], Keep& keep) {
        if (types & (1u << Host::IDENT_HWADDR)) {
            keep.hw_ = query.getHWAddr();
            if (keep.hw_ && !keep.hw_->hwaddr_.empty()) {
                ids[Host::IDENT_HWADDR].data_ = keep.hw_->hwaddr_.data();
                ids[Host::IDENT_HWADDR].len_ = keep.hw_->hwaddr_.size();
            }
        }
        const Option* client_id =
            (types & (1u << Host::IDENT_CLIENT_ID | 1u << Host::IDENT_DUID)) ?
            firstOption(query, DHO_DHCP_CLIENT_IDENTIFIER) : nullptr;
        if (types & (1u << Host::IDENT_CLIENT_ID)) {
            rawData(client_id, ids[Host::IDENT_CLIENT_ID]);
        }
        if ((types & (1u << Host::IDENT_DUID)) && client_id) {
            // RFC 4361 §6.1: a DUID inside the client identifier
            struct pcpsel_buf duid;
            if (pcpsel_v4_client_id_duid(client_id->getData().data(),
                                         client_id->getData().size(),
                                         &duid) == 0) {
                ids[Host::IDENT_DUID].data_ = duid.data;
                ids[Host::IDENT_DUID].len_ = duid.len;
            }
        }
        if (types & (1u << Host::IDENT_CIRCUIT_ID)) {
            const Option* rai = firstOption(query, DHO_DHCP_AGENT_OPTIONS);
            if (rai) {
                keep.circuit_ = rai->getOption(RAI_OPTION_AGENT_CIRCUIT_ID);
                rawData(keep.circuit_.get(), ids[Host::IDENT_CIRCUIT_ID]);
            }
        }
    }

    /// @brief Kea's reservation in subnet @c id (HostMgr: the
    /// configuration file's, then the host databases').
    static ConstHostPtr findHost(SubnetID id, int type, const Ident& ident) {
        return (HostMgr::instance().get4(
                    id, static_cast<Host::IdentifierType>(type),
                    ident.data_, ident.len_));
    }

    /// @brief Kea's reservation in subnet @c id among those in its memory
    /// (the configuration's and host_cmds').
    static ConstHostPtr findMemHost(const CfgHosts& hosts, SubnetID id,
                                    int type, const Ident& ident) {
        return (hosts.get4(id, static_cast<Host::IdentifierType>(type),
                           ident.data_, ident.len_));
    }

    /// @brief The bytes @c response can still take: RFC 2131 §2, a client
    /// takes 576-byte messages, larger ones up to what it announced in
    /// option 57 (RFC 2132 §9.10), never more than one frame (Kea sends
    /// DHCPv4 unfragmented).  Pkt4::len() counts the BOOTP fixed part and
    /// the options; the magic cookie and the end option come on top.
    static size_t room(const Pkt4& query, Pkt4& response) {
        size_t max = limits::V4_MIN_MESSAGE;
        auto opt57 = as<OptionUint16>(firstOption(query,
                                                  DHO_DHCP_MAX_MESSAGE_SIZE));
        if (opt57 && opt57->getValue() > max) {
            max = std::min<size_t>(opt57->getValue(), limits::V4_MAX_MESSAGE);
        }
        size_t used = limits::V4_IP_UDP + response.len() + 4 + 1;
        return (used < max ? max - used : 0);
    }
};

/// @brief DHCPv6: what differs from DHCPv4 on the per-reply path.
struct V6 {
    typedef Pkt6 PktType;
    typedef Pkt6Ptr PktPtr;
    static constexpr int FAMILY = 6;
    static constexpr uint16_t CODE = PCPSEL_DHCPV6_OPTION;

    struct Keep {
        HWAddrPtr hw_;
    };

    /// @brief RFC 7291 §3: configuration goes into ADVERTISE and REPLY
    /// (also the REPLY to Information-request).
    static bool configReply(const Pkt6& response) {
        uint8_t type = response.getType();
        return (type == DHCPV6_ADVERTISE || type == DHCPV6_REPLY);
    }

    /// @brief RFC 8415 §18.3: what the client listed in its ORO.
    static bool asked(const Pkt6& query, const char*& why) {
        why = "not requested (ORO)";
        const Option* oro = firstOption(query, D6O_ORO);
        if (!oro) {
            return (false);
        }
        auto arr = as<OptionUint16Array>(oro);
        if (arr) {
            // (Kea read the codes: no bytes left to walk)
            const std::vector<uint16_t>& v = arr->getValues();
            return (std::find(v.begin(), v.end(), CODE) != v.end());
        }
        return (pcpsel_v6_oro_asks(oro->getData().data(),
                                   oro->getData().size()));
    }

    /// @brief The subnet of an address given in an IA_NA of the reply,
    /// else of the link-address of the relay closest to the client, or -1.
    static long subnetByAddress(const ScopeIndex& index, const Pkt6& query,
                                const Pkt6& response) {
        for (auto const& o : response.options_) {
            if (o.first != D6O_IA_NA) {
                continue;
            }
            for (auto const& sub : o.second->getOptions()) {
                auto ia = as<Option6IAAddr>(sub.second.get());
                if (sub.first == D6O_IAADDR && ia && ia->getValid() > 0) {
                    long s = index.subnetByAddress(toAddr(ia->getAddress()));
                    if (s >= 0) {
                        return (s);
                    }
                }
            }
        }
        if (!query.relay_info_.empty()) {
            const IOAddress& link = query.relay_info_.back().linkaddr_;
            if (!link.isV6Zero()) {
                return (index.subnetByAddress(toAddr(link)));
            }
        }
        return (-1);
    }

    static void idents(Pkt6& query, unsigned types, Ident ids[], Keep& keep) {
        if (types & (1u << Host::IDENT_DUID)) {
            rawData(firstOption(query, D6O_CLIENTID), ids[Host::IDENT_DUID]);
        }
        if (types & (1u << Host::IDENT_HWADDR)) {
            keep.hw_ = query.getMAC(HWAddr::HWADDR_SOURCE_ANY);
            if (keep.hw_ && !keep.hw_->hwaddr_.empty()) {
                ids[Host::IDENT_HWADDR].data_ = keep.hw_->hwaddr_.data();
                ids[Host::IDENT_HWADDR].len_ = keep.hw_->hwaddr_.size();
            }
        }
    }

    static ConstHostPtr findHost(SubnetID id, int type, const Ident& ident) {
        return (HostMgr::instance().get6(
                    id, static_cast<Host::IdentifierType>(type),
                    ident.data_, ident.len_));
    }

    static ConstHostPtr findMemHost(const CfgHosts& hosts, SubnetID id,
                                    int type, const Ident& ident) {
        return (hosts.get6(id, static_cast<Host::IdentifierType>(type),
                           ident.data_, ident.len_));
    }

    /// @brief The bytes @c response can still take: what one UDP datagram
    /// carries (Pkt6::len() counts the relay headers too).
    static size_t room(const Pkt6&, Pkt6& response) {
        size_t used = response.len();
        return (used < limits::V6_MAX_MESSAGE ?
                limits::V6_MAX_MESSAGE - used : 0);
    }
};

/// @brief The class Kea gives a query for which it found a reservation.
const std::string KNOWN = "KNOWN";

/// @brief Whether Kea looks reservations up anywhere but in the
/// configuration file (a host database).
bool
hostSources() {
    return (!HostMgr::instance().getHostDataSourceList().empty());
}

/// @brief Logs the errors of a list found while serving (a reservation's:
/// PCPSEL_HOST_ERROR; a scope changed at run time: PCPSEL_RUNTIME_ERROR).
class ServingReport : public Report {
public:
    explicit ServingReport(const isc::log::MessageID& id) : id_(id) {
    }
    void error(const std::string& msg) override {
        LOG_ERROR(pcpsel_logger, id_).arg(msg);
    }
    void warning(const std::string& msg) override {
        LOG_WARN(pcpsel_logger, PCPSEL_CONFIG_WARNING).arg(msg);
    }
private:
    const isc::log::MessageID& id_;
};

/// @brief Where host_cmds puts reservations without a host database.
const char MEMORY[] = "in Kea's memory";

/// @brief Whether @c name ends with @c tail.
bool
endsWith(const std::string& name, const char* tail) {
    const size_t n = std::strlen(tail);
    return (name.size() >= n && name.compare(name.size() - n, n, tail) == 0);
}

/// @brief Whether Kea command @c name starts with @c prefix and is not a
/// query (-get..., -list, -select-test).
bool
changing(const std::string& name, const char* prefix) {
    const size_t n = std::strlen(prefix);
    if (name.compare(0, n, prefix) != 0) {
        return (false);
    }
    // (the prefix ends with its '-': "reservation-get" is a query)
    return (name.find("-get", n - 1) == std::string::npos &&
            !endsWith(name, "-list") && !endsWith(name, "-test"));
}

/// @brief Where nothing is reported (an index without scopes has nothing
/// to report).
class Silent : public Report {
public:
    void error(const std::string&) override {
    }
    void warning(const std::string&) override {
    }
};

} // namespace

PcpselImpl::PcpselImpl(int family, const HookParams& params)
    : family_(family), params_(params), changed_(0), present_logged_(false),
      debug_sent_(sentLogged()) {
    ServerSetPtr global;
    if (params_.servers_) {
        global.reset(new ServerSet(params_.servers_, "global"));
    }
    Silent silent;
    index_.reset(new ScopeIndex(family_, ScopeLists(), nullptr, global,
                                silent));
    newLists();
}

void
PcpselImpl::newLists() {
    host_report_.reset(new ServingReport(PCPSEL_HOST_ERROR));
    host_lists_.reset(new HostLists(family_, *host_report_));
    mem_lists_.reset(new HostLists(family_, *host_report_, MEMORY));
    runtime_report_.reset(new ServingReport(PCPSEL_RUNTIME_ERROR));
    runtime_lists_.reset(new ContextLists(family_, *runtime_report_));
}

unsigned
PcpselImpl::changesOf(const std::string& name) {
    if (changing(name, "subnet4-") || changing(name, "subnet6-") ||
        changing(name, "network4-") || changing(name, "network6-")) {
        return (CHANGED_SUBNETS);
    }
    if (changing(name, "reservation-")) {
        return (CHANGED_HOSTS);
    }
    if (changing(name, "class-")) {
        return (CHANGED_CLASSES);
    }
    return (0);
}

PcpselImpl::PcpselImpl(const PcpselImpl& base, const ConstElementPtr& daemon,
                       const SrvConfig* cfg, Report& report)
    : family_(base.family_), params_(base.params_), changed_(0),
      present_logged_(false), debug_sent_(sentLogged()) {
    size_t errors = 0;
    std::string first;
    // every error is reported; the first one is also the exception's
    class Counting : public Report {
    public:
        Counting(Report& r, size_t& n, std::string& first)
            : r_(r), n_(n), first_(first) {
        }
        void error(const std::string& msg) override {
            if (n_++ == 0) {
                first_ = msg;
            }
            r_.error(msg);
        }
        void warning(const std::string& msg) override {
            r_.warning(msg);
        }
    private:
        Report& r_;
        size_t& n_;
        std::string& first_;
    } counting(report, errors, first);

    ScopeLists lists = checkScopes(family_, daemon, counting, false);
    if (errors) {
        throw ConfigError(errors == 1 ? first : first + " (and " +
                          std::to_string(errors - 1) + " more " +
                          (errors == 2 ? "error)" : "errors)"));
    }
    index_.reset(new ScopeIndex(family_, lists, cfg,
                                base.index_->getGlobal(), counting));
    // a new configuration: reservations are checked again when next seen
    newLists();
}

std::string
PcpselImpl::describeGlobal() const {
    const ServerSetPtr& g = index_->getGlobal();
    if (!g) {
        return ("none");
    }
    if (g->empty()) {
        return ("empty (send no PCP server)");
    }
    // "1 instance(s) of option 158, data 04C0000201"
    static const char hex[] = "0123456789ABCDEF";
    const Instances& insts = g->getList().getInstances();
    std::string s = std::to_string(insts.size()) + " instance(s) of option " +
        std::to_string(family_ == 4 ? PCPSEL_DHCPV4_OPTION :
                       PCPSEL_DHCPV6_OPTION) + ", data";
    for (auto const& inst : insts) {
        s += ' ';
        for (uint8_t b : inst) {
            s += hex[b >> 4];
            s += hex[b & 15];
        }
    }
    return (s);
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

template <typename F>
size_t
PcpselImpl::process(const typename F::PktPtr& query,
                    const typename F::PktPtr& response,
                    SentSubnet& sent) const {
    if (!F::configReply(*response)) {
        return (0);
    }
    const char* why = nullptr;
    if (!params_.always_send_ && !F::asked(*query, why)) {
        LOG_DEBUG(pcpsel_logger, isc::log::DBGLVL_TRACE_DETAIL, PCPSEL_SKIPPED)
            .arg(query->getLabel()).arg(why);
        return (0);
    }
    if (present(*response, F::CODE, *query)) {
        return (0);
    }
    const ScopeIndex& index = *index_;

    // Since this configuration, has Kea processed a command that changes
    // subnets or reservations without applying a configuration (subnet_cmds,
    // host_cmds)?  Until one does, nothing below costs more than it did.
    const unsigned changed = changed_.load(std::memory_order_relaxed);
    const bool memory = changed & CHANGED_HOSTS;
    const bool db = params_.host_db_lookup_ && hostSources();

    // Kea found a reservation for the query (the class KNOWN), and may
    // have found it in a host database or (after host_cmds) in memory: its
    // list may come from there.  (Whether Kea has such a source at all is
    // asked first: a look at one vector, where the class look-up compares
    // strings.)
    const bool known = index.keaIdentTypes() && (memory || db) &&
        query->inClass(KNOWN);

    // the subnet Kea selected (Kea 2.6 and later say it), asked once
    KeaSubnetPtr kea_subnet;
    int said = -1;              // -1: not asked, 0: Kea did not say, 1: said
    auto keaSaid = [&]() {
        if (said < 0) {
            said = sent.get(kea_subnet) ? 1 : 0;
        }
        return (said == 1);
    };
    // after subnet_cmds, Kea's subnet object is the authority: a subnet
    // may have been added, deleted or changed since the index was built
    const bool by_kea = (changed & CHANGED_SUBNETS) && keaSaid();

    // the subnet: the one holding the reply's address (the subnet Kea
    // chose it from) or its relay's; without one, the subnet Kea selected
    // (Kea 2.6 and later say it), else the interface's
    long subnet = -1;
    if (by_kea) {
        subnet = kea_subnet ? index.subnetById(kea_subnet->getID()) : -1;
    } else if (index.bySubnet() || known) {
        subnet = F::subnetByAddress(index, *query, *response);
        if (subnet < 0 && keaSaid()) {
            subnet = kea_subnet ? index.subnetById(kea_subnet->getID()) : -1;
        } else if (subnet < 0 && index.byIface()) {
            subnet = index.subnetByIface(query->getIface());
        }
    }
    Ident idents[IDENT_TYPES];
    typename F::Keep keep;
    const unsigned types = index.identTypes() |
        (known ? index.keaIdentTypes() : 0);
    if (types) {
        F::idents(*query, types, idents, keep);
    }
    // reservation (configuration file, else where Kea found it), client
    // class, subnet or shared network, global.  After host_cmds the file's
    // reservations may have been changed or deleted in Kea's memory: the
    // reservation is then only the one Kea has.
    const ServerSet* set = nullptr;
    if ((!memory || !index.keaIdentTypes()) && index.identTypes()) {
        set = index.selectHost(subnet, idents);
    }
    ServerSetPtr found;
    if (!set && known) {
        SubnetID id = index.subnetIdOf(subnet);
        if (keaSaid()) {
            id = kea_subnet ? kea_subnet->getID() : SUBNET_ID_UNUSED;
        }
        found = findHost<F>(id, idents, memory, db);
        set = found.get();
    }
    if (!set) {
        // after class_cmds, Kea's class dictionary is the authority: a
        // class may have been added, deleted or given another list
        set = (changed & CHANGED_CLASSES) ? keaClassList(*query, found) :
            index.selectClass(*query);
    }
    if (!set) {
        set = by_kea ? keaSubnetList(kea_subnet, subnet, found) :
            index.subnetList(subnet);
    }
    if (!set) {
        set = index.getGlobal().get();
    }
    if (!set || set->empty()) {
        LOG_DEBUG(pcpsel_logger, isc::log::DBGLVL_TRACE_DETAIL, PCPSEL_SKIPPED)
            .arg(query->getLabel())
            .arg(set ? "empty list in " + set->getScope() :
                 std::string("no pcp-servers configured"));
        return (0);
    }

    const size_t room = F::room(*query, *response);
    // Kea's Pkt4::pack() briefly swaps the sub-option container of every
    // option it packs, so with several packet threads each DHCPv4 reply
    // gets its own copy; DHCPv6 packs options without changing them.
    const bool copy = F::FAMILY == 4 &&
        isc::util::MultiThreadingMgr::instance().getMode();
    Attached done = set->attach(*response, room, copy);
    if (done.trimmed_ && set->firstTrim()) {
        LOG_WARN(pcpsel_logger, PCPSEL_TRIMMED)
            .arg(query->getLabel()).arg(set->getScope())
            .arg(done.servers_).arg(set->getList().getCount())
            .arg(room);
    }
    if (done.servers_ == 0) {
        LOG_DEBUG(pcpsel_logger, isc::log::DBGLVL_TRACE_DETAIL, PCPSEL_SKIPPED)
            .arg(query->getLabel())
            .arg("no room in the reply for the first server of " +
                 set->getScope());
        return (0);
    }
    if (debug_sent_) {
        LOG_DEBUG(pcpsel_logger, isc::log::DBGLVL_TRACE_BASIC, PCPSEL_SENT)
            .arg(query->getLabel()).arg(done.instances_).arg(F::CODE)
            .arg(set->getScope());
    }
    return (done.servers_);
}

template <typename F>
ServerSetPtr
PcpselImpl::findHost(SubnetID id, const Ident idents[], bool memory,
                     bool db) const {
    // as Kea: the reservation of the subnet, by the first identifier type
    // (in Kea's order) that has one, else a global reservation; for each,
    // Kea's memory first, then its host databases (HostMgr::get4/get6)
    ConstCfgHostsPtr hosts;
    if (memory) {
        hosts = CfgMgr::instance().getCurrentCfg()->getCfgHosts();
    }
    for (int pass = 0; pass < 2; ++pass) {
        const SubnetID w = pass == 0 ? id : SUBNET_ID_GLOBAL;
        if (w == SUBNET_ID_UNUSED || (pass == 1 && id == SUBNET_ID_GLOBAL)) {
            continue;
        }
        for (int t : index_->keaIdentOrder()) {
            if (!idents[t].len_) {
                continue;
            }
            if (hosts) {
                ConstHostPtr host = F::findMemHost(*hosts, w, t, idents[t]);
                if (host) {
                    return (mem_lists_->get(*host));
                }
            }
            if (db) {
                ConstHostPtr host = F::findHost(w, t, idents[t]);
                if (host) {
                    return (host_lists_->get(*host));
                }
            }
        }
    }
    return (ServerSetPtr());
}

const ServerSet*
PcpselImpl::keaSubnetList(const KeaSubnetPtr& kea, long subnet,
                          ServerSetPtr& keep) const {
    if (!kea) {
        return (nullptr);
    }
    ConstElementPtr ctx = kea->getContext();
    NetworkPtr net;
    kea->getSharedNetwork(net);
    ConstElementPtr net_ctx = net ? net->getContext() : ConstElementPtr();
    // unchanged since the index was built: its list (no parse, no lock)
    if (index_->sameContexts(subnet, ctx, net_ctx)) {
        return (index_->subnetList(subnet));
    }
    // added or changed by a command: the list of its own user-context,
    // else of its shared network's (each checked once, by keacfg)
    keep = runtime_lists_->get(ctx, [&kea]() {
        return ("subnet " + kea->toText() + " (id " +
                std::to_string(kea->getID()) + ") changed at run time");
    });
    if (!keep && net_ctx) {
        keep = runtime_lists_->get(net_ctx, [&kea]() {
            return ("shared network " + kea->getSharedNetworkName() +
                    " changed at run time");
        });
    }
    return (keep.get());
}

const ServerSet*
PcpselImpl::keaClassList(const Pkt& query, ServerSetPtr& keep) const {
    // Kea's classes as class_cmds left them (it changes them with the
    // packet threads stopped), in the dictionary's order: the index's rule
    // (first in configuration order) on Kea's current classes.  Membership
    // is the query's: Kea evaluated the tests when it received it.
    ClientClassDictionaryPtr dict =
        CfgMgr::instance().getCurrentCfg()->getClientClassDictionary();
    const ClientClasses& in = query.getClasses();
    if (!dict || in.empty()) {
        return (nullptr);
    }
    const ClientClassDefListPtr& defs = dict->getClasses();
    if (!defs) {
        return (nullptr);
    }
    for (auto const& def : *defs) {
        if (!def) {
            continue;
        }
        ConstElementPtr ctx = def->getContext();
        if (!ctx || ctx->getType() != Element::map ||
            !ctx->contains("pcp-servers") || !in.contains(def->getName())) {
            continue;
        }
        // checked once per context; a bad one (logged once) is skipped
        ServerSetPtr set = runtime_lists_->get(ctx, [&def]() {
            return ("client class " + def->getName() + " (class_cmds)");
        });
        if (set) {
            keep = set;
            return (keep.get());
        }
    }
    return (nullptr);
}

size_t
PcpselImpl::process4(const Pkt4Ptr& query, const Pkt4Ptr& response,
                     SentSubnet& subnet) const {
    return (process<V4>(query, response, subnet));
}

size_t
PcpselImpl::process6(const Pkt6Ptr& query, const Pkt6Ptr& response,
                     SentSubnet& subnet) const {
    return (process<V6>(query, response, subnet));
}

} // namespace pcpsel
} // namespace isc
