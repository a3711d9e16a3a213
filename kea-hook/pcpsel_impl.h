/* SPDX-License-Identifier: BSD-2-Clause */
// pcpsel_impl.h - the pcpsel Kea hook without CalloutHandle: its
// configuration and the per-reply path
//
// A PcpselImpl is made by load() from the hook parameters, and made again
// from it with the scopes when the server has applied a configuration
// (dhcp4_srv_configured / dhcp6_srv_configured); the callouts then publish
// it as a pointer to a constant object.  Reading the configuration is
// keacfg's (the same code as `pcpsel kea-check`); indexing it is
// ScopeIndex's (pcpsel_index.h).  The per-reply path, one skeleton for
// DHCPv4 and DHCPv6, is const: it parses nothing and only chooses among
// the option objects built with the index, so any number of packet
// threads may use one object at the same time.

#ifndef PCPSEL_IMPL_H
#define PCPSEL_IMPL_H

#include <cc/data.h>
#include <dhcp/pkt4.h>
#include <dhcp/pkt6.h>
#include <dhcpsrv/srv_config.h>
#include <dhcpsrv/subnet.h>
#include <dhcpsrv/subnet_id.h>

#include "pcpsel_hostdb.h"
#include "pcpsel_index.h"
#include "pcpsel_runtime.h"
#include "server_list.h"

#include <atomic>
#include <memory>
#include <stdexcept>
#include <string>

namespace isc {
namespace pcpsel {

/// @brief A refused configuration; what() is its first error and how many
/// more there were (each was reported).
class ConfigError : public std::runtime_error {
public:
    explicit ConfigError(const std::string& msg) : std::runtime_error(msg) {
    }
};

/// @brief Kea's subnet object, as the hook reads it (Kea 2.2 names no
/// pointer to a constant Subnet).
typedef boost::shared_ptr<const isc::dhcp::Subnet> KeaSubnetPtr;

/// @brief Asked, only when a list depends on it, for the subnet Kea
/// selected for the reply (Kea 2.6 and later say it).
class SentSubnet {
public:
    virtual ~SentSubnet() {
    }

    /// @brief True and @c subnet, Kea's subnet object, if Kea said (null:
    /// no subnet); false: find it from the packets.
    virtual bool get(KeaSubnetPtr& subnet) = 0;
};

/// @brief The hook's configuration and per-reply logic.
class PcpselImpl {
public:
    /// @brief The hook parameters of a daemon of @c family (4 or 6), read
    /// by parseParams(); no scopes yet.
    PcpselImpl(int family, const HookParams& params);

    /// @brief @c base's parameters with the scopes of @c daemon, the map
    /// of the daemon as Kea parsed it (json_config of dhcpX_srv_configured),
    /// and @c cfg, Kea's parsed configuration (subnet IDs; may be null).
    /// Errors and warnings go to @c report.
    ///
    /// @throw ConfigError after reporting each error; std::bad_alloc
    PcpselImpl(const PcpselImpl& base, const isc::data::ConstElementPtr& daemon,
               const isc::dhcp::SrvConfig* cfg, Report& report);

    PcpselImpl& operator=(const PcpselImpl&) = delete;

    /// @brief Add option 158 to a DHCPOFFER or DHCPACK if the client asked
    /// for it (or always-send) and the reply does not carry it yet.
    ///
    /// @return the number of servers added.
    size_t process4(const isc::dhcp::Pkt4Ptr& query,
                    const isc::dhcp::Pkt4Ptr& response,
                    SentSubnet& subnet) const;

    /// @brief Add option 86 (one instance per server) to an ADVERTISE or
    /// REPLY, on the same conditions.
    ///
    /// @return the number of servers added.
    size_t process6(const isc::dhcp::Pkt6Ptr& query,
                    const isc::dhcp::Pkt6Ptr& response,
                    SentSubnet& subnet) const;

    int getFamily() const {
        return (family_);
    }

    bool getAlwaysSend() const {
        return (params_.always_send_);
    }

    /// @brief What a command may have changed in Kea's configuration
    /// without applying one (bits of changesOf()).
    static const unsigned CHANGED_SUBNETS = 1;  ///< subnets, networks
    static const unsigned CHANGED_HOSTS = 2;    ///< in-memory reservations
    static const unsigned CHANGED_CLASSES = 4;  ///< client classes

    /// @brief What Kea's command @c name may change: subnet_cmds'
    /// subnetX-* and networkX-* commands CHANGED_SUBNETS, host_cmds'
    /// reservation-* CHANGED_HOSTS, class_cmds' class-* CHANGED_CLASSES;
    /// their -get and -list commands and
    /// every other command nothing.
    static unsigned changesOf(const std::string& name);

