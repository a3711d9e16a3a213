/* check_files.c - placeholder, being written */
#include "config.h"
#include <check.h>
#include "check_suites.h"

Suite *
files_suite(void)
{
	return suite_create("files");
}
