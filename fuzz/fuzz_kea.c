/*
 * fuzz_kea.c - the Kea parameter / user-context parser and kea-check
 *
 * Input byte 0 picks the entry point; the rest is the JSON text.  An
 * accepted "pcp-servers" value must encode to option data that decodes
 * without loss.
 */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>

#include "pcpsel.h"
#include "fuzz.h"

static void
ignore(void *arg, const char *msg)
{
	(void)arg;
	assert(msg != NULL && msg[0] != '\0');
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[PCPSEL_KEA_ERRSIZE];
	struct pcpsel_wire *wire = NULL;
	const char *text;
	int family, always = 0, r;

	if (size < 1 || size > 65536)
		return 0;
	family = (data[0] & 1) ? 6 : 4;
	text = (const char *)data + 1;
	size--;
	switch ((data[0] >> 1) % 3) {
	case 0:
		r = pcpsel_kea_servers_parse(family, text, size, "fuzz", &wire,
		    err, sizeof(err));
		break;
	case 1:
		r = pcpsel_kea_params_parse(family, text, size, &wire, &always,
		    err, sizeof(err));
		break;
	default:
		r = pcpsel_kea_check(text, size, ignore, NULL);
		assert(r >= 0 || r == -EBADMSG);
		return 0;
	}
	assert(r == 0 || r == -EINVAL);
	if (r == -EINVAL)
		assert(err[0] != '\0' && wire == NULL);
	if (r == 0 && wire != NULL) {
		struct pcpsel_list *list = pcpsel_list_new();
		struct pcpsel_buf bufs[64];
		size_t i, n = pcpsel_wire_count(wire);

		if (list == NULL)
			abort();
		if (n > 0 && n <= 64) {
			for (i = 0; i < n; i++)
				bufs[i].data = pcpsel_wire_get(wire, i,
				    &bufs[i].len);
			r = family == 4 ?
			    pcpsel_v4_decode(list, bufs, n, NULL) :
			    pcpsel_v6_decode(list, bufs, n, NULL);
			assert(r == 0);
			assert(family == 4 || pcpsel_list_count(list) == n);
		}
		pcpsel_list_free(list);
		pcpsel_wire_free(wire);
	}
	return 0;
}