    /// @brief Kea processed a command that may have changed @c what
    /// (changesOf()): from now on, per reply, take those scopes from Kea's
    /// objects.  Returns the bits that were not set before.
    unsigned noteChanges(unsigned what) const {
        return (what & ~changed_.fetch_or(what));
    }

    /// @brief The bits noteChanges() set since this configuration.
    unsigned getChanged() const {
        return (changed_.load(std::memory_order_relaxed));
    }

    const HookParams& getParams() const {
        return (params_);
    }

    const ScopeIndex& getIndex() const {
        return (*index_);
    }

    /// @brief The lists of host-database reservations seen so far.
    const HostLists& getHostLists() const {
        return (*host_lists_);
    }

    /// @brief The lists of in-memory reservations seen so far (looked up
    /// after a host_cmds command).
    const HostLists& getMemoryLists() const {
        return (*mem_lists_);
    }

    /// @brief The lists of subnets and networks changed at run time.
    const ContextLists& getRuntimeLists() const {
        return (*runtime_lists_);
    }

    /// @brief A short description of the global list for the log.
    std::string describeGlobal() const;

private:
    /// @brief The per-reply path of family @c F (V4 or V6 in the .cc).
    template <typename F>
    size_t process(const typename F::PktPtr& query,
                   const typename F::PktPtr& response,
                   SentSubnet& subnet) const;

    /// @brief The list of the reservation Kea found for a KNOWN query
    /// (pcpsel_hostdb.h): in Kea's subnet @c id, else global, looked up in
    /// Kea's memory (@c memory: after a host_cmds command) and in its host
    /// databases (@c db); null: none, or none with a list.
    template <typename F>
    ServerSetPtr findHost(isc::dhcp::SubnetID id, const Ident idents[],
                          bool memory, bool db) const;

    /// @brief Step 3 (subnet, shared network) for Kea's subnet object
    /// @c kea (null: none), our subnet @c subnet of its ID: the index's
    /// list while its user-contexts are the indexed ones, else the list of
    /// the object's own user-context, else of its shared network's (kept
    /// in @c keep); null: none.
    const ServerSet* keaSubnetList(const KeaSubnetPtr& kea,
                                   long subnet, ServerSetPtr& keep) const;

    /// @brief Step 2 (client class) after a class_cmds command: of Kea's
    /// current client classes, in their order (the configuration's, with
    /// class-add's at the end), the first the query is in whose
    /// user-context has a good list (kept in @c keep); null: none.
    const ServerSet* keaClassList(const isc::dhcp::Pkt& query,
                                  ServerSetPtr& keep) const;

    /// @brief The tables of lists found while serving, empty.
    void newLists();

    /// @brief Whether @c response carries option @c code already (it is
    /// then left as it is; logged once).
    bool present(const isc::dhcp::Pkt& response, uint16_t code,
                 const isc::dhcp::Pkt& query) const;

    int family_;
    HookParams params_;
    std::shared_ptr<const ScopeIndex> index_;
    /// @brief Where host-database reservations' errors are logged.
    std::unique_ptr<Report> host_report_;
    /// @brief Their lists (its own lock: any packet thread may add).
    std::unique_ptr<HostLists> host_lists_;
    /// @brief The lists of reservations in Kea's memory (host_cmds).
    std::unique_ptr<HostLists> mem_lists_;
    /// @brief Where changed subnets' errors are logged; their lists.
    std::unique_ptr<Report> runtime_report_;
    std::unique_ptr<ContextLists> runtime_lists_;

    /// @brief CHANGED_* bits: commands processed since this configuration.
    mutable std::atomic<unsigned> changed_;

    /// @brief Set once PCPSEL_OPTION_PRESENT has been logged.
    mutable std::atomic<bool> present_logged_;

    /// @brief Whether PCPSEL_SENT (debug, DBGLVL_TRACE_BASIC) is logged,
    /// asked when this object is built: Kea applies a configuration's
    /// loggers before it calls dhcpX_srv_configured, which builds a new
    /// one, and changes them no other way; asking per reply cost 0.09 k
    /// instructions (BENCHMARKS.md, Round 2e).
    const bool debug_sent_;
};

/// @brief Pointer to a constant configuration.
typedef std::shared_ptr<const PcpselImpl> PcpselImplPtr;

} // namespace pcpsel
} // namespace isc

#endif // PCPSEL_IMPL_H
