/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * wire.c - encoded option instances: one allocation holding the instance
 * boundaries and the bytes of every instance back to back
 *
 *   struct pcpsel_wire | off[0] .. off[ninst] | data (total bytes)
 *
 * Instance i is data[off[i] .. off[i + 1]).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "pcpsel.h"
#include "internal.h"

struct pcpsel_wire {
	size_t count; /* instances appended */
	size_t ninst; /* instances there is room for */
	size_t total; /* data bytes there is room for */
	uint8_t *data;
	size_t off[]; /* ninst + 1 boundaries */
};

struct pcpsel_wire *
ps_wire_new(size_t ninst, size_t total)
{
	struct pcpsel_wire *wire;
	size_t head;

	if (ninst >= (SIZE_MAX - sizeof(*wire)) / sizeof(size_t))
		return NULL;
	head = sizeof(*wire) + (ninst + 1) * sizeof(size_t);
	if (total > SIZE_MAX - head)
		return NULL;
	wire = malloc(head + total);
	if (wire == NULL)
		return NULL;
	wire->count = 0;
	wire->ninst = ninst;
	wire->total = total;
	wire->data = (uint8_t *)wire + head;
	wire->off[0] = 0;
	return wire;
}

uint8_t *
ps_wire_append(struct pcpsel_wire *wire, size_t len)
{
	size_t start;

	if (wire == NULL || wire->count >= wire->ninst)
		return NULL;
	start = wire->off[wire->count];
	if (len > wire->total - start)
		return NULL;
	wire->off[wire->count + 1] = start + len;
	wire->count++;
	return wire->data + start;
}

size_t
pcpsel_wire_count(const struct pcpsel_wire *wire)
{
	return wire != NULL ? wire->count : 0;
}

const uint8_t *
pcpsel_wire_get(const struct pcpsel_wire *wire, size_t index, size_t *ret_len)
{
	if (wire == NULL || index >= wire->count)
		return NULL;
	if (ret_len != NULL)
		*ret_len = wire->off[index + 1] - wire->off[index];
	return wire->data + wire->off[index];
}

void
pcpsel_wire_free(struct pcpsel_wire *wire)
{
	free(wire);
}
