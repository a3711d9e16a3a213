# SPDX-License-Identifier: BSD-2-Clause
# kea-hook: the Kea hook library libdhcp_pcpsel.so (C++), one module for
# kea-dhcp4 and kea-dhcp6, built per Kea release (2.2, 2.6, 3.0).  See
# kea-hook/README.md.
EXTRA_DIST += \
	kea-hook/README.md \
	kea-hook/pcpsel_messages.mes \
	kea-hook/libdhcp_pcpsel.sym \
	kea-hook/compat/dhcpsrv/cfg_globals.h

if HAVE_KEA
# Flags of every C++ file linked with Kea (keacfg, the hook, kea-check, their
# tests): Kea's headers (plus the compat directory on Debian's kea-dev 2.2),
# pcpsel.h, and keacfg's headers for #include "..." only (-iquote: their
# names never hide a system or Kea header); never our config.h, whose
# macros would clash with Kea's headers.
PCPSEL_KEA_CXXFLAGS = -std=$(KEA_CXXSTD) -Wall -Wextra -Wnon-virtual-dtor -pthread $(KEA_WERROR)
# (the libraries below, instrumented in a fuzzing build: fuzz/local.mk)
PCPSEL_KEA_LIB_CXXFLAGS = $(PCPSEL_KEA_CXXFLAGS) $(FUZZ_LIB_FLAGS)
PCPSEL_KEA_CPPFLAGS = $(KEA_CPPFLAGS) -I$(top_srcdir)/libpcpsel \
	-iquote $(top_srcdir)/keacfg

# libpcpsel's code once more, as a convenience library linked into the
# module: a Kea operator needs no libpcpsel.so, and tests run from the build
# tree need no LD_LIBRARY_PATH.  No sanitizer flags (Kea is not built with
# them) but in a fuzzing build.  The module's version script keeps these
# symbols local.
noinst_LTLIBRARIES += libpcpsel-kea.la
libpcpsel_kea_la_SOURCES = $(libpcpsel_la_SOURCES)
libpcpsel_kea_la_CFLAGS = -std=c11 $(WARN_CFLAGS) $(FUZZ_LIB_FLAGS)

# The hook's logic (impl: the per-reply path; index: the scopes of a
# configuration; servers: their option objects; log, messages) with keacfg
# and libpcpsel: linked into the module, its unit test and its fuzz target.
noinst_LTLIBRARIES += libpcpsel-hook.la
libpcpsel_hook_la_SOURCES = \
	kea-hook/kea_compat.h \
	kea-hook/pcpsel_impl.h \
	kea-hook/pcpsel_impl.cc \
	kea-hook/pcpsel_index.h \
	kea-hook/pcpsel_index.cc \
	kea-hook/pcpsel_hostdb.h \
	kea-hook/pcpsel_hostdb.cc \
	kea-hook/pcpsel_runtime.h \
	kea-hook/pcpsel_runtime.cc \
	kea-hook/pcpsel_servers.h \
	kea-hook/pcpsel_servers.cc \
	kea-hook/pcpsel_log.h \
	kea-hook/pcpsel_log.cc \
	kea-hook/pcpsel_messages.h \
	kea-hook/pcpsel_messages.cc
libpcpsel_hook_la_CPPFLAGS = $(PCPSEL_KEA_CPPFLAGS)
libpcpsel_hook_la_CXXFLAGS = $(PCPSEL_KEA_LIB_CXXFLAGS)
libpcpsel_hook_la_LIBADD = libkeacfg.la

# (not in a fuzzing build, whose libraries are instrumented)
if !FUZZING
keahooks_LTLIBRARIES = libdhcp_pcpsel.la
libdhcp_pcpsel_la_SOURCES = \
	kea-hook/pcpsel_callouts.cc \
	kea-hook/version.cc
libdhcp_pcpsel_la_CPPFLAGS = $(PCPSEL_KEA_CPPFLAGS)
libdhcp_pcpsel_la_CXXFLAGS = $(PCPSEL_KEA_CXXFLAGS)
libdhcp_pcpsel_la_LIBADD = libpcpsel-hook.la $(KEA_LIBS)
libdhcp_pcpsel_la_LDFLAGS = -module -avoid-version -shared -pthread \
	-Wl,--no-undefined -Wl,-z,relro -Wl,-z,now \
	-Wl,--version-script=$(top_srcdir)/kea-hook/libdhcp_pcpsel.sym
EXTRA_libdhcp_pcpsel_la_DEPENDENCIES = kea-hook/libdhcp_pcpsel.sym
endif
endif
