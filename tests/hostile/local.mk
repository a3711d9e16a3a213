# SPDX-License-Identifier: BSD-2-Clause
# tests/hostile: issue 5 hardening.
#  test-file-race.sh    concurrent pcpsel_file_write / pcpsel_file_read of
#                       one interface's file (file-race.c), no root
#  test-dhcpcd-race.sh  concurrent `pcpsel dhcpcd` v4/v6 runs, no root
# (rogue DHCP servers against the real dhcpcd: tests/netns/hostile)
check_PROGRAMS += tests/hostile/file-race
tests_hostile_file_race_SOURCES = tests/hostile/file-race.c
tests_hostile_file_race_LDADD = libpcpsel.la
tests_hostile_file_race_LDFLAGS = $(AM_LDFLAGS) -no-install
TESTS += \
	tests/hostile/test-file-race.sh \
	tests/hostile/test-dhcpcd-race.sh
EXTRA_DIST += \
	tests/hostile/test-file-race.sh \
	tests/hostile/test-dhcpcd-race.sh
