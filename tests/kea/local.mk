# SPDX-License-Identifier: BSD-2-Clause
# tests/kea: the Kea hook and its configuration side without Kea running
# (C++ programs linked with Kea's libraries, no root), and `pcpsel
# kea-check` with the Kea installed here; the hook in the real kea-dhcp4 /
# kea-dhcp6 is tested in tests/netns/kea.
EXTRA_DIST += tests/kea/check-messages.sh tests/kea/kea-check.sh \
	tests/kea/hook-symbols.sh
# not built without Kea, but always part of the tarball
EXTRA_DIST += tests/kea/testutil.h tests/kea/hook_load_test.cc \
	tests/kea/hook_impl_test.cc tests/kea/keacfg_test.cc

if HAVE_KEA
if !FUZZING
# the built module through HooksManager, as Kea loads it
check_PROGRAMS += tests/kea/hook-load-test
tests_kea_hook_load_test_SOURCES = tests/kea/hook_load_test.cc \
	tests/kea/testutil.h
tests_kea_hook_load_test_CPPFLAGS = $(PCPSEL_KEA_CPPFLAGS) \
	-iquote $(top_srcdir)/kea-hook \
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
	-iquote $(top_srcdir)/kea-hook
tests_kea_hook_impl_test_CXXFLAGS = $(PCPSEL_KEA_CXXFLAGS)
tests_kea_hook_impl_test_LDADD = libpcpsel-hook.la $(KEA_LIBS)
tests_kea_hook_impl_test_LDFLAGS = -no-install -pthread

# keacfg: values, scopes, names, limits, ignored keys
check_PROGRAMS += tests/kea/keacfg-test
tests_kea_keacfg_test_SOURCES = tests/kea/keacfg_test.cc \
	tests/kea/testutil.h
tests_kea_keacfg_test_CPPFLAGS = $(PCPSEL_KEA_CPPFLAGS)
tests_kea_keacfg_test_CXXFLAGS = $(PCPSEL_KEA_CXXFLAGS)
tests_kea_keacfg_test_LDADD = libkeacfg.la $(KEA_LIBS)
tests_kea_keacfg_test_LDFLAGS = -no-install -pthread

TESTS += tests/kea/hook-load-test tests/kea/hook-impl-test \
	tests/kea/keacfg-test tests/kea/check-messages.sh \
	tests/kea/kea-check.sh tests/kea/hook-symbols.sh
endif
endif
