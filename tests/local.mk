# tests: Check suites (one per library module), header and symbol checks,
# tool tests, hook tests and end-to-end tests.
if HAVE_CHECK
check_PROGRAMS += tests/check_pcpsel
tests_check_pcpsel_SOURCES = \
	tests/check_main.c \
	tests/check_suites.h \
	tests/fixtures.h \
	tests/testutil.c \
	tests/testutil.h \
	tests/check_addr.c \
	tests/check_list.c \
	tests/check_v4.c \
	tests/check_v6.c \
	tests/check_rfc6724.c \
	tests/check_files.c \
	tests/check_view.c \
	tests/check_query.c \
	tests/check_pcp.c \
	tests/check_engine.c
tests_check_pcpsel_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_pcpsel_LDADD = libpcpsel.la $(CHECK_LIBS)
tests_check_pcpsel_LDFLAGS = $(AM_LDFLAGS) -no-install
TESTS += tests/check_pcpsel
VALGRIND_TESTS += tests/check_pcpsel
endif

# the public header alone, as strict C99 and as C++
check_PROGRAMS += tests/test-pedantic tests/test-pedantic-cxx
tests_test_pedantic_SOURCES = tests/test-pedantic.c
tests_test_pedantic_CFLAGS = -std=c99 -pedantic -Wall -Wextra -Werror
tests_test_pedantic_LDADD = libpcpsel.la
tests_test_pedantic_LDFLAGS = $(AM_LDFLAGS) -no-install
tests_test_pedantic_cxx_SOURCES = tests/test-pedantic-cxx.cc
tests_test_pedantic_cxx_CXXFLAGS = -std=c++11 -pedantic -Wall -Wextra -Werror
tests_test_pedantic_cxx_LDADD = libpcpsel.la
tests_test_pedantic_cxx_LDFLAGS = $(AM_LDFLAGS) -no-install
TESTS += tests/test-pedantic tests/test-pedantic-cxx

# shell tests
TESTS += tests/test-symbols.sh tests/test-tool.sh
EXTRA_DIST += tests/test-symbols.sh tests/test-tool.sh tests/lib.sh \
	tests/valgrind-wrap tests/valgrind.supp
