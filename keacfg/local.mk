# SPDX-License-Identifier: BSD-2-Clause
# keacfg: the Kea configuration side of the pcpsel hook (C++, linked with
# Kea's libraries, not installed): the one walker of Kea's scopes
# (scope_walker.cc), the check and encoding of every "pcp-servers" value
# through libpcpsel (server_list.cc), the collection of a configuration's
# lists (config_check.cc) and the size limits (size_limits.h).  Used by the
# hook (kea-hook/) and by `pcpsel kea-check` (src/kea_check.cc), so that
# both judge a configuration with the same code and the same messages.
if HAVE_KEA
noinst_LTLIBRARIES += libkeacfg.la
libkeacfg_la_SOURCES = \
	keacfg/size_limits.h \
	keacfg/show_text.h \
	keacfg/show_text.cc \
	keacfg/server_list.h \
	keacfg/server_list.cc \
	keacfg/scope_walker.h \
	keacfg/scope_walker.cc \
	keacfg/config_check.h \
	keacfg/config_check.cc
libkeacfg_la_CPPFLAGS = $(PCPSEL_KEA_CPPFLAGS)
libkeacfg_la_CXXFLAGS = $(PCPSEL_KEA_LIB_CXXFLAGS)
libkeacfg_la_LIBADD = libpcpsel-kea.la
endif
