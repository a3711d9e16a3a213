/* check_v4.c - placeholder, being written */
#include "config.h"
#include <check.h>
#include "check_suites.h"

Suite *
v4_suite(void)
{
	return suite_create("v4");
}
