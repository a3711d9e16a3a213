// pcpsel_impl.h - the logic of the pcpsel Kea hook, without CalloutHandle
//
// A PcpselImpl is built at load() (hook parameters) and rebuilt when the
// server has applied a configuration (dhcp4_srv_configured /
// dhcp6_srv_configured: every "pcp-servers" user-context), then published
// as a pointer to a constant object.  The per-packet functions are const,
// parse nothing and only choose among option objects built here, so any
// number of packet threads may use one object at the same time.

#ifndef PCPSEL_IMPL_H
#define PCPSEL_IMPL_H

#include <cc/data.h>
#include <dhcp/option.h>
#include <dhcp/pkt4.h>
#include <dhcp/pkt6.h>
#include <dhcpsrv/host.h>
#include <dhcpsrv/srv_config.h>
#include <dhcpsrv/subnet_id.h>

#include <boost/shared_ptr.hpp>

#include <array>
#include <atomic>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

struct pcpsel_wire;

namespace isc {
namespace pcpsel {

/// @brief DHCPv4 OPTION_V4_PCP_SERVER (RFC 7291 §4.1).
const uint16_t DHO_PCP_SERVER = 158;

/// @brief DHCPv6 OPTION_V6_PCP_SERVER (RFC 7291 §3.1).
const uint16_t D6O_PCP_SERVER = 86;

/// @brief A bad configuration value; what() is the message for the log.
class ConfigError : public std::runtime_error {
public:
    explicit ConfigError(const std::string& msg) : std::runtime_error(msg) {
    }
};

/// @brief The option instances of one scope, built once.
struct ServerSet {
    /// @brief One option object per instance (may be empty: send nothing).
    std::vector<isc::dhcp::OptionPtr> options_;

    /// @brief The scope, for the log ("subnet 192.0.2.0/24 (id 1)", ...).
    std::string scope_;
};

/// @brief Pointer to a constant server set.
typedef boost::shared_ptr<const ServerSet> ServerSetPtr;

/// @brief Number of scopes of each kind that carry their own list.
struct ScopeCounts {
    size_t networks_ = 0;
    size_t subnets_ = 0;
    size_t classes_ = 0;
    size_t hosts_ = 0;
};

/// @brief The hook's configuration and per-packet logic.
class PcpselImpl {
public:
    /// @brief An empty configuration for a daemon of @c family (4 or 6).
    explicit PcpselImpl(int family);

    /// @brief A copy of the hook parameters of @c other, without scopes.
    PcpselImpl(const PcpselImpl& other);

    PcpselImpl& operator=(const PcpselImpl&) = delete;

    /// @brief Parse the hook library's "parameters" map (may be null).
    ///
    /// @throw ConfigError with libpcpsel's message on a bad value.
    void configure(const isc::data::ConstElementPtr& params);

    /// @brief Read every "pcp-servers" user-context of @c cfg: shared
    /// networks, subnets, client classes, host reservations.
    ///
    /// @throw ConfigError with libpcpsel's message on a bad value.
    void configureScopes(const isc::dhcp::SrvConfig& cfg);

    /// @brief Add option 158 to a DHCPOFFER or DHCPACK if the client asked
    /// for it (or always-send) and the reply does not carry it yet.
    ///
    /// @return the number of instances added.
    size_t process4(const isc::dhcp::Pkt4Ptr& query,
                    const isc::dhcp::Pkt4Ptr& response) const;

    /// @brief Add option 86 (one instance per server) to an ADVERTISE or
    /// REPLY, on the same conditions.
    ///
    /// @return the number of instances added.
    size_t process6(const isc::dhcp::Pkt6Ptr& query,
                    const isc::dhcp::Pkt6Ptr& response) const;

    /// @brief The daemon family, 4 or 6.
    int getFamily() const {
        return (family_);
    }

    /// @brief Whether always-send is set.
    bool getAlwaysSend() const {
        return (always_send_);
    }

    /// @brief The global list (null: no "pcp-servers" parameter).
    const ServerSetPtr& getGlobal() const {
        return (global_);
    }

