# SPDX-License-Identifier: BSD-2-Clause
# nm-dispatcher: the NetworkManager dispatcher script, which calls
# $(bindir)/pcpsel (`pcpsel nm`, src/cmd_nm.c), and the NetworkManager.conf
# lines that choose the dhcpcd backend.
nmdispatcher_SCRIPTS = nm-dispatcher/60-pcpsel
dist_pkgdata_DATA += nm-dispatcher/NetworkManager.conf.pcpsel
dist_man_MANS += doc/pcpsel-nm.8
EXTRA_DIST += nm-dispatcher/60-pcpsel.in
CLEANFILES += nm-dispatcher/60-pcpsel

# The case pattern of the script: the actions of the table that `pcpsel
# nm` acts on (src/nm_actions.h), joined by '|'.
nm-dispatcher/60-pcpsel: $(srcdir)/nm-dispatcher/60-pcpsel.in \
    $(srcdir)/src/nm_actions.h Makefile
	$(AM_V_GEN)$(MKDIR_P) nm-dispatcher && \
	actions=`sed -n 's/^REASON("\([a-z0-9-]*\)", *[SCA][A-Z]*,.*/\1/p' \
	    $(srcdir)/src/nm_actions.h | tr '\n' '|' | sed 's/|$$//'` && \
	test -n "$$actions" && \
	sed -e 's|@bindir[@]|$(bindir)|g' \
	    -e 's|@SERVERS_DIR[@]|$(SERVERS_DIR)|g' \
	    -e "s/@NM_ACTIONS[@]/$$actions/" \
	    $(srcdir)/nm-dispatcher/60-pcpsel.in > $@.tmp && \
	chmod 755 $@.tmp && mv -f $@.tmp $@
