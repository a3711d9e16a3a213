# SPDX-License-Identifier: BSD-2-Clause
# fuzz: libFuzzer targets (configure --enable-fuzzing, CC=clang) and, in a
# normal build, replay tests of their seeds (fuzz/<t>.in), what campaigns
# found (fuzz/<t>.corpus) and crash reproducers (fuzz/<t>.repro).  Each
# target needs its own automake variables below; tools/fuzz reads the two
# lists, each on one line (FUZZ_KEA_TARGETS are built only where configure
# found Kea).
FUZZ_TARGETS = fuzz_v4 fuzz_v6 fuzz_file fuzz_roundtrip fuzz_dhcp6 fuzz_view fuzz_map fuzz_dhcpcd
FUZZ_KEA_TARGETS = fuzz_kea_glue
EXTRA_DIST += fuzz/fuzz.h fuzz/fuzz_tmp.h \
	fuzz/main.c \
	fuzz/make-seeds.sh \
	fuzz/fuzz_v4.c \
	fuzz/fuzz_v4.in \
	fuzz/fuzz_v4.corpus \
	fuzz/fuzz_v4.repro \
	fuzz/fuzz_v4.dict \
	fuzz/fuzz_v6.c \
	fuzz/fuzz_v6.in \
	fuzz/fuzz_v6.corpus \
	fuzz/fuzz_v6.repro \
	fuzz/fuzz_v6.dict \
	fuzz/fuzz_file.c \
	fuzz/fuzz_file.in \
	fuzz/fuzz_file.corpus \
	fuzz/fuzz_file.repro \
	fuzz/fuzz_file.dict \
	fuzz/fuzz_roundtrip.c \
	fuzz/fuzz_roundtrip.in \
	fuzz/fuzz_roundtrip.corpus \
	fuzz/fuzz_roundtrip.repro \
	fuzz/fuzz_roundtrip.dict \
	fuzz/fuzz_dhcp6.c \
	fuzz/fuzz_dhcp6.in \
	fuzz/fuzz_dhcp6.corpus \
	fuzz/fuzz_dhcp6.repro \
	fuzz/fuzz_view.c \
	fuzz/fuzz_view.in \
	fuzz/fuzz_view.corpus \
	fuzz/fuzz_view.repro \
	fuzz/fuzz_view.dict \
	fuzz/fuzz_map.c \
	fuzz/fuzz_map.in \
	fuzz/fuzz_map.corpus \
	fuzz/fuzz_map.repro \
	fuzz/fuzz_dhcpcd.c \
	fuzz/fuzz_dhcpcd.in \
	fuzz/fuzz_dhcpcd.repro \
	fuzz/fuzz_dhcpcd.dict

# fuzz_kea_glue (C++, with Kea): a configuration and a query in, the reply's
# PCP server options out, through the hook's own code (issue 12 item 7)
EXTRA_DIST += fuzz/fuzz_kea_glue.cc fuzz/fuzz_kea_glue.in \
	fuzz/fuzz_kea_glue.repro fuzz/make-seeds-kea.py

if FUZZING
if HAVE_KEA
# the hook, keacfg and libpcpsel are built instrumented (FUZZ_LIB_FLAGS)
noinst_PROGRAMS += fuzz/fuzz_kea_glue
fuzz_fuzz_kea_glue_SOURCES = fuzz/fuzz_kea_glue.cc
fuzz_fuzz_kea_glue_CPPFLAGS = $(PCPSEL_KEA_CPPFLAGS) -iquote $(top_srcdir)/kea-hook
fuzz_fuzz_kea_glue_CXXFLAGS = $(PCPSEL_KEA_CXXFLAGS) -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all
fuzz_fuzz_kea_glue_LDADD = libpcpsel-hook.la $(KEA_LIBS)
fuzz_fuzz_kea_glue_LDFLAGS = -fsanitize=fuzzer,address,undefined -pthread
endif
# the library's own sources go into every target, instrumented for coverage;
# undefined behaviour is fatal (not recoverable), so it ends a run as a
# crash does
FUZZ_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all
FUZZ_LDFLAGS = -fsanitize=fuzzer,address,undefined
FUZZ_LIBSRC = $(libpcpsel_la_SOURCES)
noinst_PROGRAMS += fuzz/fuzz_v4 \
	fuzz/fuzz_v6 \
	fuzz/fuzz_file \
	fuzz/fuzz_roundtrip \
	fuzz/fuzz_dhcp6 \
	fuzz/fuzz_view \
	fuzz/fuzz_map \
	fuzz/fuzz_dhcpcd
