#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# tests/pkg/test-install.sh DIR - install the pcpsel packages of DIR (built
# by tools/package) on this system, use them as an administrator would, and
# remove them; run by `tools/package --test` in a fresh chroot of each
# release (../shared/tools/fresh-check RELEASE tools/package --test).
#
#  1. apt-get install DIR/*.deb works; /etc/dhcpcd.conf is left as it was
#     (the snippet is the administrator's to append, README.Debian);
#  2. the Kea hook is in Kea's own hooks directory and the real kea-dhcp4
#     and kea-dhcp6, started with no environment variable about hooks and a
#     configuration that names the file only (Kea 2.6 and later; Kea 2.2
#     needs the path of that directory), load it and serve options 158 and
#     86 to a real dhcpcd in network namespaces made here;
#  3. that dhcpcd, run as installed (its own dhcpcd-run-hooks, no -c), with
#     the shipped snippet in its configuration, finds the pcpsel hook in its
#     hooks directory: /run/pcp/servers/<interface> holds the servers, and
#     dhcpcd-run-hooks called by hand with a reason finds it too;
#  4. `pcpsel show` as user nobody prints them;
#  5. apt-get remove takes /run/pcp and the hook's state away (runtime
#     state, README.Debian), apt-get purge leaves no package behind, and
#     the file system holds exactly the paths it held before (outside the
#     volatile /proc, /sys, /dev, /run, /tmp, logs, caches, apt and dpkg
#     state).
#
# It changes the system it runs on (packages, /run/pcp): it refuses to run
# outside a chroot unless PCPSEL_PKG_TEST_HOST=1, and if any pcpsel package
# is installed already.  PCPSEL_PKG_NOKEA=1: no kea-hook-pcpsel was built
# (build profile pkg.pcpsel.nokea); the Kea steps are reported as not run.
#
# Built on the tests' harness of the tree it runs from (tests/lib.sh: TAP,
# $T; tests/netns/lib.sh: namespaces pcpsel-pkg-<pid>-srv and -cli, every
# process stopped by its PID and the namespaces deleted at exit, bounded
# waits, Kea's configuration), but every program it runs is the installed
# one: pcpsel, the hooks, Kea and dhcpcd as the packages put them, never
# the build tree's.  PCPSEL_PKG_KEEP=1 (or PCPSEL_KEEP=1): keep $T.
set -u
dir=${1:?usage: test-install.sh DIR-WITH-DEBS}
dir=$(cd "$dir" && pwd) || exit 99
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive
[ -z "${PCPSEL_PKG_KEEP:-}" ] || PCPSEL_KEEP=1
# nothing tells the installed Kea where hooks are
unset KEA_HOOKS_PATH
top_srcdir=$(cd "$(dirname "$0")/../.." && pwd) || exit 99
# $T in /tmp, which the file system comparison (5.) leaves out
TMPDIR=/tmp
# the installed tool (the harness would take a build tree's)
PCPSEL=/usr/bin/pcpsel
# the longest wait: dhcpcd's first leases (30 s)
NS_TIMEOUT=${NS_TIMEOUT:-30}
. "$top_srcdir/tests/netns/lib.sh"
made_prc=no

die() { echo "test-install: $*" >&2; exit 99; }

# pkg_cleanup: the policy-rc.d this test made goes (after the harness has
# stopped the processes and deleted the namespaces)
pkg_cleanup()
{
	[ "$made_prc" = no ] || rm -f /usr/sbin/policy-rc.d
}
lib_at_exit pkg_cleanup

# ---- may we?
[ "$(id -u)" = 0 ] || die "needs root"
if [ -z "${PCPSEL_PKG_TEST_HOST:-}" ] && ! ischroot; then
	die "not in a chroot: this installs and purges packages system-wide" \
	    "(PCPSEL_PKG_TEST_HOST=1 to run it anyway)"
