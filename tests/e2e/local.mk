# tests/e2e: `pcpsel dhcpcd` driven alone, as dhcpcd-run-hooks would (no
# root); the dhcpcd hook with the real dhcpcd is tested in tests/netns/dhcpcd.
TESTS += tests/e2e/test-dhcpcd-cmd.sh
EXTRA_DIST += tests/e2e/test-dhcpcd-cmd.sh
