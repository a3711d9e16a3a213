// pcpsel_callouts.cc - entry points of the pcpsel Kea hook (libdhcp_pcpsel)
//
// One library for kea-dhcp4 and kea-dhcp6.  Hook points:
//  - dhcp4_srv_configured / dhcp6_srv_configured (once per configuration,
//    free per packet): read every "pcp-servers" user-context and build the
//    option objects; a bad value makes the server refuse the configuration.
//  - pkt4_send / pkt6_send (per packet): choose and attach them.
// The logic is in PcpselImpl; this file only unpacks Kea's arguments.

#include <dhcpsrv/cfgmgr.h>
#include <dhcpsrv/srv_config.h>
#include <hooks/hooks.h>
#include <process/daemon.h>

#include "pcpsel_impl.h"
#include "pcpsel_log.h"

#include <string>

using namespace isc::dhcp;
using namespace isc::hooks;
using namespace isc::pcpsel;

namespace {

/// @brief The configuration in use.  Written only by load(), unload() and
/// the srv_configured callouts, while Kea processes no packets; the packet
/// callouts only copy the pointer to a constant object.
PcpselImplPtr impl;

/// @brief Shared part of dhcp4_srv_configured and dhcp6_srv_configured.
int
srvConfigured(CalloutHandle& handle) {
    if (!impl) {
        return (0);
    }
    try {
        SrvConfigPtr cfg;
        handle.getArgument("server_config", cfg);
        if (!cfg) {
            return (0);
        }
        boost::shared_ptr<PcpselImpl> next(new PcpselImpl(*impl));
        next->configureScopes(*cfg);
        impl = next;
        const ScopeCounts& c = impl->getCounts();
        LOG_INFO(pcpsel_logger, PCPSEL_CONFIGURED)
            .arg(PcpselImpl::describe(impl->getGlobal()))
            .arg(c.networks_).arg(c.subnets_).arg(c.classes_).arg(c.hosts_);
    } catch (const std::exception& ex) {
        // Kea 2.2 turns NEXT_STEP_DROP with an "error" argument into a
        // configuration failure carrying that text: at startup the server
        // exits; on reload it logs DHCPx_CONFIG_UNRECOVERABLE_ERROR but may
        // go on answering, so the hook then sends nothing at all rather
        // than lists that ignore the scopes.
        impl.reset();
        LOG_ERROR(pcpsel_logger, PCPSEL_CONFIG_ERROR).arg(ex.what());
        handle.setArgument("error", std::string(ex.what()));
        handle.setStatus(CalloutHandle::NEXT_STEP_DROP);
    }
    return (0);
}

/// @brief Shared part of pkt4_send and pkt6_send: hand the query and the
/// reply of a daemon of @c family to @c Process (PcpselImpl::process4 or
/// process6; a template argument, so the call is direct).
template <typename PktPtr,
          size_t (PcpselImpl::*Process)(const PktPtr&, const PktPtr&) const>
int
pktSend(CalloutHandle& handle, int family, const char* query_name,
        const char* response_name) {
    // DROP: the reply is dropped; SKIP: another library packs it.
    CalloutHandle::CalloutNextStep status = handle.getStatus();
    if (status == CalloutHandle::NEXT_STEP_DROP ||
        status == CalloutHandle::NEXT_STEP_SKIP) {
        return (0);
    }
    PcpselImplPtr cfg = impl;
    if (!cfg || cfg->getFamily() != family) {
        return (0);
    }
    PktPtr query;
    PktPtr response;
    handle.getArgument(query_name, query);
    handle.getArgument(response_name, response);
    if (!query || !response) {
        return (0);
    }
    try {
        ((*cfg).*Process)(query, response);
    } catch (const std::exception& ex) {
        LOG_ERROR(pcpsel_logger, PCPSEL_PROCESS_ERROR)
            .arg(query->getLabel()).arg(ex.what());
    }
    return (0);
}

} // namespace

extern "C" {

/// @brief Check the daemon, parse the parameters, publish the result.
int
load(LibraryHandle& handle) {
    try {
        std::string proc = isc::process::Daemon::getProcName();
        int family;
        if (proc == "kea-dhcp4") {
            family = 4;
        } else if (proc == "kea-dhcp6") {
            family = 6;
        } else {
            throw ConfigError("the library serves kea-dhcp4 and kea-dhcp6 "
                              "only, not \"" + proc + "\"");
        }
        boost::shared_ptr<PcpselImpl> next(new PcpselImpl(family));
        next->configure(handle.getParameters());
        impl = next;
        LOG_INFO(pcpsel_logger, PCPSEL_LOAD).arg(proc)
            .arg(impl->getAlwaysSend() ? "true" : "false")
            .arg(PcpselImpl::describe(impl->getGlobal()));
    } catch (const std::exception& ex) {
        impl.reset();
        LOG_ERROR(pcpsel_logger, PCPSEL_LOAD_ERROR).arg(ex.what());
        return (1);
    }
    return (0);
}

/// @brief Drop the configuration (also after a failed load()).
int
unload() {
    if (impl) {
        LOG_INFO(pcpsel_logger, PCPSEL_UNLOAD);
    }
    impl.reset();
    return (0);
}

/// @brief The packet callouts read only a constant configuration.
int
multi_threading_compatible() {
    return (1);
}

/// @brief kea-dhcp4 applied a configuration.
int
dhcp4_srv_configured(CalloutHandle& handle) {
    return (srvConfigured(handle));
}

/// @brief kea-dhcp6 applied a configuration.
int
dhcp6_srv_configured(CalloutHandle& handle) {
    return (srvConfigured(handle));
}

/// @brief Add option 158 to an OFFER or ACK.
int
pkt4_send(CalloutHandle& handle) {
    return (pktSend<Pkt4Ptr, &PcpselImpl::process4>(handle, 4, "query4",
                                                    "response4"));
}

/// @brief Add option 86 to an ADVERTISE or REPLY.
int
pkt6_send(CalloutHandle& handle) {
    return (pktSend<Pkt6Ptr, &PcpselImpl::process6>(handle, 6, "query6",
                                                    "response6"));
}

} // extern "C"
