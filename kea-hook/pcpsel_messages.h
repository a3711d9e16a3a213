/* SPDX-License-Identifier: BSD-2-Clause */
// pcpsel_messages.h - written by hand from pcpsel_messages.mes
// (Debian 12 ships no kea-msg-compiler; keep the three files in step).

#ifndef PCPSEL_MESSAGES_H
#define PCPSEL_MESSAGES_H

#include <log/message_types.h>

namespace isc {
namespace pcpsel {

extern const isc::log::MessageID PCPSEL_CONFIGURED;
extern const isc::log::MessageID PCPSEL_CONFIG_ERROR;
extern const isc::log::MessageID PCPSEL_CONFIG_WARNING;
extern const isc::log::MessageID PCPSEL_HOST_ERROR;
extern const isc::log::MessageID PCPSEL_LOAD;
extern const isc::log::MessageID PCPSEL_LOAD_ERROR;
extern const isc::log::MessageID PCPSEL_OPTION_PRESENT;
extern const isc::log::MessageID PCPSEL_PROCESS_ERROR;
extern const isc::log::MessageID PCPSEL_RUNTIME_ERROR;
extern const isc::log::MessageID PCPSEL_RUNTIME_FOLLOW;
extern const isc::log::MessageID PCPSEL_SENT;
extern const isc::log::MessageID PCPSEL_SKIPPED;
extern const isc::log::MessageID PCPSEL_TRIMMED;
extern const isc::log::MessageID PCPSEL_UNLOAD;

} // namespace pcpsel
} // namespace isc

#endif // PCPSEL_MESSAGES_H
