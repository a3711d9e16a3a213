# SPDX-License-Identifier: BSD-2-Clause
# dhcpcd-hook: the hook dhcpcd-run-hooks sources, and the dhcpcd.conf lines
# that define and request options 158 and 86.  The hook calls
# $(bindir)/pcpsel (`pcpsel dhcpcd`, src/cmd_dhcpcd.c), substituted here.
dhcpcdhooks_DATA = dhcpcd-hook/60-pcpsel
dist_pkgdata_DATA = dhcpcd-hook/dhcpcd.conf.pcpsel
dist_man_MANS += doc/pcpsel-dhcpcd.8
EXTRA_DIST += dhcpcd-hook/60-pcpsel.in dhcpcd-hook/README.md
CLEANFILES += dhcpcd-hook/60-pcpsel

# The case pattern of the hook: the reasons of the table that `pcpsel
# dhcpcd` acts on (src/dhcpcd_reasons.h), joined by '|'.
dhcpcd-hook/60-pcpsel: $(srcdir)/dhcpcd-hook/60-pcpsel.in \
    $(srcdir)/src/dhcpcd_reasons.h Makefile
	$(AM_V_GEN)$(MKDIR_P) dhcpcd-hook && \
	reasons=`sed -n 's/^REASON(\([A-Z0-9]*\),.*/\1/p' \
	    $(srcdir)/src/dhcpcd_reasons.h | tr '\n' '|' | sed 's/|$$//'` && \
	test -n "$$reasons" && \
	sed -e 's|@bindir[@]|$(bindir)|g' \
	    -e 's|@pkgdatadir[@]|$(pkgdatadir)|g' \
	    -e 's|@SERVERS_DIR[@]|$(SERVERS_DIR)|g' \
	    -e 's|@DHCPCD_DBDIR[@]|$(DHCPCD_DBDIR)|g' \
	    -e "s/@DHCPCD_REASONS[@]/$$reasons/" \
	    $(srcdir)/dhcpcd-hook/60-pcpsel.in > $@.tmp && mv -f $@.tmp $@
