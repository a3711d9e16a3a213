/* check_kea.c - placeholder, being written */
#include "config.h"
#include <check.h>
#include "check_suites.h"

Suite *
kea_suite(void)
{
	return suite_create("kea");
}
