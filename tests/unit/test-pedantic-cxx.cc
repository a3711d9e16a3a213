// SPDX-License-Identifier: BSD-2-Clause
// test-pedantic-cxx.cc - pcpsel.h alone compiles as strict C++ and links
#include <pcpsel.h>

int
main()
{
	pcpsel_list *list = pcpsel_list_new();
	bool ok = list != nullptr && pcpsel_list_count(list) == 0;

	pcpsel_list_free(list);
	return ok ? 0 : 1;
}
