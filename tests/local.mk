# SPDX-License-Identifier: BSD-2-Clause
# tests: the layout tells the kinds apart
#   unit/     Check suites, one per library module, and the public header
#             alone (C99, C++)
#   tool/     the tool, symbols, licence lines, policy IDs, man pages
#   kea/      the Kea hook and keacfg without a running Kea (kea/local.mk)
#   hostile/  concurrency races on the files (hostile/local.mk)
#   netns/    everything that runs a real daemon in network namespaces,
#             root only, on one harness (netns/local.mk)
#   pkg/      the install test of the Debian packages (tools/package)
if HAVE_CHECK
check_PROGRAMS += tests/unit/check_pcpsel
tests_unit_check_pcpsel_SOURCES = \
	tests/unit/check_main.c \
	tests/unit/check_suites.h \
	tests/unit/fixtures.h \
	tests/unit/testutil.c \
	tests/unit/testutil.h \
	tests/unit/check_addr.c \
	tests/unit/check_list.c \
	tests/unit/check_v4.c \
	tests/unit/check_v6.c \
	tests/unit/check_rfc6724.c \
	tests/unit/check_files.c \
	tests/unit/check_store.c \
	tests/unit/check_dhcp6.c \
	tests/unit/check_view.c \
	tests/unit/check_query.c \
	tests/unit/check_pcp.c \
	tests/unit/check_engine.c \
	tests/unit/check_map.c \
	tests/unit/check_transport.c \
	tests/unit/check_mapper.c
tests_unit_check_pcpsel_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_pcpsel_LDADD = libpcpsel.la $(CHECK_LIBS)
tests_unit_check_pcpsel_LDFLAGS = $(AM_LDFLAGS) -no-install
TESTS += tests/unit/check_pcpsel
VALGRIND_TESTS += tests/unit/check_pcpsel
endif
# real exchanges with miniupnpd behind the fixtures of check_map.c
EXTRA_DIST += tests/captures/miniupnpd-2.3.1-map.txt \
	tests/captures/miniupnpd-2.3.9-map.txt \
	tests/captures/capture-map.sh tests/captures/pcpreq.py

# the public header alone, as strict C99 and as C++
check_PROGRAMS += tests/unit/test-pedantic tests/unit/test-pedantic-cxx
tests_unit_test_pedantic_SOURCES = tests/unit/test-pedantic.c
tests_unit_test_pedantic_CFLAGS = -std=c99 -pedantic -Wall -Wextra -Werror
tests_unit_test_pedantic_LDADD = libpcpsel.la
tests_unit_test_pedantic_LDFLAGS = $(AM_LDFLAGS) -no-install
tests_unit_test_pedantic_cxx_SOURCES = tests/unit/test-pedantic-cxx.cc
tests_unit_test_pedantic_cxx_CXXFLAGS = -std=c++11 -pedantic -Wall -Wextra -Werror
tests_unit_test_pedantic_cxx_LDADD = libpcpsel.la
tests_unit_test_pedantic_cxx_LDFLAGS = $(AM_LDFLAGS) -no-install
TESTS += tests/unit/test-pedantic tests/unit/test-pedantic-cxx

# tool tests (tests/tool): the pcpsel tool, the installed library's
# symbols, the licence lines, the policy IDs and the man pages, with no
# root and no daemon; `pcpsel dhcpcd`, `dhclient`, `udhcpc`, `nm` driven
# alone, as their clients' scripts would run them (the hooks with the real
# clients are tested in tests/netns/dhcpcd and tests/netns/clients)
TESTS += tests/tool/test-dhcpcd-cmd.sh tests/tool/test-clients-cmd.sh
EXTRA_DIST += tests/tool/test-dhcpcd-cmd.sh tests/tool/test-clients-cmd.sh
TESTS += tests/tool/test-symbols.sh tests/tool/test-tool.sh tests/tool/test-map-tool.sh
EXTRA_DIST += tests/tool/test-symbols.sh tests/tool/test-tool.sh tests/tool/test-map-tool.sh \
	tests/lib.sh \
	tests/valgrind-wrap tests/valgrind.supp

# licence: every file carries its SPDX line (tools/spdx --check; a new
# file without it fails `make check`), and tools/spdx itself on a made-up
# tree
TESTS += tests/tool/test-spdx.sh tests/tool/test-spdx-tool.sh
EXTRA_DIST += tests/tool/test-spdx.sh tests/tool/test-spdx-tool.sh tools/spdx \
	LICENSE NEWS

# doc/policy.md: every rule and policy ID cited in the tree has its section
# there, and every test a section names exists
TESTS += tests/tool/test-policy-ids.sh
EXTRA_DIST += tests/tool/test-policy-ids.sh

# the man pages: groff warnings, the rendered text, --help against the pages
TESTS += tests/tool/test-man.sh
EXTRA_DIST += tests/tool/test-man.sh

# allocation counts of the library on large inputs (issue 18): a program of
# its own because it replaces the allocator; not under valgrind
if HAVE_CHECK
check_PROGRAMS += tests/unit/check_scale
tests_unit_check_scale_SOURCES = tests/unit/check_scale.c
tests_unit_check_scale_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_scale_LDADD = libpcpsel.la $(CHECK_LIBS)
tests_unit_check_scale_LDFLAGS = $(AM_LDFLAGS) -no-install
TESTS += tests/unit/check_scale
endif
