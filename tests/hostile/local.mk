# tests/hostile: issue 5 hardening.
#  test-file-race.sh    concurrent pcpsel_file_write / pcpsel_file_read of
#                       one interface's file (file-race.c), no root
#  test-dhcpcd-race.sh  concurrent `pcpsel dhcpcd` v4/v6 runs, no root
#  hostile-dhcp.sh      rogue DHCPv4/DHCPv6 servers (scapy, rogue-dhcp.py)
#                       against the real dhcpcd with the pcpsel hook, in
#                       network namespaces: root (77 otherwise, or with
#                       PCPSEL_SKIP_NETNS=1)
#  hostile-opt86.sh     1000+ option-86 instances against the real dhcpcd
#                       under glibc's malloc checks (issue 12 item 2):
#                       root, no Kea
check_PROGRAMS += tests/hostile/file-race
tests_hostile_file_race_SOURCES = tests/hostile/file-race.c
tests_hostile_file_race_LDADD = libpcpsel.la
tests_hostile_file_race_LDFLAGS = $(AM_LDFLAGS) -no-install
TESTS += \
	tests/hostile/test-file-race.sh \
	tests/hostile/test-dhcpcd-race.sh \
	tests/hostile/hostile-dhcp.sh \
	tests/hostile/hostile-opt86.sh
EXTRA_DIST += \
	tests/hostile/test-file-race.sh \
	tests/hostile/test-dhcpcd-race.sh \
	tests/hostile/hostile-dhcp.sh \
	tests/hostile/hostile-opt86.sh \
	tests/hostile/rogue-dhcp.py
