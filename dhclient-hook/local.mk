# SPDX-License-Identifier: BSD-2-Clause
# dhclient-hook: the exit hook dhclient-script sources, and the
# dhclient.conf lines that define and request options 158 and 86.  The hook
# calls $(bindir)/pcpsel (`pcpsel dhclient`, src/cmd_dhclient.c).
dhclienthooks_DATA = dhclient-hook/pcpsel
dist_pkgdata_DATA += dhclient-hook/dhclient.conf.pcpsel
dist_man_MANS += doc/pcpsel-dhclient.8
EXTRA_DIST += dhclient-hook/pcpsel.in
CLEANFILES += dhclient-hook/pcpsel

# The case pattern of the hook: the reasons of the table that `pcpsel
# dhclient` acts on (src/dhclient_reasons.h, NONE rows left out), joined by
# '|'.
dhclient-hook/pcpsel: $(srcdir)/dhclient-hook/pcpsel.in \
    $(srcdir)/src/dhclient_reasons.h Makefile
	$(AM_V_GEN)$(MKDIR_P) dhclient-hook && \
	reasons=`sed -n 's/^REASON("\([A-Z0-9]*\)", *[SCA][A-Z]*,.*/\1/p' \
	    $(srcdir)/src/dhclient_reasons.h | tr '\n' '|' | sed 's/|$$//'` && \
	test -n "$$reasons" && \
	sed -e 's|@bindir[@]|$(bindir)|g' \
	    -e 's|@pkgdatadir[@]|$(pkgdatadir)|g' \
	    -e 's|@SERVERS_DIR[@]|$(SERVERS_DIR)|g' \
	    -e "s/@DHCLIENT_REASONS[@]/$$reasons/" \
	    $(srcdir)/dhclient-hook/pcpsel.in > $@.tmp && mv -f $@.tmp $@
