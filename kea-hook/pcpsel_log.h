/* SPDX-License-Identifier: BSD-2-Clause */
// pcpsel_log.h - the logger of the pcpsel Kea hook

#ifndef PCPSEL_LOG_H
#define PCPSEL_LOG_H

#include <log/log_dbglevels.h>
#include <log/logger_support.h>
#include <log/macros.h>

#include "pcpsel_messages.h"

namespace isc {
namespace pcpsel {

/// @brief The hook's logger: "pcpsel-hooks", shown by Kea as
/// kea-dhcp4.pcpsel-hooks or kea-dhcp6.pcpsel-hooks.
extern isc::log::Logger pcpsel_logger;

} // namespace pcpsel
} // namespace isc

#endif // PCPSEL_LOG_H