fi
if dpkg-query -W -f='${Status}\n' libpcpsel1 libpcpsel-dev pcpsel \
    kea-hook-pcpsel 2>/dev/null | grep -q ' installed$'; then
	die "pcpsel packages are installed already; remove them first"
fi
# A chroot unpacked into a mktemp -d directory has "/" at mode 0700, where
# no user but root can run anything; an installed system has 0755
if [ "$(stat -c %a /)" != 755 ] && ischroot; then
	echo "# / is mode $(stat -c %a /) in this chroot: 0755, as installed systems have"
	chmod 755 /
fi
pkgs="libpcpsel1 libpcpsel-dev pcpsel"
[ -n "${PCPSEL_PKG_NOKEA:-}" ] || pkgs="$pkgs kea-hook-pcpsel"
for p in $pkgs; do
	ls "$dir"/"${p}"_*.deb >/dev/null 2>&1 || die "no ${p}_*.deb in $dir"
done

# ---- what the test itself uses, only what is missing (no service starts)
need="iproute2 procps util-linux dhcpcd-base"
[ -n "${PCPSEL_PKG_NOKEA:-}" ] || need="$need kea-dhcp4-server kea-dhcp6-server"
missing=
for p in $need; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q ' installed$' ||
	    missing="$missing $p"
done
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
	chmod 755 /usr/sbin/policy-rc.d
	made_prc=yes
fi
if [ -n "$missing" ]; then
	echo "test-install: installing$missing"
	{ apt-get update -qq && apt-get install -y -qq --no-install-recommends \
	    $missing; } >"$T/deps.log" 2>&1 ||
	    { tail -n 20 "$T/deps.log"; die "apt-get failed"; }
fi

# the namespace harness (ip, sysctl: from the packages just installed)
ns_usable mount runuser || die "$NS_WHY"
ns_init pkg

runhooks=$(dpkg-query -L dhcpcd-base | grep -m1 '/dhcpcd-run-hooks$')
hooksdir=$(sed -n 's|^[[:space:]]*\(/[^*[:space:]]*dhcpcd-hooks\)/\*.*|\1|p' \
    "$runhooks" | head -n 1)
[ -n "$hooksdir" ] || die "cannot tell dhcpcd's hooks directory from $runhooks"
if [ -z "${PCPSEL_PKG_NOKEA:-}" ]; then
	keahooks=$(dpkg-query -L kea-common | grep -m1 -E '/kea/hooks$')
	keaver=$(dpkg-query -W -f='${Version}' kea-common)
	[ -d "$keahooks" ] || die "no Kea hooks directory"
fi
echo "# $(. /etc/os-release; echo "$PRETTY_NAME"); dhcpcd $(dpkg-query -W \
    -f='${Version}' dhcpcd-base), hooks in $hooksdir${keaver:+; Kea $keaver, hooks in $keahooks}"

# ---- the file system before (paths, types, modes, owners)
snapshot()
{
	find / -xdev \( -path /proc -o -path /sys -o -path /dev -o -path /run \
	    -o -path /tmp -o -path /var/tmp -o -path /var/log \
	    -o -path /var/cache -o -path /var/lib/apt -o -path /var/lib/dpkg \
	    -o -path /var/backups -o -path /work -o -path "$dir" \
	    -o -path /root/pcpsel \) -prune -o -printf '%y %m %u:%g %p\n' |
	    LC_ALL=C sort
}
snapshot >"$T/before"
sum_conf=$(md5sum /etc/dhcpcd.conf 2>/dev/null)

