/* check_view.c - placeholder, being written */
#include "config.h"
#include <check.h>
#include "check_suites.h"

Suite *
view_suite(void)
{
	return suite_create("view");
}
