/* check_v6.c - placeholder, being written */
#include "config.h"
#include <check.h>
#include "check_suites.h"

Suite *
v6_suite(void)
{
	return suite_create("v6");
}
