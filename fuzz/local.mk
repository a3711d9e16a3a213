# fuzz: libFuzzer targets (configure --enable-fuzzing, CC=clang) and, in a
# normal build, replay tests of their seeds (fuzz/<t>.in), what campaigns
# found (fuzz/<t>.corpus) and crash reproducers (fuzz/<t>.repro).  Each
# target needs its own automake variables below; tools/fuzz reads the list.
FUZZ_TARGETS = fuzz_v4 fuzz_v6 fuzz_file fuzz_kea fuzz_roundtrip fuzz_dhcp6 fuzz_view fuzz_map
EXTRA_DIST += fuzz/fuzz.h \
	fuzz/main.c \
	fuzz/make-seeds.sh \
	fuzz/fuzz_v4.c \
	fuzz/fuzz_v4.in \
	fuzz/fuzz_v4.repro \
	fuzz/fuzz_v4.dict \
	fuzz/fuzz_v6.c \
	fuzz/fuzz_v6.in \
	fuzz/fuzz_v6.repro \
	fuzz/fuzz_v6.dict \
	fuzz/fuzz_file.c \
	fuzz/fuzz_file.in \
	fuzz/fuzz_file.repro \
	fuzz/fuzz_file.dict \
	fuzz/fuzz_kea.c \
	fuzz/fuzz_kea.in \
	fuzz/fuzz_kea.repro \
	fuzz/fuzz_kea.dict \
	fuzz/fuzz_roundtrip.c \
	fuzz/fuzz_roundtrip.in \
	fuzz/fuzz_roundtrip.repro \
	fuzz/fuzz_roundtrip.dict \
	fuzz/fuzz_dhcp6.c \
	fuzz/fuzz_dhcp6.in \
	fuzz/fuzz_dhcp6.repro \
	fuzz/fuzz_view.c \
	fuzz/fuzz_view.in \
	fuzz/fuzz_view.repro \
	fuzz/fuzz_view.dict \
	fuzz/fuzz_map.c \
	fuzz/fuzz_map.in \
	fuzz/fuzz_map.repro

if FUZZING
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
	fuzz/fuzz_kea \
	fuzz/fuzz_roundtrip \
	fuzz/fuzz_dhcp6 \
	fuzz/fuzz_view \
	fuzz/fuzz_map
fuzz_fuzz_v4_SOURCES = fuzz/fuzz_v4.c $(FUZZ_LIBSRC)
fuzz_fuzz_v4_CFLAGS = $(FUZZ_CFLAGS)
fuzz_fuzz_v4_LDFLAGS = $(FUZZ_LDFLAGS)
fuzz_fuzz_v6_SOURCES = fuzz/fuzz_v6.c $(FUZZ_LIBSRC)
fuzz_fuzz_v6_CFLAGS = $(FUZZ_CFLAGS)
fuzz_fuzz_v6_LDFLAGS = $(FUZZ_LDFLAGS)
fuzz_fuzz_file_SOURCES = fuzz/fuzz_file.c $(FUZZ_LIBSRC)
fuzz_fuzz_file_CFLAGS = $(FUZZ_CFLAGS)
fuzz_fuzz_file_LDFLAGS = $(FUZZ_LDFLAGS)
fuzz_fuzz_kea_SOURCES = fuzz/fuzz_kea.c $(FUZZ_LIBSRC)
fuzz_fuzz_kea_CFLAGS = $(FUZZ_CFLAGS)
fuzz_fuzz_kea_LDFLAGS = $(FUZZ_LDFLAGS)
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
else
# replay: every seed, corpus input and reproducer through the same entry point
FUZZ_REPLAYS = fuzz/replay_fuzz_v4 \
	fuzz/replay_fuzz_v6 \
	fuzz/replay_fuzz_file \
	fuzz/replay_fuzz_kea \
	fuzz/replay_fuzz_roundtrip \
	fuzz/replay_fuzz_dhcp6 \
	fuzz/replay_fuzz_view \
	fuzz/replay_fuzz_map
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
fuzz_replay_fuzz_kea_SOURCES = fuzz/fuzz_kea.c fuzz/main.c
fuzz_replay_fuzz_kea_CPPFLAGS = $(AM_CPPFLAGS) -UNDEBUG -DFUZZ_CORPUS='"$(abs_top_srcdir)/fuzz/fuzz_kea"'
fuzz_replay_fuzz_kea_LDADD = $(REPLAY_LIBS)
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
TESTS += $(FUZZ_REPLAYS)
VALGRIND_TESTS += $(FUZZ_REPLAYS)
endif
