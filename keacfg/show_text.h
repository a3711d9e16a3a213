/* SPDX-License-Identifier: BSD-2-Clause */
// show_text.h - how the configuration checks show values in their messages

#ifndef PCPSEL_KEACFG_SHOW_TEXT_H
#define PCPSEL_KEACFG_SHOW_TEXT_H

#include <cc/data.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace isc {
namespace pcpsel {

/// @brief Longest part of a configuration string shown in a message.
const size_t SHOW_MAX = 64;

/// @brief @c s for a message: JSON escapes for '"', '\\' and control
/// characters, cut with "..." after SHOW_MAX bytes (never inside a UTF-8
/// sequence), between double quotes if @c quote.
std::string showText(const std::string& s, bool quote);

/// @brief A configuration value for a message: "text", 12, true, null,
/// [] or "a list", {} or "a map"; "nothing" for a null pointer.
std::string showValue(const isc::data::ConstElementPtr& value);

/// @brief "02:00:00:00:00:01": lowercase hex bytes joined by ':'.
std::string hexColons(const uint8_t* data, size_t len);

} // namespace pcpsel
} // namespace isc

#endif // PCPSEL_KEACFG_SHOW_TEXT_H
