/* SPDX-License-Identifier: BSD-2-Clause */
// cfg_globals.h - stand-in for Kea 2.2's dhcpsrv/cfg_globals.h
//
// Debian's kea-dev 2.2.0 does not install dhcpsrv/cfg_globals.h although
// dhcpsrv/network.h, subnet.h, cfgmgr.h and srv_config.h include it (Kea
// issue #2608, fixed in 2.4.0).  configure adds this directory with
// -idirafter only when the real header is missing, so a complete kea-dev
// always wins.
//
// Written for pcpsel from the declarations the inline code of those headers
// needs.  The member functions are defined in libkea-dhcpsrv; this file only
// declares them.  The class is never instantiated by the hook, so only the
// enumerator values matter: Kea's inline getters pass them to get(int).
// They follow Kea 2.2.0's order.

#ifndef PCPSEL_COMPAT_DHCPSRV_CFG_GLOBALS_H
#define PCPSEL_COMPAT_DHCPSRV_CFG_GLOBALS_H

#include <cc/cfg_to_element.h>
#include <cc/data.h>

#include <boost/shared_ptr.hpp>

#include <map>
#include <string>

namespace isc {
namespace dhcp {

/// @brief Global configuration parameters (declaration only).
class CfgGlobals : public isc::data::CfgToElement {
public:
    /// @brief Indexes of the global parameters (Kea 2.2.0 order).
    enum Index : int {
        // common to v4 and v6
        VALID_LIFETIME,
        MIN_VALID_LIFETIME,
        MAX_VALID_LIFETIME,
        RENEW_TIMER,
        REBIND_TIMER,
        DECLINE_PROBATION_PERIOD,
        DHCP4O6_PORT,
        COMMENT,
        SERVER_TAG,
        RESERVATION_MODE,
        RESERVATIONS_GLOBAL,
        RESERVATIONS_IN_SUBNET,
        RESERVATIONS_OUT_OF_POOL,
        CALCULATE_TEE_TIMES,
        T1_PERCENT,
        T2_PERCENT,
        HOSTNAME_CHAR_SET,
        HOSTNAME_CHAR_REPLACEMENT,
        DDNS_SEND_UPDATES,
        DDNS_OVERRIDE_NO_UPDATE,
        DDNS_OVERRIDE_CLIENT_UPDATE,
        DDNS_REPLACE_CLIENT_NAME,
        DDNS_GENERATED_PREFIX,
        DDNS_QUALIFYING_SUFFIX,
        STORE_EXTENDED_INFO,
        STATISTIC_DEFAULT_SAMPLE_COUNT,
        STATISTIC_DEFAULT_SAMPLE_AGE,
        CACHE_THRESHOLD,
        CACHE_MAX_AGE,
        EARLY_GLOBAL_RESERVATIONS_LOOKUP,
        IP_RESERVATIONS_UNIQUE,
        RESERVATIONS_LOOKUP_FIRST,
        DDNS_UPDATE_ON_RENEW,
        DDNS_USE_CONFLICT_RESOLUTION,
        PARKED_PACKET_LIMIT,

        // DHCPv4 only
        ECHO_CLIENT_ID,
        MATCH_CLIENT_ID,
        AUTHORITATIVE,
        NEXT_SERVER,
        SERVER_HOSTNAME,
        BOOT_FILE_NAME,

        // DHCPv6 only
        DATA_DIRECTORY,
        PREFERRED_LIFETIME,
        MIN_PREFERRED_LIFETIME,
        MAX_PREFERRED_LIFETIME,

        // number of parameters
        SIZE
    };

    /// @brief Value of the parameter at @c index (null when unset).
    isc::data::ConstElementPtr get(int index) const;

    /// @brief Value of the parameter named @c name (null when unset).
    isc::data::ConstElementPtr get(const std::string& name) const;

    /// @brief Set the parameter at @c index.
    void set(int index, isc::data::ConstElementPtr value);

    /// @brief Set the parameter named @c name.
    void set(const std::string& name, isc::data::ConstElementPtr value);

    /// @brief Unset every parameter.
    void clear();

    /// @brief The parameters as a map.
    isc::data::ElementPtr toElement() const;
};

/// @brief Pointer to global parameters.
typedef boost::shared_ptr<CfgGlobals> CfgGlobalsPtr;

/// @brief Pointer to constant global parameters.
typedef boost::shared_ptr<const CfgGlobals> ConstCfgGlobalsPtr;

} // namespace dhcp
} // namespace isc

#endif // PCPSEL_COMPAT_DHCPSRV_CFG_GLOBALS_H
