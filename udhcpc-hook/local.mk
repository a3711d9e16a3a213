# SPDX-License-Identifier: BSD-2-Clause
# udhcpc-hook: the script busybox udhcpc runs (-s), which runs udhcpc's
# default script first and then $(bindir)/pcpsel (`pcpsel udhcpc`,
# src/cmd_udhcpc.c).
udhcpc_SCRIPTS = udhcpc-hook/pcpsel.script
dist_man_MANS += doc/pcpsel-udhcpc.8
EXTRA_DIST += udhcpc-hook/pcpsel.script.in
CLEANFILES += udhcpc-hook/pcpsel.script

# The case pattern of the script: the events of the table that `pcpsel
# udhcpc` acts on (src/udhcpc_events.h), joined by '|'.
udhcpc-hook/pcpsel.script: $(srcdir)/udhcpc-hook/pcpsel.script.in \
    $(srcdir)/src/udhcpc_events.h Makefile
	$(AM_V_GEN)$(MKDIR_P) udhcpc-hook && \
	events=`sed -n 's/^REASON("\([a-z0-9]*\)", *[SCA][A-Z]*,.*/\1/p' \
	    $(srcdir)/src/udhcpc_events.h | tr '\n' '|' | sed 's/|$$//'` && \
	test -n "$$events" && \
	sed -e 's|@bindir[@]|$(bindir)|g' \
	    -e 's|@udhcpcdir[@]|$(udhcpcdir)|g' \
	    -e 's|@SERVERS_DIR[@]|$(SERVERS_DIR)|g' \
	    -e 's|@UDHCPC_DEFAULT_SCRIPT[@]|$(UDHCPC_DEFAULT_SCRIPT)|g' \
	    -e "s/@UDHCPC_EVENTS[@]/$$events/" \
	    $(srcdir)/udhcpc-hook/pcpsel.script.in > $@.tmp && \
	chmod 755 $@.tmp && mv -f $@.tmp $@