# ---- 1. install
debs=$(ls "$dir"/*.deb)
if apt-get install -y -q --no-install-recommends $debs >"$T/install.log" 2>&1
then
	ok "apt-get install ./*.deb ($(echo $debs | wc -w) packages)"
else
	not_ok "apt-get install ./*.deb" "$(tail -n 15 "$T/install.log")"
	exit 1
fi
for p in $pkgs; do
	check_sh "$p installed" \
	    "dpkg-query -W -f='\${Status}' $p | grep -q ' installed\$'"
done
check_sh "/etc/dhcpcd.conf not touched by the packages" \
    "[ \"\$(md5sum /etc/dhcpcd.conf 2>/dev/null)\" = \"$sum_conf\" ]"
check_sh "the dhcpcd hook is in dhcpcd's hooks directory ($hooksdir)" \
    "dpkg-query -L pcpsel | grep -q -x '$hooksdir/60-pcpsel'"
check_sh "the dhcpcd.conf snippet is shipped" \
    "grep -q '^define 158 ' /usr/share/pcpsel/dhcpcd.conf.pcpsel"
check_sh "README.Debian says to append the snippet" \
    "grep -q 'dhcpcd.conf.pcpsel >> /etc/dhcpcd.conf' /usr/share/doc/pcpsel/README.Debian"
check_sh "doc/policy.md is shipped" "[ -s /usr/share/doc/pcpsel/policy.md.gz ]"
check_sh "pcpsel runs" "pcpsel decode -4 04c0000201 | grep -q -x 192.0.2.1"
check_sh "man pcpsel finds the page" \
    "[ -s /usr/share/man/man8/pcpsel.8.gz ] && [ -s /usr/share/man/man3/libpcpsel.3.gz ]"
cat >"$T/use.c" <<'EOF'
#include <pcpsel.h>
int main(void) { return pcpsel_addr_usable(0); }
EOF
if command -v cc >/dev/null 2>&1 && command -v pkg-config >/dev/null 2>&1; then
	check_sh "libpcpsel-dev: a program builds with pkg-config and runs" \
	    "cc -o '$T/use' '$T/use.c' \$(pkg-config --cflags --libs libpcpsel) && '$T/use'"
fi

# ---- 2. and 3. Kea, dhcpcd, the hooks, in namespaces
# srv (Kea on pks0) and cli (dhcpcd on pkc0)
ns_new srv
ns_new cli
ns_link srv pks0 cli pkc0 02:00:00:00:0a:01 02:00:00:00:0a:02
ns_addr srv pks0 192.0.2.254/24 2001:db8:a::fe/64

if [ -z "${PCPSEL_PKG_NOKEA:-}" ]; then
	check_sh "the Kea hook is in Kea's hooks directory ($keahooks)" \
	    "dpkg-query -L kea-hook-pcpsel | grep -q -x '$keahooks/libdhcp_pcpsel.so'"
	# Kea 2.6 and later look a bare file name up in their hooks
	# directory; Kea 2.2 dlopen()s what it is given
	if dpkg --compare-versions "$keaver" ge 2.6; then
		lib=libdhcp_pcpsel.so
	else
		lib=$keahooks/libdhcp_pcpsel.so
	fi
	for fam in 4 6; do
		if [ $fam = 4 ]; then
			servers='[ [ "192.0.2.1" ], [ "198.51.100.1" ] ]'
			subnet=$(kea_subnet4 pks0 "" "" 192.0.2)
		else
			servers='[ [ "2001:db8:a::1" ] ]'
			subnet=$(kea_subnet6 pks0 "" "" 2001:db8:a)
		fi
		# the harness's configuration, with the hook named as an
		# administrator names it (not the harness's link to a build)
		KEA_HOOKS="{ \"library\": \"$lib\",
		\"parameters\": { \"pcp-servers\": $servers } }," \
		    kea_conf srv $fam pks0 "" "$subnet"
		# nothing tells Kea where hooks are (no KEA_HOOKS_PATH); its
		# PID, lock and log files go to the test's directory
		if KEA_SYSTEM_HOOKS=1 kea_start srv $fam; then
			ok "kea-dhcp$fam starts with \"library\": \"$lib\""
		else
			not_ok "kea-dhcp$fam starts with \"library\": \"$lib\"" \
			    "$(tail -n 8 "$(kea_log srv $fam)" \
			    "$T/srv/kea/early$fam.log" "$T/srv/kea/kea$fam.out")"
		fi
		check_sh "kea-dhcp$fam loaded the pcpsel hook (PCPSEL_LOAD)" \
		    "grep -q 'PCPSEL_LOAD pcpsel hook library loaded into kea-dhcp$fam' '$(kea_log srv $fam)'"
	done
fi

# dhcpcd as installed: its own dhcpcd-run-hooks; the shipped snippet; every
# other hook off (they would change this system's resolv.conf, hostname...)
{
	echo "duid ll"
	echo "noipv4ll"
	echo "nodelay"
	echo "nodev"
	for h in "$hooksdir"/*; do
		[ "${h##*/}" = 60-pcpsel ] || echo "nohook ${h##*/}"
	done
	cat /usr/share/pcpsel/dhcpcd.conf.pcpsel
	echo "interface pkc0"
	echo "	noipv6rs"
	echo "	ia_na 1"
	echo "	noarp"
} >"$T/dhcpcd.conf"
mkdir -p "$T/varlib"
cp /etc/resolv.conf "$T/resolv.before" 2>/dev/null
want_servers=$T/want-servers
{
	echo "# PCP servers for pkc0, written by pcpsel"
	echo "server dhcpv4 192.0.2.1"
	echo "server dhcpv4 198.51.100.1"
	echo "server dhcpv6 2001:db8:a::1"
} >"$want_servers"
if [ -z "${PCPSEL_PKG_NOKEA:-}" ]; then
	# dhcpcd's lease files in our directory, not this system's
	ns_bg cli "$T/dhcpcd.out" sh -c \
	    'mount --bind "$1" /var/lib/dhcpcd && shift && exec "$@"' _ \
	    "$T/varlib" dhcpcd -f "$T/dhcpcd.conf" -B -d -j "$T/dhcpcd.log" \
	    pkc0
	dpid=$NS_PID
	ns_watch "$dpid"
	if ns_poll /run/pcp/servers/pkc0 cmp -s "$want_servers" /run/pcp/servers/pkc0
	then
		ok "dhcpcd ran the pcpsel hook from $hooksdir: /run/pcp/servers/pkc0 holds the 2 DHCPv4 and 1 DHCPv6 servers"
	else
		not_ok "dhcpcd ran the pcpsel hook: /run/pcp/servers/pkc0" \
		    "got: $(cat /run/pcp/servers/pkc0 2>&1 | tr '\n' '|')" \
		    "$(grep -E 'executing|pcpsel|hook' "$T/dhcpcd.log" | tail -n 6)"
	fi
	for fam in 4 6; do
		[ $fam = 4 ] && o=158 || o=86
		if grep -q "PCPSEL_SENT.*option $o" "$(kea_log srv $fam)"; then
			ok "kea-dhcp$fam sent option $o (PCPSEL_SENT)"
		else
			not_ok "kea-dhcp$fam sent option $o (PCPSEL_SENT)" \
			    "$(grep -E 'PCPSEL|ERROR|WARN' "$(kea_log srv $fam)" |
			    tail -n 5)"
		fi
	done
	check_sh "dhcpcd's other hooks stayed off (resolv.conf unchanged)" \
	    "cmp -s /etc/resolv.conf '$T/resolv.before'"
	check_sh "/run/pcp/servers is 0755, the file 0644" \
	    "[ \"\$(stat -c %a /run/pcp/servers)\" = 755 ] && [ \"\$(stat -c %a /run/pcp/servers/pkc0)\" = 644 ]"

	# ---- 4. an unprivileged user reads what a PCP client would use
	run ns_exec cli runuser -u nobody -- pcpsel show
	expect "pcpsel show as nobody" 0 pkc0: "  server dhcpv4 192.0.2.1" \
	    "  server dhcpv4 198.51.100.1" "  server dhcpv6 2001:db8:a::1"
	check_sh "pcpsel show --json as nobody" \
	    "ns_exec cli runuser -u nobody -- pcpsel show --json | grep -q '\"addresses\":\\[\"2001:db8:a::1\"\\]'"

	# dhcpcd stops (15 s at most): STOPPED removes the interface's list
	ns_stop "$dpid" TERM 15
	check_sh "dhcpcd's STOPPED removed /run/pcp/servers/pkc0" \
	    "[ ! -e /run/pcp/servers/pkc0 ]"
