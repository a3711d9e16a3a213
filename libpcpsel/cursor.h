/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cursor.h - the one bounded reader of untrusted bytes
 *
 * A cursor only ever subtracts from the bytes left; every take compares the
 * wanted length with what is left and consumes nothing on failure.
 */
#ifndef PCPSEL_CURSOR_H
#define PCPSEL_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct ps_cursor {
	const uint8_t *pos;
	size_t left;
};

static inline void
ps_cursor_init(struct ps_cursor *c, const uint8_t *data, size_t len)
{
	c->pos = data;
	c->left = data != NULL ? len : 0;
}

static inline size_t
ps_cursor_left(const struct ps_cursor *c)
{
	return c->left;
}

static inline bool
ps_take_u8(struct ps_cursor *c, uint8_t *ret)
{
	if (c->left < 1)
		return false;
	*ret = c->pos[0];
	c->pos++;
	c->left--;
	return true;
}

static inline bool
ps_take_be16(struct ps_cursor *c, uint16_t *ret)
{
	if (c->left < 2)
		return false;
	*ret = (uint16_t)((unsigned)c->pos[0] << 8 | c->pos[1]);
	c->pos += 2;
	c->left -= 2;
	return true;
}

static inline bool
ps_take_be32(struct ps_cursor *c, uint32_t *ret)
{
	if (c->left < 4)
		return false;
	*ret = (uint32_t)c->pos[0] << 24 | (uint32_t)c->pos[1] << 16 |
	    (uint32_t)c->pos[2] << 8 | (uint32_t)c->pos[3];
	c->pos += 4;
	c->left -= 4;
	return true;
}

/* Copy @len bytes into @ret (may be NULL to skip them). */
static inline bool
ps_take_bytes(struct ps_cursor *c, void *ret, size_t len)
{
	if (c->left < len)
		return false;
	if (ret != NULL && len > 0)
		memcpy(ret, c->pos, len);
	c->pos += len;
	c->left -= len;
	return true;
}

/* Take @len bytes without copying them: *@ret points at them (@len bytes
 * that the cursor has checked are there). */
static inline bool
ps_take_span(struct ps_cursor *c, size_t len, const uint8_t **ret)
{
	if (c->left < len)
		return false;
	*ret = c->pos;
	c->pos += len;
	c->left -= len;
	return true;
}

#endif /* PCPSEL_CURSOR_H */
