# pcpsel: the command-line tool over libpcpsel
bin_PROGRAMS += pcpsel
pcpsel_SOURCES = \
	src/tool.h \
	src/pcpsel.c \
	src/util.c \
	src/adapter.h \
	src/adapter.c \
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
	src/cmd_probe.c
pcpsel_LDADD = libpcpsel.la
