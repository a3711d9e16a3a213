# SPDX-License-Identifier: BSD-2-Clause
# pcpsel: the command-line tool over libpcpsel
bin_PROGRAMS += pcpsel
pcpsel_SOURCES = \
	src/tool.h \
	src/pcpsel.c \
	src/util.c \
	src/adapter.h \
	src/adapter.c \
	src/servers.c \
	src/cmd_decode.c \
	src/cmd_encode.c \
	src/cmd_order.c \
	src/cmd_show.c \
	src/cmd_kea_check.c \
	src/cmd_dhcpcd.c \
	src/dhcpcd_reasons.h \
	src/cmd_dhclient.c \
	src/dhclient_reasons.h \
	src/cmd_udhcpc.c \
	src/udhcpc_events.h \
	src/cmd_nm.c \
	src/nm_actions.h \
	src/cmd_probe.c \
	src/cmd_map.c
pcpsel_LDADD = libpcpsel.la
pcpsel_CPPFLAGS = $(AM_CPPFLAGS) \
	-DPCPSEL_KEA_CHECK_PATH='"$(pkglibexecdir)/pcpsel-kea-check"'

if HAVE_KEA
if !FUZZING
# pcpsel-kea-check: `pcpsel kea-check` (src/cmd_kea_check.c starts it).  C++
# linked with Kea's libraries and keacfg, like the hook, for the same Kea
# release; in LIBEXECDIR/pcpsel, beside the tool that starts it.
pkglibexec_PROGRAMS = pcpsel-kea-check
pcpsel_kea_check_SOURCES = \
	src/kea_check.cc \
	src/kea_read.h \
	src/kea_read.cc
pcpsel_kea_check_CPPFLAGS = $(PCPSEL_KEA_CPPFLAGS) \
	-DPCPSEL_KEA_DHCP4='"$(KEA_DHCP4)"' -DPCPSEL_KEA_DHCP6='"$(KEA_DHCP6)"'
pcpsel_kea_check_CXXFLAGS = $(PCPSEL_KEA_CXXFLAGS)
pcpsel_kea_check_LDADD = libkeacfg.la $(KEA_LIBS)
pcpsel_kea_check_LDFLAGS = -pthread
endif
endif