    /// @brief How many scopes carry a list.
    const ScopeCounts& getCounts() const {
        return (counts_);
    }

    /// @brief A short description of a server set for the log.
    static std::string describe(const ServerSetPtr& set);

private:
    /// @brief A subnet known to the hook.
    struct SubnetEntry {
        isc::dhcp::SubnetID id_;
        /// @brief The subnet's list, else its shared network's, else null.
        ServerSetPtr servers_;
    };

    /// @brief All subnets of one prefix length, sorted by network.
    struct PrefixGroup {
        unsigned len_;                  ///< in bits, of the 16-byte form
        std::vector<std::pair<std::array<uint8_t, 16>, size_t> > nets_;
    };

    /// @brief A host reservation with its own list.
    struct HostEntry {
        isc::dhcp::SubnetID subnet_;
        int type_;
        std::vector<uint8_t> ident_;
        ServerSetPtr servers_;
    };

    /// @brief Build the option objects of one libpcpsel wire object.
    ServerSetPtr makeSet(struct pcpsel_wire* wire,
                         const std::string& scope) const;

    /// @brief The list in user-context @c ctx, or null if it has none.
    ServerSetPtr fromContext(const isc::data::ConstElementPtr& ctx,
                             const std::string& scope) const;

    /// @brief Fill subnets_, prefixes_, ifaces_ (v4 or v6 types).
    template <typename CfgSubnetsPtr, typename CfgNetworksPtr>
    void scanSubnets(const CfgSubnetsPtr& subnets,
                     const CfgNetworksPtr& networks);

    /// @brief Fill hosts_ from @c hosts (all subnets, and global).
    void scanHosts(const isc::dhcp::SrvConfig& cfg);

    /// @brief The subnet holding @c addr (16-byte form), or -1.
    long findSubnet(const uint8_t* addr) const;

    /// @brief The subnet serving interface @c iface, or -1.
    long findIface(const std::string& iface) const;

    /// @brief A client identifier of a packet (borrowed bytes).
    struct Ident {
        const uint8_t* data_ = nullptr;
        size_t len_ = 0;
    };

    /// @brief Identifier types, in the order reservations are looked up.
    static const int IDENT_TYPES = isc::dhcp::Host::IDENT_CLIENT_ID + 1;

    /// @brief Most specific list: reservation, class, subnet (or its
    /// shared network), global.  Null: nothing configured.
    const ServerSet* select(const isc::dhcp::Pkt& query, long subnet,
                            const Ident idents[]) const;

    /// @brief The reservation entry for (subnet, type, bytes), or null.
    const ServerSet* findHost(isc::dhcp::SubnetID subnet, int type,
                              const Ident& ident) const;

    /// @brief Whether @c response carries option @c code already (it is
    /// then left as it is; logged once).
    bool present(const isc::dhcp::Pkt& response, uint16_t code,
                 const isc::dhcp::Pkt& query) const;

    /// @brief Attach @c set (the result of select()) to @c response; logs,
    /// also when @c set is null or empty (nothing is attached then).
    size_t attach(isc::dhcp::Pkt& response, uint16_t code,
                  const ServerSet* set, const isc::dhcp::Pkt& query) const;

    int family_;
    bool always_send_;
    ServerSetPtr global_;

    std::vector<SubnetEntry> subnets_;
    std::vector<PrefixGroup> prefixes_;         ///< longest first
    std::vector<std::pair<std::string, size_t> > ifaces_;
    std::vector<std::pair<std::string, ServerSetPtr> > classes_;
    std::vector<HostEntry> hosts_;              ///< sorted
    unsigned host_types_;                       ///< bit per identifier type
    ScopeCounts counts_;

    /// @brief Set once PCPSEL_OPTION_PRESENT has been logged.
    mutable std::atomic<bool> present_logged_;
};

/// @brief Pointer to a constant configuration.
typedef boost::shared_ptr<const PcpselImpl> PcpselImplPtr;

} // namespace pcpsel
} // namespace isc

#endif // PCPSEL_IMPL_H
