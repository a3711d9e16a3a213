/* SPDX-License-Identifier: BSD-2-Clause */
/* check_suites.h - one suite per library module */
#ifndef PCPSEL_CHECK_SUITES_H
#define PCPSEL_CHECK_SUITES_H

#include <check.h>

Suite *addr_suite(void);
Suite *list_suite(void);
Suite *v4_suite(void);
Suite *v6_suite(void);
Suite *rfc6724_suite(void);
Suite *files_suite(void);
Suite *store_suite(void);
Suite *dhcp6_suite(void);
Suite *view_suite(void);
Suite *query_suite(void);
Suite *pcp_suite(void);
Suite *engine_suite(void);
Suite *map_suite(void);
Suite *transport_suite(void);
Suite *mapper_suite(void);

#endif
