// SPDX-License-Identifier: BSD-2-Clause
// pcpsel_messages.cc - written by hand from pcpsel_messages.mes
// (Debian 12 ships no kea-msg-compiler; keep the three files in step).

#include <cstddef>
#include <log/message_types.h>
#include <log/message_initializer.h>

namespace isc {
namespace pcpsel {

extern const isc::log::MessageID PCPSEL_CONFIGURED = "PCPSEL_CONFIGURED";
extern const isc::log::MessageID PCPSEL_CONFIG_ERROR = "PCPSEL_CONFIG_ERROR";
extern const isc::log::MessageID PCPSEL_CONFIG_WARNING = "PCPSEL_CONFIG_WARNING";
extern const isc::log::MessageID PCPSEL_HOST_ERROR = "PCPSEL_HOST_ERROR";
extern const isc::log::MessageID PCPSEL_LOAD = "PCPSEL_LOAD";
extern const isc::log::MessageID PCPSEL_LOAD_ERROR = "PCPSEL_LOAD_ERROR";
extern const isc::log::MessageID PCPSEL_OPTION_PRESENT = "PCPSEL_OPTION_PRESENT";
extern const isc::log::MessageID PCPSEL_PROCESS_ERROR = "PCPSEL_PROCESS_ERROR";
extern const isc::log::MessageID PCPSEL_RUNTIME_ERROR = "PCPSEL_RUNTIME_ERROR";
extern const isc::log::MessageID PCPSEL_RUNTIME_FOLLOW = "PCPSEL_RUNTIME_FOLLOW";
extern const isc::log::MessageID PCPSEL_SENT = "PCPSEL_SENT";
extern const isc::log::MessageID PCPSEL_SKIPPED = "PCPSEL_SKIPPED";
extern const isc::log::MessageID PCPSEL_TRIMMED = "PCPSEL_TRIMMED";
extern const isc::log::MessageID PCPSEL_UNLOAD = "PCPSEL_UNLOAD";

} // namespace pcpsel
} // namespace isc

namespace {

/// @brief Message IDs and texts, in pairs, ending with NULL.
const char* values[] = {
    "PCPSEL_CONFIGURED", "pcp-servers configured: global %1, %2 shared network(s), %3 subnet(s), %4 client class(es), %5 reservation(s) with their own list",
    "PCPSEL_CONFIG_ERROR", "the configuration is refused: %1",
    "PCPSEL_CONFIG_WARNING", "%1",
    "PCPSEL_HOST_ERROR", "a reservation's pcp-servers is not used: %1",
    "PCPSEL_LOAD", "pcpsel hook library loaded into %1 (always-send %2, host-database-lookup %3, global pcp-servers: %4)",
    "PCPSEL_LOAD_ERROR", "loading the pcpsel hook library failed: %1",
    "PCPSEL_OPTION_PRESENT", "%1: the reply already carries option %2 (from option-data): the hook leaves it as it is",
    "PCPSEL_PROCESS_ERROR", "%1: adding the PCP server option failed: %2",
    "PCPSEL_RUNTIME_ERROR", "a pcp-servers changed at run time is not used: %1",
    "PCPSEL_RUNTIME_FOLLOW", "command %1 may have changed Kea's %2 at run time: until the next configuration the hook takes their lists from Kea's objects",
    "PCPSEL_SENT", "%1: added %2 instance(s) of option %3 from %4",
    "PCPSEL_SKIPPED", "%1: no PCP server option added: %2",
    "PCPSEL_TRIMMED", "%1: the reply has room for %3 of the %4 PCP server(s) of %2 (%5 bytes free): the others are left out",
    "PCPSEL_UNLOAD", "pcpsel hook library unloaded",
    NULL
};

/// @brief Registers the table when the library is loaded.
const isc::log::MessageInitializer initializer(values);

} // namespace
