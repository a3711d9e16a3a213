#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# test-policy-ids.sh - every rule or policy ID cited anywhere in the tree
# has its section in doc/policy.md, every section has its four parts (Rule,
# RFC, pcpsel, Tests), and every test a section names exists: the file, and
# each name given for it (a test function or a check's name) in that file.
#
#	test-policy-ids.sh [TOP]	(default: $top_srcdir)
#
# IDs: R7291-n, SEL-n, PCP-n, LO-n, D6R-n (RFC requirements), P-AREA-n
# (project policies), D4-nn, D6-nn, D46-nn, M-nn, T-n and On (test vectors),
# as doc/policy.md numbers them.  Shorthands count too: "X-5/6" is
# X-5 and X-6, "X-1..3" is X-1 to X-3.  An On preceded by "-" is not a
# vector (-O2 is a compiler flag).  Binary files and doc/policy.md itself
# are not searched.
#
# One check (tests/lib.sh), each problem found a line under it.
# PCPSEL_KEEP=1 (or KEEP=1): keep the scratch directory.
: "${top_srcdir:=$(dirname "$0")/../..}"
[ -z "${KEEP:-}" ] || PCPSEL_KEEP=1
. "$top_srcdir/tests/lib.sh"
top=${1:-$top_srcdir}
policy="$top/doc/policy.md"
cd "$top" || { echo "no tree at $top"; exit 99; }
NAME="every cited rule or policy ID has its whole section in doc/policy.md, every test it names exists"
if [ ! -f doc/policy.md ]; then
	not_ok "$NAME" "doc/policy.md is missing"
	finish
fi

# ---- the files of the tree
if [ -e .git ] && command -v git >/dev/null 2>&1 &&
    git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git ls-files --cached --others --exclude-standard
else
	find . \( -path ./.git -o -path './build*' -o -path ./_build \
	    -o -path ./_inst -o -path ./autom4te.cache \) -prune \
	    -o -type f -print | sed 's|^\./||'
fi | grep -v -x -e doc/policy.md | LC_ALL=C sort -u >"$T/files"

# ---- the IDs they cite: "ID<TAB>file"
: >"$T/cited"
while IFS= read -r f; do
	[ -f "$f" ] || continue
	grep -I -o -E \
	    '\b(R7291|SEL|PCP|LO|D6R|D46|D4|D6|M|T)-[0-9]+((/[0-9]+)+|\.\.[0-9]+)?\b|\bP-[A-Z0-9]+-[0-9]+((/[0-9]+)+|\.\.[0-9]+)?\b|(^|[^-[:alnum:]_])O[1-9][0-9]?\b' \
	    "$f" 2>/dev/null | sed 's/^[^A-Z]//' |
	awk -v f="$f" '
	{
		id = $0
		if (match(id, /\.\.[0-9]+$/)) {		# X-1..3
			hi = substr(id, RSTART + 2) + 0
			id = substr(id, 1, RSTART - 1)
			n = split(id, p, "-")
			lo = p[n] + 0
			pre = substr(id, 1, length(id) - length(p[n]))
			w = length(p[n])
			for (i = lo; i <= hi && i < lo + 100; i++)
				printf "%s%0" w "d\t%s\n", pre, i, f
			next
		}
		n = split(id, s, "/")			# X-5/6/7
		print s[1] "\t" f
		m = split(s[1], p, "-")
		pre = substr(s[1], 1, length(s[1]) - length(p[m]))
		for (i = 2; i <= n; i++)
			printf "%s%0" length(p[m]) "d\t%s\n", pre, s[i], f
	}' >>"$T/cited"
done <"$T/files"
LC_ALL=C sort -u "$T/cited" -o "$T/cited"
cut -f1 "$T/cited" | LC_ALL=C sort -u >"$T/ids"

