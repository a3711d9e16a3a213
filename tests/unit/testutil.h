/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * testutil.h - helpers shared by the Check suites (tests/check_*.c):
 * decode-info and server assertions, encode/decode round trips, a seeded
 * pseudo-random source and throw-away directories.  Names start with tu_.
 */
#ifndef PCPSEL_TESTS_TESTUTIL_H
#define PCPSEL_TESTS_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>

#include "pcpsel.h"

/* pcpsel_v4_encode / pcpsel_v6_encode, pcpsel_v4_decode / pcpsel_v6_decode */
typedef int (*tu_encode_fn)(const struct pcpsel_list *, struct pcpsel_wire **);
typedef int (*tu_decode_fn)(struct pcpsel_list *, const struct pcpsel_buf *,
    size_t, struct pcpsel_decode_info *);

/* Assert every counter of @info; @id names the vector in messages. */
void tu_assert_info(const struct pcpsel_decode_info *info, const char *id,
    int reason, size_t offset, size_t value, size_t bad, size_t filtered,
    size_t duplicates, size_t dropped);

/*
 * Assert that server @index of @list came from @origin and holds exactly
 * the @naddrs addresses @want, in order; @id and @s name it in messages.
 */
void tu_assert_server(const struct pcpsel_list *list, size_t index,
    unsigned origin, const struct pcpsel_addr *want, size_t naddrs,
    const char *id, size_t s);

/*
 * Encode @list with @encode, decode every piece of the wire with @decode
 * into a new list and assert both lists are equal.  Returns how many
 * pieces (fragments or instances) the encoding made.
 */
size_t tu_round_trip(const struct pcpsel_list *list, tu_encode_fn encode,
    tu_decode_fn decode);

/* xorshift32: the next number from @state (never 0 if seeded non-zero) */
uint32_t tu_next_rand(uint32_t *state);

/* Make a new directory /tmp/<prefix>.XXXXXX into @dir (@size bytes). */
void tu_tmpdir_make(char *dir, size_t size, const char *prefix);

/* Remove @dir and everything below it, links never followed. */
void tu_tmpdir_remove(const char *dir);

#endif
