# SPDX-License-Identifier: BSD-2-Clause
# bench: benchmarks that report figures (never pass/fail, never part of
# `make check`).  `make bench` builds the programs below and runs
# bench/run.sh, which writes bench/results.md in the build directory; the
# figures in BENCHMARKS.md come from there.  tools/bench does the same in
# build/bench after installing what is missing.
EXTRA_PROGRAMS = bench/bench_codec bench/bench_reader bench/bench_spawn
bench_bench_codec_SOURCES = bench/codec.c
bench_bench_codec_LDADD = libpcpsel.la
bench_bench_reader_SOURCES = bench/reader.c
bench_bench_reader_LDADD = libpcpsel.la
bench_bench_spawn_SOURCES = bench/spawn.c
BENCH_DEPS = $(EXTRA_PROGRAMS) pcpsel$(EXEEXT) dhcpcd-hook/60-pcpsel
CLEANFILES += $(EXTRA_PROGRAMS) bench/results.md
EXTRA_DIST += bench/run.sh bench/kea.sh bench/kea-report.sh bench/kea_empty.cc \
	bench/kea-hostdb.sh \
	bench/dhcpcd-opt86.sh \
	bench/map.sh \
	bench/kea_attach.cc

if HAVE_KEA
# The empty hook: the same callouts as libdhcp_pcpsel.so, doing nothing.
# A libtool module built only for `make bench` (-rpath makes it shared).
EXTRA_LTLIBRARIES = bench/libbench_empty.la bench/libbench_attach.la
bench_libbench_empty_la_SOURCES = bench/kea_empty.cc
bench_libbench_empty_la_CPPFLAGS = $(KEA_CPPFLAGS)
bench_libbench_empty_la_CXXFLAGS = -std=$(KEA_CXXSTD) -O2 -Wall -Wextra -pthread
bench_libbench_empty_la_LIBADD = $(KEA_LIBS)
bench_libbench_empty_la_LDFLAGS = -module -avoid-version -shared -pthread \
	-Wl,--no-undefined -rpath '$(abs_builddir)/bench'
# The attach-only hook: the floor of any hook sending these options.
bench_libbench_attach_la_SOURCES = bench/kea_attach.cc
bench_libbench_attach_la_CPPFLAGS = $(KEA_CPPFLAGS)
bench_libbench_attach_la_CXXFLAGS = -std=$(KEA_CXXSTD) -O2 -Wall -Wextra -pthread
bench_libbench_attach_la_LIBADD = $(KEA_LIBS)
bench_libbench_attach_la_LDFLAGS = -module -avoid-version -shared -pthread \
	-Wl,--no-undefined -rpath '$(abs_builddir)/bench'
BENCH_DEPS += bench/libbench_empty.la bench/libbench_attach.la \
	libdhcp_pcpsel.la
CLEANFILES += bench/libbench_empty.la bench/libbench_attach.la
BENCH_KEA = yes
else
BENCH_KEA = no
endif

# BENCH_ONLY="codec reader large dhcpcd kea map" picks parts; BENCH_QUICK=1 shortens
# every part (a smoke run, figures not for publication).
bench: $(BENCH_DEPS)
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	LIBTOOL='$(LIBTOOL)' BENCH_KEA='$(BENCH_KEA)' \
	$(SHELL) $(abs_top_srcdir)/bench/run.sh
.PHONY: bench