# ---- the sections of doc/policy.md, checked by awk:
# "ID<TAB>id", "MISSING<TAB>id<TAB>part", "FILE<TAB>id<TAB>path",
# "NAME<TAB>id<TAB>path<TAB>name", "ORPHAN<TAB>id<TAB>name"
awk '
function flush(    rest, tok, cur) {
	if (id == "")
		return
	if (!rule) print "MISSING\t" id "\tRule"
	if (!rfc) print "MISSING\t" id "\tRFC"
	if (!pc) print "MISSING\t" id "\tpcpsel"
	if (tests == "") { print "MISSING\t" id "\tTests"; return }
	rest = tests; cur = ""; nfile = 0
	while (match(rest, /`[^`]*`|"[^"]*"/)) {
		tok = substr(rest, RSTART + 1, RLENGTH - 2)
		q = substr(rest, RSTART, 1)
		rest = substr(rest, RSTART + RLENGTH)
		if (q == "`" && tok ~ /\//) {
			cur = tok; nfile++
			print "FILE\t" id "\t" cur
		} else if (cur == "") {
			print "ORPHAN\t" id "\t" tok
		} else {
			print "NAME\t" id "\t" cur "\t" tok
		}
	}
	if (nfile == 0) print "MISSING\t" id "\tTests file"
}
/^#/ { if (intests) intests = 0 }
/^### / {
	flush()
	id = $2; rule = rfc = pc = 0; tests = ""; intests = 0
	print "ID\t" id
	next
}
/^## / { flush(); id = ""; next }
id != "" && /^\*\*Rule\.\*\*/ { rule = 1 }
id != "" && /^\*\*RFC\.\*\*/ { rfc = 1 }
id != "" && /^\*\*pcpsel\.\*\*/ { pc = 1 }
id != "" && /^\*\*Tests\.\*\*/ { intests = 1 }
intests && /^[[:space:]]*$/ { intests = 0 }
intests { tests = tests (tests == "" ? "" : " ") $0 }
END { flush() }
' "$policy" >"$T/sections"

# the problems, one a line, in $T/problems (bad counts them)
exec 4>"$T/problems"
bad=0
sed -n 's/^ID	//p' "$T/sections" | LC_ALL=C sort >"$T/documented"
dups=$(uniq -d "$T/documented")
if [ -n "$dups" ]; then
	echo "doc/policy.md: more than one section for:" $dups >&4
	bad=$((bad + 1))
fi
LC_ALL=C sort -u "$T/documented" -o "$T/documented"

# every cited ID documented
LC_ALL=C comm -23 "$T/ids" "$T/documented" >"$T/undocumented"
while IFS= read -r id; do
	printf '%s: cited in %s, but no "### %s" section in doc/policy.md\n' \
	    "$id" "$(awk -F'\t' -v id="$id" '$1 == id { printf "%s%s", s, $2; s = ", " }' "$T/cited")" "$id" >&4
	bad=$((bad + 1))
done <"$T/undocumented"

# every section whole, every test named there real
nref=0
while IFS='	' read -r kind id a b; do
	case "$kind" in
	MISSING)
		echo "doc/policy.md, $id: no $a part" >&4
		bad=$((bad + 1)) ;;
	ORPHAN)
		echo "doc/policy.md, $id: test name \"$a\" before any file" >&4
		bad=$((bad + 1)) ;;
	FILE)
		nref=$((nref + 1))
		if [ ! -f "$a" ]; then
			echo "doc/policy.md, $id: no file $a" >&4
			bad=$((bad + 1))
		fi ;;
	NAME)
		nref=$((nref + 1))
		if [ -f "$a" ] && ! grep -F -q -e "$b" "$a"; then
			echo "doc/policy.md, $id: $a has no \"$b\"" >&4
			bad=$((bad + 1))
		fi ;;
	esac
done <"$T/sections"
exec 4>&-

nids=$(wc -l <"$T/ids")
nfiles=$(cut -f2 "$T/cited" | LC_ALL=C sort -u | wc -l)
nsec=$(wc -l <"$T/documented")
echo "# $nids IDs cited in $nfiles files; $nsec sections in doc/policy.md;" \
    "$nref test references checked"
if [ "$bad" -gt 0 ]; then
	not_ok "$NAME" "$bad problem(s):"
	sed 's/^/#     /' "$T/problems"
else
	ok "$NAME"
fi
finish
