/* SPDX-License-Identifier: BSD-2-Clause */
/* check_main.c - runs every libpcpsel suite */
#include "config.h"

#include <check.h>
#include <stdlib.h>

#include "check_suites.h"

int
main(void)
{
	SRunner *sr;
	int failed;

	sr = srunner_create(addr_suite());
	srunner_add_suite(sr, list_suite());
	srunner_add_suite(sr, v4_suite());
	srunner_add_suite(sr, v6_suite());
	srunner_add_suite(sr, rfc6724_suite());
	srunner_add_suite(sr, files_suite());
	srunner_add_suite(sr, store_suite());
	srunner_add_suite(sr, dhcp6_suite());
	srunner_add_suite(sr, view_suite());
	srunner_add_suite(sr, query_suite());
	srunner_add_suite(sr, pcp_suite());
	srunner_add_suite(sr, engine_suite());
	srunner_add_suite(sr, map_suite());
	srunner_add_suite(sr, transport_suite());
	srunner_add_suite(sr, mapper_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
