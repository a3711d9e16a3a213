// SPDX-License-Identifier: BSD-2-Clause
// pcpsel_callouts.cc - entry points of the pcpsel Kea hook (libdhcp_pcpsel)
//
// One library for kea-dhcp4 and kea-dhcp6.  Hook points:
//  - dhcp4_srv_configured / dhcp6_srv_configured (once per configuration,
//    free per packet): check every "pcp-servers" setting of the
//    configuration Kea parsed (json_config) and build the scope index; a
//    bad value makes the server refuse the configuration.
//  - pkt4_send / pkt6_send (per packet): choose and attach a list.
//  - command_processed (once per command on the control channel): notes
//    that a command of subnet_cmds, host_cmds or class_cmds may have changed
//    subnets, reservations or client classes without applying a
//    configuration, so that the packet
//    callouts then take those scopes from Kea's objects (pcpsel_runtime.h).
// The logic is in PcpselImpl; this file only unpacks Kea's arguments.

#include <dhcpsrv/srv_config.h>
#include <hooks/hooks.h>
#include <process/daemon.h>

#include "kea_compat.h"
#include "pcpsel_impl.h"
#include "pcpsel_log.h"

#include <string>

using namespace isc::data;
using namespace isc::dhcp;
using namespace isc::hooks;
using namespace isc::pcpsel;

