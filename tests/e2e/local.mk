# tests/e2e: the dhcpcd hook.  test-dhcpcd-cmd.sh drives `pcpsel dhcpcd`
# alone (no root); the e2e-*.sh run the real kea-dhcp4/kea-dhcp6 (with the
# pcpsel Kea hook) and the real dhcpcd (with the pcpsel hook) in network
# namespaces, as root (exit 77 otherwise, or with PCPSEL_SKIP_NETNS=1).
# e2e-first-contact.sh (issue 19 item 2) needs no Kea: its server sends
# options 158 and 86 only when asked, as Kea does (rogue-dhcp.py asked=1).
# demo.sh is run by tools/demo.
TESTS += \
	tests/e2e/test-dhcpcd-cmd.sh \
	tests/e2e/e2e-dualstack.sh \
	tests/e2e/e2e-multihoming.sh \
	tests/e2e/e2e-malformed.sh \
	tests/e2e/e2e-first-contact.sh
EXTRA_DIST += \
	tests/e2e/lib.sh \
	tests/e2e/demo.sh \
	tests/e2e/test-dhcpcd-cmd.sh \
	tests/e2e/e2e-dualstack.sh \
	tests/e2e/e2e-multihoming.sh \
	tests/e2e/e2e-malformed.sh \
	tests/e2e/e2e-first-contact.sh