fuzz_fuzz_v4_SOURCES = fuzz/fuzz_v4.c $(FUZZ_LIBSRC)
fuzz_fuzz_v4_CFLAGS = $(FUZZ_CFLAGS)
fuzz_fuzz_v4_LDFLAGS = $(FUZZ_LDFLAGS)
fuzz_fuzz_v6_SOURCES = fuzz/fuzz_v6.c $(FUZZ_LIBSRC)
fuzz_fuzz_v6_CFLAGS = $(FUZZ_CFLAGS)
fuzz_fuzz_v6_LDFLAGS = $(FUZZ_LDFLAGS)
fuzz_fuzz_file_SOURCES = fuzz/fuzz_file.c $(FUZZ_LIBSRC)
fuzz_fuzz_file_CFLAGS = $(FUZZ_CFLAGS)
fuzz_fuzz_file_LDFLAGS = $(FUZZ_LDFLAGS)
fuzz_fuzz_roundtrip_SOURCES = fuzz/fuzz_roundtrip.c $(FUZZ_LIBSRC)
fuzz_fuzz_roundtrip_CFLAGS = $(FUZZ_CFLAGS)
fuzz_fuzz_roundtrip_LDFLAGS = $(FUZZ_LDFLAGS)
fuzz_fuzz_dhcp6_SOURCES = fuzz/fuzz_dhcp6.c $(FUZZ_LIBSRC)
fuzz_fuzz_dhcp6_CFLAGS = $(FUZZ_CFLAGS)
fuzz_fuzz_dhcp6_LDFLAGS = $(FUZZ_LDFLAGS)
fuzz_fuzz_view_SOURCES = fuzz/fuzz_view.c $(FUZZ_LIBSRC)
fuzz_fuzz_view_CFLAGS = $(FUZZ_CFLAGS)
fuzz_fuzz_view_LDFLAGS = $(FUZZ_LDFLAGS)
fuzz_fuzz_map_SOURCES = fuzz/fuzz_map.c $(FUZZ_LIBSRC)
fuzz_fuzz_map_CFLAGS = $(FUZZ_CFLAGS)
fuzz_fuzz_map_LDFLAGS = $(FUZZ_LDFLAGS)
# the dhcpcd adapter: the tool's own files, not libpcpsel's alone
FUZZ_DHCPCD_SRC = src/cmd_dhcpcd.c src/adapter.c src/util.c
fuzz_fuzz_dhcpcd_SOURCES = fuzz/fuzz_dhcpcd.c $(FUZZ_DHCPCD_SRC) $(FUZZ_LIBSRC)
fuzz_fuzz_dhcpcd_CFLAGS = $(FUZZ_CFLAGS)
fuzz_fuzz_dhcpcd_LDFLAGS = $(FUZZ_LDFLAGS)
else
# replay: every seed, corpus input and reproducer through the same entry point
FUZZ_REPLAYS = fuzz/replay_fuzz_v4 \
	fuzz/replay_fuzz_v6 \
	fuzz/replay_fuzz_file \
	fuzz/replay_fuzz_roundtrip \
	fuzz/replay_fuzz_dhcp6 \
	fuzz/replay_fuzz_view \
	fuzz/replay_fuzz_map \
	fuzz/replay_fuzz_dhcpcd