namespace {

/// @brief Kea's argument names (made once: a std::string per call costs).
const std::string QUERY4 = "query4";
const std::string RESPONSE4 = "response4";
const std::string QUERY6 = "query6";
const std::string RESPONSE6 = "response6";

/// @brief The configuration in use.  Written only by load(), unload() and
/// the srv_configured callouts, while Kea processes no packets; the packet
/// callouts only copy the pointer to a constant object.
PcpselImplPtr impl;

/// @brief Logs what a configuration check reports with message ID
/// @c error_id (errors) and PCPSEL_CONFIG_WARNING.
class LogReport : public Report {
public:
    explicit LogReport(const isc::log::MessageID& error_id)
        : error_id_(error_id) {
    }
    void error(const std::string& msg) override {
        LOG_ERROR(pcpsel_logger, error_id_).arg(msg);
    }
    void warning(const std::string& msg) override {
        LOG_WARN(pcpsel_logger, PCPSEL_CONFIG_WARNING).arg(msg);
    }
private:
    const isc::log::MessageID& error_id_;
};

/// @brief Shared part of dhcp4_srv_configured and dhcp6_srv_configured.
int
srvConfigured(CalloutHandle& handle) {
    if (!impl) {
        return (0);
    }
    try {
        ConstElementPtr daemon;
        SrvConfigPtr cfg;
        try {
            handle.getArgument("json_config", daemon);
            handle.getArgument("server_config", cfg);
        } catch (const NoSuchArgument& ex) {
            throw std::runtime_error(std::string("Kea passed no "
                                                 "configuration: ") +
                                     ex.what());
        }
        LogReport report(PCPSEL_CONFIG_ERROR);
        PcpselImplPtr next(new PcpselImpl(*impl, daemon, cfg.get(), report));
        impl = next;
        const ScopeCounts& c = impl->getIndex().getCounts();
        LOG_INFO(pcpsel_logger, PCPSEL_CONFIGURED)
            .arg(impl->describeGlobal())
            .arg(c.networks_).arg(c.subnets_).arg(c.classes_).arg(c.hosts_);
    } catch (const std::exception& ex) {
        // Kea turns NEXT_STEP_DROP with an "error" argument into a
        // configuration failure carrying that text: at startup the server
        // exits; on reload Kea 2.2 logs DHCPx_CONFIG_UNRECOVERABLE_ERROR
        // but may go on answering, so the hook then sends nothing at all
        // rather than lists that ignore the scopes.
        impl.reset();
        if (!dynamic_cast<const ConfigError*>(&ex)) {
            LOG_ERROR(pcpsel_logger, PCPSEL_CONFIG_ERROR).arg(ex.what());
        }
        handle.setArgument("error", std::string(ex.what()));
        handle.setStatus(CalloutHandle::NEXT_STEP_DROP);
    }
    return (0);
}

/// @brief The subnet Kea passed to pktX_send, asked for only when a list
/// depends on it.
class KeaSubnet : public SentSubnet {
public:
    KeaSubnet(CalloutHandle& handle, int family)
        : handle_(handle), family_(family) {
    }
    bool get(KeaSubnetPtr& subnet) override {
        return (compat::sentSubnet(handle_, family_, subnet));
    }
private:
    CalloutHandle& handle_;
    int family_;
};

/// @brief Shared part of pkt4_send and pkt6_send: hand the query and the
/// reply of a daemon of @c family to @c Process (PcpselImpl::process4 or
/// process6; a template argument, so the call is direct).
template <typename PktPtr,
          size_t (PcpselImpl::*Process)(const PktPtr&, const PktPtr&,
                                        SentSubnet&) const>
int
pktSend(CalloutHandle& handle, int family, const std::string& query_name,
        const std::string& response_name) {
    // DROP: the reply is dropped; SKIP: another library packs it.
    CalloutHandle::CalloutNextStep status = handle.getStatus();
    if (status == CalloutHandle::NEXT_STEP_DROP ||
        status == CalloutHandle::NEXT_STEP_SKIP) {
        return (0);
    }
    // (no copy of the shared pointer: impl changes only while Kea
    // processes no packets)
    const PcpselImpl* cfg = impl.get();
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
        KeaSubnet subnet(handle, family);
        ((*cfg).*Process)(query, response, subnet);
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
        LogReport report(PCPSEL_LOAD_ERROR);
        HookParams params;
        if (!parseParams(family, handle.getParameters(), params, report)) {
            impl.reset();
            return (1);
        }
        impl.reset(new PcpselImpl(family, params));
        LOG_INFO(pcpsel_logger, PCPSEL_LOAD).arg(proc)
            .arg(impl->getAlwaysSend() ? "true" : "false")
            .arg(impl->getParams().host_db_lookup_ ? "true" : "false")
            .arg(impl->describeGlobal());
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
    return (pktSend<Pkt4Ptr, &PcpselImpl::process4>(handle, 4, QUERY4,
                                                    RESPONSE4));
}

/// @brief Add option 86 to an ADVERTISE or REPLY.
int
pkt6_send(CalloutHandle& handle) {
    return (pktSend<Pkt6Ptr, &PcpselImpl::process6>(handle, 6, QUERY6,
                                                    RESPONSE6));
}

/// @brief Kea processed a command (any: on its control channel, or from
/// the HA partner on HA's own listener threads).  Only the commands that
/// change scopes (subnet_cmds', host_cmds', class_cmds') read the
/// configuration pointer; Kea processes its control channel's commands one
/// after the other, and the pointer is written only while it processes a
/// configuration (the srv_configured callouts).
int
command_processed(CalloutHandle& handle) {
    try {
        std::string name;
        handle.getArgument("name", name);
        const unsigned what = PcpselImpl::changesOf(name);
        if (!what) {
            return (0);
        }
        PcpselImplPtr cfg = impl;
        const unsigned fresh = cfg ? cfg->noteChanges(what) : 0;
        if (fresh) {
            LOG_INFO(pcpsel_logger, PCPSEL_RUNTIME_FOLLOW).arg(name)
                .arg(fresh & PcpselImpl::CHANGED_SUBNETS ?
                     "subnets and shared networks" :
                     fresh & PcpselImpl::CHANGED_HOSTS ? "reservations" :
                     "client classes");
        }
    } catch (const std::exception& ex) {
        LOG_ERROR(pcpsel_logger, PCPSEL_CONFIG_ERROR).arg(ex.what());
    }
    return (0);
}

} // extern "C"
