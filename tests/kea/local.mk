# tests/kea: the Kea hook, without Kea (C++ programs, no root) and with the
# real kea-dhcp4 / kea-dhcp6 in network namespaces (shell, root; else 77).
KEA_WIRE_TESTS = \
	tests/kea/wire-v4-two-servers.sh \
	tests/kea/wire-v4-long.sh \
	tests/kea/wire-v4-scopes.sh \
	tests/kea/wire-v6-three-servers.sh \
	tests/kea/bad-config.sh \
	tests/kea/multi-threading.sh \
	tests/kea/malformed-queries.sh \
	tests/kea/load-mt.sh
AM_TESTS_ENVIRONMENT += KEA_LOCKFILE_DIR=none; export KEA_LOCKFILE_DIR;
EXTRA_DIST += tests/kea/lib.sh tests/kea/scapy_client.py \
	tests/kea/malformed.py tests/kea/pcap_check.py tests/kea/ktpkt.py \
	tests/kea/check-messages.sh $(KEA_WIRE_TESTS)
# not built without Kea, but always part of the tarball
EXTRA_DIST += tests/kea/testutil.h tests/kea/hook_load_test.cc \
	tests/kea/hook_impl_test.cc

if HAVE_KEA
# the built module through HooksManager, as Kea loads it
check_PROGRAMS += tests/kea/hook-load-test
tests_kea_hook_load_test_SOURCES = tests/kea/hook_load_test.cc \
	tests/kea/testutil.h
tests_kea_hook_load_test_CPPFLAGS = $(PCPSEL_KEA_CPPFLAGS) \
	-DPCPSEL_HOOK_SO='"$(abs_top_builddir)/.libs/libdhcp_pcpsel.so"'
tests_kea_hook_load_test_CXXFLAGS = $(PCPSEL_KEA_CXXFLAGS)
tests_kea_hook_load_test_LDADD = $(KEA_LIBS)
tests_kea_hook_load_test_LDFLAGS = -no-install -pthread
EXTRA_tests_kea_hook_load_test_DEPENDENCIES = libdhcp_pcpsel.la

# the hook's logic linked directly, without the hooks framework
check_PROGRAMS += tests/kea/hook-impl-test
tests_kea_hook_impl_test_SOURCES = tests/kea/hook_impl_test.cc \
	tests/kea/testutil.h
tests_kea_hook_impl_test_CPPFLAGS = $(PCPSEL_KEA_CPPFLAGS) \
	-I$(top_srcdir)/kea-hook
tests_kea_hook_impl_test_CXXFLAGS = $(PCPSEL_KEA_CXXFLAGS)
tests_kea_hook_impl_test_LDADD = libpcpsel-hook.la $(KEA_LIBS)
tests_kea_hook_impl_test_LDFLAGS = -no-install -pthread

TESTS += tests/kea/hook-load-test tests/kea/hook-impl-test tests/kea/check-messages.sh \
	$(KEA_WIRE_TESTS)
endif

# example configurations read by tests/check_kea.c
EXTRA_DIST += tests/kea/configs/good-4.json tests/kea/configs/good-6.json \
	tests/kea/configs/bad-4-params.json tests/kea/configs/bad-4-subnet.json \
	tests/kea/configs/bad-6-params.json tests/kea/configs/bad-4-many.json \
	tests/kea/configs/bad-json.json
