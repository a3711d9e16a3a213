/* check_rfc6724.c - placeholder, being written */
#include "config.h"
#include <check.h>
#include "check_suites.h"

Suite *
rfc6724_suite(void)
{
	return suite_create("rfc6724");
}
