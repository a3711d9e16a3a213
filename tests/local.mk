# SPDX-License-Identifier: BSD-2-Clause
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
	tests/check_store.c \
	tests/check_dhcp6.c \
	tests/check_view.c \
	tests/check_query.c \
	tests/check_pcp.c \
	tests/check_engine.c \
	tests/check_map.c \
	tests/check_transport.c \
	tests/check_mapper.c
tests_check_pcpsel_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_pcpsel_LDADD = libpcpsel.la $(CHECK_LIBS)
tests_check_pcpsel_LDFLAGS = $(AM_LDFLAGS) -no-install
TESTS += tests/check_pcpsel
VALGRIND_TESTS += tests/check_pcpsel
endif
# real exchanges with miniupnpd behind the fixtures of check_map.c
EXTRA_DIST += tests/captures/miniupnpd-2.3.1-map.txt \
	tests/captures/miniupnpd-2.3.9-map.txt \
	tests/captures/capture-map.sh tests/captures/pcpreq.py

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
TESTS += tests/test-symbols.sh tests/test-tool.sh tests/test-map-tool.sh
EXTRA_DIST += tests/test-symbols.sh tests/test-tool.sh tests/test-map-tool.sh \
	tests/lib.sh \
	tests/valgrind-wrap tests/valgrind.supp

# licence: every file carries its SPDX line (tools/spdx --check; a new
# file without it fails `make check`), and tools/spdx itself on a made-up
# tree
TESTS += tests/test-spdx.sh tests/test-spdx-tool.sh
EXTRA_DIST += tests/test-spdx.sh tests/test-spdx-tool.sh tools/spdx \
	LICENSE NEWS

# doc/policy.md: every rule and policy ID cited in the tree has its section
# there, and every test a section names exists
TESTS += tests/test-policy-ids.sh
EXTRA_DIST += tests/test-policy-ids.sh

# the man pages: groff warnings, the rendered text, --help against the pages
TESTS += tests/test-man.sh
EXTRA_DIST += tests/test-man.sh

# allocation counts of the library on large inputs (issue 18): a program of
# its own because it replaces the allocator; not under valgrind
if HAVE_CHECK
check_PROGRAMS += tests/check_scale
tests_check_scale_SOURCES = tests/check_scale.c
tests_check_scale_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_scale_LDADD = libpcpsel.la $(CHECK_LIBS)
tests_check_scale_LDFLAGS = $(AM_LDFLAGS) -no-install
TESTS += tests/check_scale
endif
