/* check_addr.c - placeholder, being written */
#include "config.h"
#include <check.h>
#include "check_suites.h"

Suite *
addr_suite(void)
{
	return suite_create("addr");
}
