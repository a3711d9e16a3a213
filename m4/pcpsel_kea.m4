# SPDX-License-Identifier: BSD-2-Clause
# PCPSEL_CHECK_KEA: find Kea's headers and libraries for the Kea hook.
#
# --with-kea[=PREFIX] (default: check), --without-kea (no hook, on purpose).
#
#  1. kea.pc (Kea >= 3.0, meson) where pkg-config finds it: version, include
#     and library directories from it; its Libs when pkg-config resolves its
#     Requires (Debian's kea-dev does not pull the -dev packages of openssl,
#     log4cplus, mariadb and libpq), else the libraries probed in its libdir.
#  2. Otherwise probing: PREFIX/include/kea (default /usr) and the libkea-*
#     libraries under PREFIX's library directories (libkea-dhcp++ before
#     Kea 3.0, libkea-dhcp since).
#
# Kea's headers found but no hook possible (boost missing, no C++ standard
# that compiles them, libraries that do not link) is an error with the
# reason, unless --without-kea.  No headers at all: no hook, and the summary
# says why.  Sets have_kea, kea_version, kea_hooks_version, kea_why_not,
# kea_cxxstd, kea_sys_hooksdir and substitutes KEA_CPPFLAGS, KEA_LIBS,
# KEA_CXXSTD, KEA_HOOKS_VERSION.
AC_DEFUN([PCPSEL_CHECK_KEA], [
AC_ARG_WITH([kea],
	[AS_HELP_STRING([--with-kea@<:@=PREFIX@:>@],
		[build the Kea hook (Kea's kea.pc, else headers under PREFIX/include/kea) @<:@default: check@:>@])],
	[], [with_kea=check])
have_kea=no
kea_why_not=""
kea_version=""
kea_hooks_version=""
kea_cxxstd=""
kea_sys_hooksdir=""
KEA_CPPFLAGS=""
KEA_LIBS=""
AS_IF([test "x$with_kea" = xno], [kea_why_not="--without-kea"], [
	AS_CASE([$with_kea], [yes|check], [kea_prefix=""], [kea_prefix=$with_kea])
	kea_pc=no
	kea_incdir=""
	kea_libdir=""
	AS_IF([test -n "$kea_prefix"], [
		PKG_CONFIG_PATH="$kea_prefix/lib/pkgconfig:$kea_prefix/lib64/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
		export PKG_CONFIG_PATH])
	AC_MSG_CHECKING([for kea.pc])
	AS_IF([test -n "$PKG_CONFIG" && kea_version=`$PKG_CONFIG --modversion kea 2>/dev/null` &&
	       test -n "$kea_version"], [
		kea_pc=yes
		kea_incdir="`$PKG_CONFIG --variable=includedir kea`/kea"
		kea_libdir=`$PKG_CONFIG --variable=libdir kea`
		AC_MSG_RESULT([Kea $kea_version])
		AS_IF([kea_pclibs=`$PKG_CONFIG --libs kea 2>/dev/null`], [
			KEA_LIBS=$kea_pclibs
			KEA_CPPFLAGS=`$PKG_CONFIG --cflags kea`
		], [
			AC_MSG_NOTICE([kea.pc's Requires are not all installed: using its directories and probing its libraries])
		])
	], [
		AC_MSG_RESULT([no])
		kea_version=""
		AS_IF([test -z "$kea_prefix"], [kea_prefix=/usr])
		kea_incdir="$kea_prefix/include/kea"
	])
	AS_IF([test -z "$KEA_CPPFLAGS"], [KEA_CPPFLAGS="-I$kea_incdir"])

	AC_LANG_PUSH([C++])
	pcpsel_save_CPPFLAGS=$CPPFLAGS
	pcpsel_save_CXXFLAGS=$CXXFLAGS
	pcpsel_save_LIBS=$LIBS
	CPPFLAGS="$CPPFLAGS $KEA_CPPFLAGS"
	dnl (found as a file: compiling it needs the C++ standard chosen below)
	AC_MSG_CHECKING([for Kea's headers])
	AS_IF([test -f "$kea_incdir/hooks/hooks.h"], [have_kea=yes],
		[kea_why_not="Kea's headers not found (apt-get install kea-dev, or --with-kea=PREFIX)"])
	AC_MSG_RESULT([$have_kea${kea_version:+, Kea $kea_version} ($kea_incdir)])
	AS_IF([test $have_kea = yes], [
		dnl Kea's own config.h comes first in every file of a hook, as in
		dnl Kea's hooks (Kea 3.0's crypto_tls.h refuses to compile without
		dnl it); forced, since our own config.h has the same name
		AS_IF([test -f "$kea_incdir/config.h"], [
			KEA_CPPFLAGS="$KEA_CPPFLAGS -include $kea_incdir/config.h"
			CPPFLAGS="$CPPFLAGS -include $kea_incdir/config.h"])
		CXXFLAGS="$pcpsel_save_CXXFLAGS -std=c++17"
		AC_CHECK_HEADER([boost/shared_ptr.hpp], [],
			[AC_MSG_ERROR([Kea's headers are in $kea_incdir but boost's are missing (apt-get install libboost-dev), or configure --without-kea])])
		AS_IF([test -z "$kea_version"],
			[kea_version=`sed -n 's/^#define PACKAGE_VERSION "*\(@<:@0-9.@:>@*\)"*$/\1/p' "$kea_incdir/config.h" 2>/dev/null`])
		AS_IF([test -f "$kea_incdir/dhcpsrv/cfg_globals.h"], [], [
			dnl Debian's kea-dev 2.2.0 lacks it (Kea #2608): a stand-in
			AC_MSG_NOTICE([dhcpsrv/cfg_globals.h is missing (Debian kea-dev 2.2): using kea-hook/compat])
			KEA_CPPFLAGS="$KEA_CPPFLAGS -idirafter \$(top_srcdir)/kea-hook/compat"
			CPPFLAGS="$CPPFLAGS -idirafter $srcdir/kea-hook/compat"
		])
		dnl The C++ standard Kea's headers compile with: C++17 for Kea 2.2
		dnl to 2.6 (Kea >= 2.5 needs at least C++14); Kea 3.0 is built as
		dnl C++20, tried when C++17 fails.
		for std in c++17 c++20; do
			CXXFLAGS="$pcpsel_save_CXXFLAGS -std=$std"
			AC_MSG_CHECKING([whether Kea's headers compile with -std=$std])
			AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[#include <hooks/hooks.h>
#include <dhcp/pkt4.h>
#include <dhcpsrv/srv_config.h>
#include <dhcpsrv/subnet.h>]], [[return KEA_HOOKS_VERSION > 0 ? 0 : 1;]])],
				[AC_MSG_RESULT([yes]); kea_cxxstd=$std], [AC_MSG_RESULT([no])])
			test -n "$kea_cxxstd" && break
		done
		AS_IF([test -z "$kea_cxxstd"],
			[AC_MSG_ERROR([Kea's headers in $kea_incdir compile neither as C++17 nor as C++20 (see config.log), or configure --without-kea])])
		CXXFLAGS="$pcpsel_save_CXXFLAGS -std=$kea_cxxstd"
		AC_COMPUTE_INT([kea_hooks_version], [KEA_HOOKS_VERSION],
			[#include <hooks/hooks.h>],
			[AC_MSG_ERROR([cannot read KEA_HOOKS_VERSION from $kea_incdir/hooks/hooks.h])])

		AS_IF([test -z "$KEA_LIBS"], [
			dnl probe: the libraries the hook and its tests link
			AS_IF([test -z "$kea_libdir"], [
				for d in "$kea_prefix/lib/`$CC -print-multiarch 2>/dev/null`" "$kea_prefix/lib64" "$kea_prefix/lib"; do
					AS_IF([ls "$d"/libkea-hooks.so* >/dev/null 2>&1], [kea_libdir=$d; break])
				done
			])
			AS_IF([test -z "$kea_libdir"],
				[AC_MSG_ERROR([Kea's headers are in $kea_incdir but libkea-hooks.so is in none of $kea_prefix's library directories, or configure --without-kea])])
			KEA_LIBS="-L$kea_libdir"
			for l in dhcpsrv dhcp dhcp++ process hooks database asiolink cc log util exceptions; do
				AS_IF([test -e "$kea_libdir/libkea-$l.so"], [KEA_LIBS="$KEA_LIBS -lkea-$l"])
			done
			dnl Kea's headers bring in OpenSSL's (boost asio's SSL error
			dnl category, Kea 3.0's TLS): what they instantiate needs libssl
			dnl and libcrypto, a Requires of kea.pc that the probe must add
			AS_IF([test -n "$PKG_CONFIG" && kea_ssl=`$PKG_CONFIG --libs openssl 2>/dev/null`],
				[KEA_LIBS="$KEA_LIBS $kea_ssl"],
				[test -e "$kea_libdir/libcrypto.so"],
				[KEA_LIBS="$KEA_LIBS -lssl -lcrypto"])
		])
		LIBS="$KEA_LIBS $LIBS"
		AC_MSG_CHECKING([whether Kea's libraries link ($KEA_LIBS)])
		AC_LINK_IFELSE([AC_LANG_PROGRAM([[#include <hooks/hooks.h>
#include <dhcp/pkt4.h>]], [[isc::dhcp::Pkt4 p(1, 2); (void)p; return 0;]])],
			[AC_MSG_RESULT([yes])],
			[AC_MSG_RESULT([no])
			 AC_MSG_ERROR([Kea's headers are in $kea_incdir but its libraries do not link (see config.log), or configure --without-kea])])

		dnl where this Kea loads hooks from: the daemon says it (kea-dhcp4 -W,
		dnl every release), else LIBDIR/kea/hooks beside its libraries
		for k in "$kea_prefix/sbin/kea-dhcp4" /usr/sbin/kea-dhcp4; do
			AS_IF([test -x "$k"], [
				kea_sys_hooksdir=`"$k" -W 2>/dev/null | sed -n 's/^ *Hooks directory: *//p' | head -n 1`
				break])
		done
		AS_IF([test -z "$kea_sys_hooksdir" && test -n "$kea_libdir"],
			[kea_sys_hooksdir="$kea_libdir/kea/hooks"])
		AS_IF([test -z "$kea_sys_hooksdir"],
			[kea_sys_hooksdir=`echo "$KEA_LIBS" | sed -n 's/^-L\(@<:@^ @:>@*\).*/\1/p'`/kea/hooks])
	])
	CPPFLAGS=$pcpsel_save_CPPFLAGS
	CXXFLAGS=$pcpsel_save_CXXFLAGS
	LIBS=$pcpsel_save_LIBS
	AC_LANG_POP([C++])
	AS_IF([test "x$with_kea" != xcheck && test $have_kea = no],
		[AC_MSG_ERROR([--with-kea given but $kea_why_not])])
	dnl Kea's headers as system headers: our warnings (and -Werror) are
	dnl for our code, not for the warnings Kea's own headers raise
	AS_IF([test $have_kea = yes],
		[KEA_CPPFLAGS="`echo " $KEA_CPPFLAGS" | sed 's/ -I */ -isystem /g'` -DPCPSEL_KEA_HOOKS_VERSION=$kea_hooks_version"])
])
AC_SUBST([KEA_CPPFLAGS])
AC_SUBST([KEA_LIBS])
AC_SUBST([KEA_CXXSTD], [$kea_cxxstd])
AC_SUBST([KEA_HOOKS_VERSION], [$kea_hooks_version])
AM_CONDITIONAL([HAVE_KEA], [test "x$have_kea" = xyes])
])
