#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The full kea-dhcp4 and kea-dhcp6 configurations of kea-hook/README.md are
# valid for the Kea installed here (2.2, 2.6 or 3.0): `kea-dhcpX -t` accepts
# each, with the hook at the path the README names (Kea's hooks directory,
# where `make install` and the package put it), its lease file in
# /var/lib/kea and its log in /var/log/kea; and `pcpsel kea-check` accepts
# them too.  Kea runs in a network namespace that has the README's
# interface (eth1, one end of a veth pair), and in a private mount namespace in which those three
# directories are empty tmpfs mounts holding only the built hook, so
# nothing of the host is read or written.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/netns/lib.sh"
ns_init readme-configs unshare mount
kea_require
hook=$(kea_hook)
hooksdir=$(kea_hooks_dir)
[ -n "$hooksdir" ] || bail "kea-dhcp4 -W names no hooks directory"
note "Kea $(kea_version), hooks directory $hooksdir"
ns_new k
ns_link k eth1 k eth1peer

# the ```json blocks of the README that hold a whole "Dhcp4"/"Dhcp6" file
"$NS_PY" - "$top_srcdir/kea-hook/README.md" "$T" <<'EOF' || bail "cannot read the README"
import re, sys
text = open(sys.argv[1]).read()
n = 0
for block in re.findall(r"```json\n(.*?)```", text, re.S):
    m = re.match(r'\s*\{\s*"Dhcp([46])"', block)
    if m:
        n += 1
        open("%s/readme%s.json" % (sys.argv[2], m.group(1)), "w").write(block)
sys.exit(0 if n == 2 else 1)
EOF

for fam in 4 6; do
	conf=$T/readme$fam.json
	check_grep "README's Dhcp$fam names the hook in Kea's hooks directory" \
	    "\"library\": \"$hooksdir/libdhcp_pcpsel.so\"" "$conf"
	# kea-dhcpX -t, and pcpsel kea-check (which reads the file with the
	# same kea-dhcpX -t), with the hook where the README puts it
	ns_exec k unshare -m --propagation private sh -c '
		mount -t tmpfs tmpfs "$1" && cp "$2" "$1/libdhcp_pcpsel.so" &&
		for d in /var/lib/kea /var/log/kea; do
			[ ! -d "$d" ] || mount -t tmpfs tmpfs "$d" || exit 99
		done &&
		KEA_LOCKFILE_DIR=none KEA_PIDFILE_DIR=/var/lib/kea "kea-dhcp$3" -t "$4" \
			> "$5/kea-t$3.out" 2>&1
		echo "kea-t $?" > "$5/rc$3"
		"$6" kea-check "$4" > "$5/kea-check$3.out" 2>&1
		echo "kea-check $?" >> "$5/rc$3"
	' _ "$hooksdir" "$hook" "$fam" "$conf" "$T" "$PCPSEL"
	check "README's Dhcp$fam: kea-dhcp$fam -t accepts it" "kea-t 0" \
	    "$(sed -n 1p "$T/rc$fam" 2>/dev/null)"
	check "README's Dhcp$fam: pcpsel kea-check accepts it" "kea-check 0" \
	    "$(sed -n 2p "$T/rc$fam" 2>/dev/null)"
	check_grep "README's Dhcp$fam: kea-check says OK" \
	    "$conf: pcpsel settings OK" "$T/kea-check$fam.out"
	sed 's/^/# /' "$T/kea-t$fam.out" "$T/kea-check$fam.out" | grep -v DEBUG | head -n 20
done
finish
