/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_file.c - the server-list file reader (pcpsel-servers(5))
 *
 * Whatever is parsed must format back to text that parses to the same
 * list (the reader and the writer agree).
 */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>

#include "pcpsel.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pcpsel_list *list, *again;
	size_t line = 0, len;
	char *text;
	int r;

	if (size > 65536)
		return 0;
	list = pcpsel_list_new();
	again = pcpsel_list_new();
	if (list == NULL || again == NULL)
		abort();
	r = pcpsel_file_parse(list, (const char *)data, size, &line);
	if (r == 0) {
		if (pcpsel_file_format(list, &text, &len) != 0)
			abort();
		assert(pcpsel_file_parse(again, text, len, NULL) == 0);
		assert(pcpsel_list_equal(list, again));
		free(text);
	} else {
		assert(r == -EBADMSG || r == -E2BIG);
		assert(pcpsel_list_count(list) == 0);
		assert(line >= 1);
	}
	pcpsel_list_free(list);
	pcpsel_list_free(again);
	return 0;
}
