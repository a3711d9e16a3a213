# SPDX-License-Identifier: BSD-2-Clause
# tests/netns: the tests that run the real daemons (kea-dhcp4/6 with the
# pcpsel hook, dhcpcd, dhclient, udhcpc and NetworkManager with pcpsel's
# hooks, rogue servers, miniupnpd as the PCP server of `pcpsel probe` and
# `pcpsel map` in probe/, all of them together in map/: the multihoming case
# end to end) in network
# namespaces they create and delete, all on one harness, lib.sh.  Root only:
# each exits 77 (skipped) when not root, with PCPSEL_SKIP_NETNS=1, or when a
# daemon or the built hook is missing.
NETNS_TESTS = \
	tests/netns/kea/wire-v4-two-servers.sh \
	tests/netns/kea/hostdb-pgsql.sh \
	tests/netns/kea/hostdb-pgsql6.sh \
	tests/netns/kea/ha-pair.sh \
	tests/netns/kea/ha-pair6.sh \
	tests/netns/kea/ha-lb4.sh \
	tests/netns/kea/ha-lb6.sh \
	tests/netns/kea/runtime-config.sh \
	tests/netns/kea/runtime-cmds.sh \
	tests/netns/kea/runtime-classes.sh \
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
	tests/netns/clients/nm.sh \
	tests/netns/probe/probe-two-addrs.sh \
	tests/netns/probe/probe-port-unreachable.sh \
	tests/netns/probe/probe-silent-drop.sh \
	tests/netns/probe/probe-two-interfaces.sh \
	tests/netns/probe/probe-ipv4-mapping.sh \
	tests/netns/probe/probe-icmp-codes.sh \
	tests/netns/probe/map-dual-stack.sh \
	tests/netns/probe/map-ipv6-pinhole.sh \
	tests/netns/probe/map-restart.sh \
	tests/netns/probe/map-follow-files.sh \
	tests/netns/probe/map-ipv6-multihomed.sh \
	tests/netns/probe/map-renumbering.sh \
	tests/netns/map/nat44-two-isps.sh \
	tests/netns/map/ipv6-two-uplinks.sh \
	tests/netns/map/ipv6-one-link.sh \
	tests/netns/map/dual-stack.sh
TESTS += $(NETNS_TESTS)
AM_TESTS_ENVIRONMENT += KEA_LOCKFILE_DIR=none; export KEA_LOCKFILE_DIR;
EXTRA_DIST += $(NETNS_TESTS) \
	tests/netns/lib.sh \
	tests/netns/pktlib.py \
	tests/netns/client.py \
	tests/netns/malformed.py \
	tests/netns/pcap_check.py \
	tests/netns/demo.sh \
	tests/netns/hostile/rogue-dhcp.py \
	tests/netns/probe/icmp-forge.py
