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
	src/cmd_probe.c \
	src/cmd_map.c
pcpsel_LDADD = libpcpsel.la
