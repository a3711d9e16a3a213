/* SPDX-License-Identifier: BSD-2-Clause */
/* fuzz.h - the libFuzzer entry point every target defines */
#ifndef PCPSEL_FUZZ_H
#define PCPSEL_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
