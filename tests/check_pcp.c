/* check_pcp.c - placeholder, being written */
#include "config.h"
#include <check.h>
#include "check_suites.h"

Suite *
pcp_suite(void)
{
	return suite_create("pcp");
}
