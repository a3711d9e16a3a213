# tests/netns: the tests that run the real daemons (kea-dhcp4/6 with the
# pcpsel hook, dhcpcd, dhclient, udhcpc and NetworkManager with pcpsel's
# hooks, rogue servers) in network
# namespaces they create and delete, all on one harness, lib.sh.  Root only:
# each exits 77 (skipped) when not root, with PCPSEL_SKIP_NETNS=1, or when a
# daemon or the built hook is missing.
NETNS_TESTS = \
	tests/netns/kea/wire-v4-two-servers.sh \
	tests/netns/kea/wire-v4-long.sh \
	tests/netns/kea/wire-v4-scopes.sh \
	tests/netns/kea/wire-v6-three-servers.sh \
	tests/netns/kea/bad-config.sh \
	tests/netns/kea/multi-threading.sh \
	tests/netns/kea/malformed-queries.sh \
	tests/netns/kea/load-mt.sh \
	tests/netns/kea/readme-configs.sh \
	tests/netns/kea/reply-size.sh \
	tests/netns/dhcpcd/dualstack.sh \
	tests/netns/dhcpcd/multihoming.sh \
	tests/netns/dhcpcd/malformed.sh \
	tests/netns/dhcpcd/first-contact.sh \
	tests/netns/hostile/hostile-dhcp.sh \
	tests/netns/hostile/opt86.sh \
	tests/netns/clients/dhclient.sh \
	tests/netns/clients/udhcpc.sh \
	tests/netns/clients/compare.sh \
	tests/netns/clients/shared.sh \
	tests/netns/clients/nm.sh
TESTS += $(NETNS_TESTS)
AM_TESTS_ENVIRONMENT += KEA_LOCKFILE_DIR=none; export KEA_LOCKFILE_DIR;
EXTRA_DIST += $(NETNS_TESTS) \
	tests/netns/lib.sh \
	tests/netns/pktlib.py \
	tests/netns/client.py \
	tests/netns/malformed.py \
	tests/netns/pcap_check.py \
	tests/netns/demo.sh \
	tests/netns/hostile/rogue-dhcp.py