check_PROGRAMS += $(FUZZ_REPLAYS)
REPLAY_LIBS = libpcpsel.la
fuzz_replay_fuzz_v4_SOURCES = fuzz/fuzz_v4.c fuzz/main.c
fuzz_replay_fuzz_v4_CPPFLAGS = $(AM_CPPFLAGS) -UNDEBUG -DFUZZ_CORPUS='"$(abs_top_srcdir)/fuzz/fuzz_v4"'
fuzz_replay_fuzz_v4_LDADD = $(REPLAY_LIBS)
fuzz_replay_fuzz_v6_SOURCES = fuzz/fuzz_v6.c fuzz/main.c
fuzz_replay_fuzz_v6_CPPFLAGS = $(AM_CPPFLAGS) -UNDEBUG -DFUZZ_CORPUS='"$(abs_top_srcdir)/fuzz/fuzz_v6"'
fuzz_replay_fuzz_v6_LDADD = $(REPLAY_LIBS)
fuzz_replay_fuzz_file_SOURCES = fuzz/fuzz_file.c fuzz/main.c
fuzz_replay_fuzz_file_CPPFLAGS = $(AM_CPPFLAGS) -UNDEBUG -DFUZZ_CORPUS='"$(abs_top_srcdir)/fuzz/fuzz_file"'
fuzz_replay_fuzz_file_LDADD = $(REPLAY_LIBS)
fuzz_replay_fuzz_roundtrip_SOURCES = fuzz/fuzz_roundtrip.c fuzz/main.c
fuzz_replay_fuzz_roundtrip_CPPFLAGS = $(AM_CPPFLAGS) -UNDEBUG -DFUZZ_CORPUS='"$(abs_top_srcdir)/fuzz/fuzz_roundtrip"'
fuzz_replay_fuzz_roundtrip_LDADD = $(REPLAY_LIBS)
fuzz_replay_fuzz_dhcp6_SOURCES = fuzz/fuzz_dhcp6.c fuzz/main.c
fuzz_replay_fuzz_dhcp6_CPPFLAGS = $(AM_CPPFLAGS) -UNDEBUG -DFUZZ_CORPUS='"$(abs_top_srcdir)/fuzz/fuzz_dhcp6"'
fuzz_replay_fuzz_dhcp6_LDADD = $(REPLAY_LIBS)
fuzz_replay_fuzz_view_SOURCES = fuzz/fuzz_view.c fuzz/main.c
fuzz_replay_fuzz_view_CPPFLAGS = $(AM_CPPFLAGS) -UNDEBUG -DFUZZ_CORPUS='"$(abs_top_srcdir)/fuzz/fuzz_view"'
fuzz_replay_fuzz_view_LDADD = $(REPLAY_LIBS)
fuzz_replay_fuzz_map_SOURCES = fuzz/fuzz_map.c fuzz/main.c
fuzz_replay_fuzz_map_CPPFLAGS = $(AM_CPPFLAGS) -UNDEBUG -DFUZZ_CORPUS='"$(abs_top_srcdir)/fuzz/fuzz_map"'
fuzz_replay_fuzz_map_LDADD = $(REPLAY_LIBS)
fuzz_replay_fuzz_dhcpcd_SOURCES = fuzz/fuzz_dhcpcd.c fuzz/main.c \
	src/cmd_dhcpcd.c src/adapter.c src/util.c
fuzz_replay_fuzz_dhcpcd_CPPFLAGS = $(AM_CPPFLAGS) -UNDEBUG -DFUZZ_CORPUS='"$(abs_top_srcdir)/fuzz/fuzz_dhcpcd"'
fuzz_replay_fuzz_dhcpcd_LDADD = $(REPLAY_LIBS)
TESTS += $(FUZZ_REPLAYS)
VALGRIND_TESTS += $(FUZZ_REPLAYS)
if HAVE_KEA
# the replay driver (C) in a library of its own: the target's C++ flags
# force-include Kea's config.h, which must never meet ours
noinst_LTLIBRARIES += fuzz/libreplay-kea-glue.la
fuzz_libreplay_kea_glue_la_SOURCES = fuzz/main.c fuzz/fuzz.h
fuzz_libreplay_kea_glue_la_CPPFLAGS = $(AM_CPPFLAGS) -UNDEBUG \
	-DFUZZ_CORPUS='"$(abs_top_srcdir)/fuzz/fuzz_kea_glue"'
check_PROGRAMS += fuzz/replay_fuzz_kea_glue
fuzz_replay_fuzz_kea_glue_SOURCES = fuzz/fuzz_kea_glue.cc
fuzz_replay_fuzz_kea_glue_CPPFLAGS = $(PCPSEL_KEA_CPPFLAGS) -UNDEBUG \
	-iquote $(top_srcdir)/kea-hook
fuzz_replay_fuzz_kea_glue_CXXFLAGS = $(PCPSEL_KEA_CXXFLAGS)
fuzz_replay_fuzz_kea_glue_LDADD = fuzz/libreplay-kea-glue.la \
	libpcpsel-hook.la $(KEA_LIBS)
fuzz_replay_fuzz_kea_glue_LDFLAGS = -no-install -pthread
TESTS += fuzz/replay_fuzz_kea_glue
endif
endif
