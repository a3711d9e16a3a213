# SPDX-License-Identifier: BSD-2-Clause
# tests/e2e: `pcpsel dhcpcd` driven alone, as dhcpcd-run-hooks would (no
# root), and `pcpsel dhclient`, `udhcpc`, `nm` with their scripts; the
# hooks with the real clients are tested in tests/netns/dhcpcd and
# tests/netns/clients.
TESTS += tests/e2e/test-dhcpcd-cmd.sh tests/e2e/test-clients-cmd.sh
EXTRA_DIST += tests/e2e/test-dhcpcd-cmd.sh tests/e2e/test-clients-cmd.sh
