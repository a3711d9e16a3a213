// SPDX-License-Identifier: BSD-2-Clause
// pcpsel_log.cc - the logger of the pcpsel Kea hook

#include "pcpsel_log.h"

namespace isc {
namespace pcpsel {

isc::log::Logger pcpsel_logger("pcpsel-hooks");

} // namespace pcpsel
} // namespace isc
