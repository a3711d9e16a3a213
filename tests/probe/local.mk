# tests/probe: `pcpsel probe` and `pcpsel map` against a real PCP server (miniupnpd 2.3.1,
# Debian miniupnpd-nftables) in network namespaces; each script skips (77)
# when not root, with PCPSEL_SKIP_NETNS=1, or without miniupnpd.
PROBE_TESTS = \
	tests/probe/probe-two-addrs.sh \
	tests/probe/probe-port-unreachable.sh \
	tests/probe/probe-silent-drop.sh \
	tests/probe/probe-two-interfaces.sh \
	tests/probe/probe-ipv4-mapping.sh \
	tests/probe/probe-icmp-codes.sh \
	tests/probe/map-dual-stack.sh \
	tests/probe/map-ipv6-pinhole.sh \
	tests/probe/map-restart.sh \
	tests/probe/map-follow-files.sh \
	tests/probe/map-ipv6-multihomed.sh \
	tests/probe/map-renumbering.sh
TESTS += $(PROBE_TESTS)
EXTRA_DIST += $(PROBE_TESTS) tests/probe/lib.sh tests/probe/icmp-forge.py \
	tests/probe/map-lib.sh
