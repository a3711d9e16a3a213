# SPDX-License-Identifier: BSD-2-Clause
# libpcpsel: the shared library (every byte and every rule of pcpsel)
lib_LTLIBRARIES += libpcpsel.la
include_HEADERS += libpcpsel/pcpsel.h
libpcpsel_la_SOURCES = \
	libpcpsel/internal.h \
	libpcpsel/cursor.h \
	libpcpsel/dedupe.h \
	libpcpsel/addr.c \
	libpcpsel/list.c \
	libpcpsel/wire.c \
	libpcpsel/v4.c \
	libpcpsel/v6.c \
	libpcpsel/dhcp6.c \
	libpcpsel/rfc6724.c \
	libpcpsel/files.c \
	libpcpsel/store.c \
	libpcpsel/ifaddrs.c \
	libpcpsel/view.c \
	libpcpsel/query.c \
	libpcpsel/pcp.c \
	libpcpsel/engine.c \
	libpcpsel/map.c \
	libpcpsel/transport.c \
	libpcpsel/mapper.c
libpcpsel_la_LDFLAGS = $(AM_LDFLAGS) -version-info $(LT_VERSION) \
	-Wl,--version-script=$(top_srcdir)/libpcpsel/libpcpsel.sym \
	-Wl,--no-undefined
EXTRA_libpcpsel_la_DEPENDENCIES = libpcpsel/libpcpsel.sym
EXTRA_DIST += libpcpsel/libpcpsel.sym