else
	echo "# kea-hook-pcpsel not built: Kea and dhcpcd-with-Kea steps not run"
	run sh -c 'runuser -u nobody -- pcpsel show 2>&1'
	expect "pcpsel show as nobody (no list yet: nothing, exit 0)" 0
fi

# dhcpcd-run-hooks by hand, a reason and an option: it must find the hook
# (every other hook skipped)
skip=
for h in "$hooksdir"/*; do
	[ "${h##*/}" = 60-pcpsel ] || skip="$skip ${h##*/}"
done
env -i PATH="$PATH" reason=BOUND interface=pkctest0 protocol=dhcp \
    new_ip_address=192.0.2.100 new_dhcp_message_type=5 \
    new_pcp_server=04c0000201 skip_hooks="$skip" "$runhooks" \
    >"$T/runhooks.out" 2>&1
check_sh "dhcpcd-run-hooks (BOUND, by hand) finds the hook" \
    "grep -q -x 'server dhcpv4 192.0.2.1' /run/pcp/servers/pkctest0"
check_sh "pcpsel show as nobody sees it" \
    "runuser -u nobody -- pcpsel show pkctest0 | grep -q 'server dhcpv4 192.0.2.1'"

if [ -z "${PCPSEL_PKG_NOKEA:-}" ]; then
	kea_stop srv 4
	kea_stop srv 6
fi

# ---- 5. remove, purge, compare
all=$(dpkg-query -W -f='${Package} ${Status}\n' 'libpcpsel*' 'pcpsel*' \
    'kea-hook-pcpsel*' 2>/dev/null | awk '/ installed$/ { print $1 }' |
    sort -u | tr '\n' ' ')
if apt-get remove -y -q $all >"$T/remove.log" 2>&1; then
	ok "apt-get remove"
else
	not_ok "apt-get remove" "$(tail -n 10 "$T/remove.log")"
fi
check_sh "remove takes /run/pcp away" "[ ! -e /run/pcp ]"
check_sh "remove takes the hook's state away" \
    "[ ! -e /run/dhcpcd/hook-state/pcpsel ]"
check_sh "remove takes the hooks away" \
    "[ ! -e '$hooksdir/60-pcpsel' ] && [ ! -e '${keahooks:-/nonexistent}/libdhcp_pcpsel.so' ]"
# what remove left (conffiles; these packages have none), purged
left=$(dpkg-query -W -f='${Package} ${Status}\n' $all 2>/dev/null |
    awk '!/not-installed$/ { print $1 }' | tr '\n' ' ')
if [ -z "$left" ] || dpkg --purge $left >"$T/purge.log" 2>&1; then
	ok "purge (left after remove: ${left:-nothing})"
else
	not_ok "purge" "$(tail -n 10 "$T/purge.log")"
fi
check_sh "no pcpsel package known to dpkg any more" \
    "! dpkg-query -W -f='\${Status}\n' $all 2>/dev/null | grep -v -q 'not-installed'"
snapshot >"$T/after"
if diff -u "$T/before" "$T/after" >"$T/fs.diff"; then
	ok "the file system holds the same paths as before ($(wc -l <"$T/before") compared)"
else
	not_ok "the file system holds the same paths as before" \
	    "$(sed -n '3,30p' "$T/fs.diff")"
fi

finish
