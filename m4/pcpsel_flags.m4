# SPDX-License-Identifier: BSD-2-Clause
# PCPSEL_CHECK_CFLAG(FLAG, ACTION-IF-OK, ACTION-IF-NOT)
# Tries to compile an empty program with FLAG (and -Werror) added to CFLAGS.
AC_DEFUN([PCPSEL_CHECK_CFLAG], [
	AS_VAR_PUSHDEF([pcpsel_var], [pcpsel_cv_cflag_$1])
	AC_CACHE_CHECK([whether $CC accepts $1], [pcpsel_var], [
		pcpsel_save_CFLAGS=$CFLAGS
		CFLAGS="$CFLAGS -Werror $1"
		AC_COMPILE_IFELSE([AC_LANG_PROGRAM([], [])],
			[AS_VAR_SET([pcpsel_var], [yes])], [AS_VAR_SET([pcpsel_var], [no])])
		CFLAGS=$pcpsel_save_CFLAGS])
	AS_VAR_IF([pcpsel_var], [yes], [$2], [$3])
	AS_VAR_POPDEF([pcpsel_var])
])
