# SPDX-License-Identifier: BSD-2-Clause
# doc: man pages (pcpsel-dhcpcd.8 is listed in dhcpcd-hook/local.mk)
dist_man_MANS += \
	doc/pcpsel.8 \
	doc/pcpsel-servers.5 \
	doc/libpcpsel.3
dist_man_MANS += doc/pcpsel-probe.8 doc/pcpsel-map.8
# the rules and policy IDs the code and the tests cite (tests/tool/test-policy-ids.sh)
dist_doc_DATA = doc/policy.md
