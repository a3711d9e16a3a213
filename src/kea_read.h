/* SPDX-License-Identifier: BSD-2-Clause */
// kea_read.h - read a Kea configuration file the way the Kea server that
// will run it reads it, for `pcpsel kea-check`
//
// Kea's configuration parser (comments of three kinds, trailing commas,
// <?include "file"?>, "comment" keys turned into user-context, Kea's own
// checks of every keyword) is compiled into the kea-dhcp4 and kea-dhcp6
// executables and is in none of Kea's libraries (Kea 2.2, 2.6, 3.0).  So
// the file is read by the installed daemon itself: `kea-dhcpN -d -t FILE`
// parses and checks it without serving anything, and at debug level logs
// the configuration it parsed (message DHCPn_CONFIG_START, the daemon's map
// as JSON); that text is read back with Kea's JSON reader.  What Kea
// refuses is refused with Kea's own messages.
//
// When the daemon is not installed, the file is read with the JSON reader
// of Kea's libraries, which takes "#" comments only; the result says so.

#ifndef PCPSEL_KEA_READ_H
#define PCPSEL_KEA_READ_H

#include <cc/data.h>

#include <string>
#include <vector>

namespace isc
{
namespace pcpsel
{

/// @brief What reading a file gave.
struct KeaRead {
	/// @brief How it went.
	enum Status {
		OK, ///< daemon_ holds the daemon's map
		REFUSED, ///< Kea refused the file; messages_ say why
		FAILED ///< the file or the daemon could not be run
	} status_ = FAILED;

	/// @brief The daemon's map ("Dhcp4" or "Dhcp6") as Kea parsed it.
	isc::data::ConstElementPtr daemon_;

	/// @brief Kea's messages: errors (REFUSED, FAILED), warnings (OK).
	std::vector<std::string> messages_;

	/// @brief Read by the JSON reader of Kea's libraries (no daemon).
	bool fallback_ = false;
};

/// @brief The family of a configuration file from its first key ("Dhcp4":
/// 4, "Dhcp6": 6), or 0 with @c key set to what was found instead.
int keaFamily(const std::string &text, std::string &key);

/// @brief Read @c path for kea-dhcp@c family with @c daemon (its path;
/// not executable: the fallback reader).
KeaRead keaRead(const std::string &path, int family,
    const std::string &daemon);

} // namespace pcpsel
} // namespace isc

#endif // PCPSEL_KEA_READ_H
