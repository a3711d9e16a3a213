/* SPDX-License-Identifier: BSD-2-Clause */
/* test-pedantic.c - pcpsel.h alone compiles as strict C99 and links */
#include <pcpsel.h>

int
main(void)
{
	struct pcpsel_list *list = pcpsel_list_new();
	int ok = list != NULL && pcpsel_list_count(list) == 0;

	pcpsel_list_free(list);
	return ok ? 0 : 1;
}
