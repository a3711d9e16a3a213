/* check_engine.c - placeholder, being written */
#include "config.h"
#include <check.h>
#include "check_suites.h"

Suite *
engine_suite(void)
{
	return suite_create("engine");
}
