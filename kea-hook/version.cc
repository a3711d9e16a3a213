// SPDX-License-Identifier: BSD-2-Clause
// version.cc - the Kea hooks API version this library was built for

#include <hooks/hooks.h>

extern "C" {

/// @brief Kea loads the library only if this equals its own
/// KEA_HOOKS_VERSION (20200 for Kea 2.2.0): rebuild for every Kea release.
int
version() {
    return (KEA_HOOKS_VERSION);
}

} // extern "C"
