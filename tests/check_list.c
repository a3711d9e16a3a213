/* check_list.c - placeholder, being written */
#include "config.h"
#include <check.h>
#include "check_suites.h"

Suite *
list_suite(void)
{
	return suite_create("list");
}
