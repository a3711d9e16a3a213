#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# bench/kea-report.sh OUTDIR - the Kea tables of results.md (markdown on
# stdout) from OUTDIR/kea-rounds.tsv and OUTDIR/kea-cg.tsv (bench/kea.sh).
set -u
out=$1

la0=$(sed -n 's/^load average at start: //p' "$out/kea.log")
la1=$(sed -n 's/^load average at end: //p' "$out/kea.log")
steps=$(sed -n 's/^v4: searches start at [0-9]*\/s, at most \([0-9]*\) probes of \([0-9]*\) s$/\1 \2/p' "$out/kea.log" | head -n 1)
top4=$(sed -n 's/^v4: searches start at \([0-9]*\)\/s.*/\1/p' "$out/kea.log" | head -n 1)
top6=$(sed -n 's/^v6: searches start at \([0-9]*\)\/s.*/\1/p' "$out/kea.log" | head -n 1)
[ -s "$out/kea-rounds.tsv" ] && awk -F'\t' -v la0="$la0" -v la1="$la1" \
    -v steps="${steps% *}" -v phase="${steps#* }" -v top4="$top4" \
    -v top6="$top6" '
function sortn(a, n,   i, j, t) {
	for (i = 2; i <= n; i++) {
		t = a[i]
		for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]
		a[j + 1] = t
	}
}
# "min / median / max" of the values v[1..n]
function mmm(v, n, fmt,   c, i) {
	if (n == 0) return "-"
	for (i = 1; i <= n; i++) c[i] = v[i]
	sortn(c, n)
	return sprintf(fmt " / **" fmt "** / " fmt, c[1], med(c, n), c[n])
}
function med(c, n) {
	return n % 2 ? c[(n + 1) / 2] : (c[n / 2] + c[n / 2 + 1]) / 2
}
# "median (min-max)" of the values v[1..n]
function mr(v, n,   c, i) {
	if (n == 0) return "-"
	for (i = 1; i <= n; i++) c[i] = v[i]
	sortn(c, n)
	return sprintf("**%.3f** (%.3f-%.3f) of %d rounds", med(c, n), c[1], c[n], n)
}
{
	# fam mode round var top | found bound sent/s completed/s cpu_us
	# s1 r1 s2 r2 probes lowest
	k = $1 SUBSEP $2 SUBSEP $4
	n[k]++
	if ($3 > rounds[$1 SUBSEP $2]) rounds[$1 SUBSEP $2] = $3
	found[$1, $2, $3, $4] = $6
	if ($6 > 0) {
		m[k]++
		fr[k, m[k]] = $6; fc[k, m[k]] = $9; fu[k, m[k]] = $10
		if ($7 == "lower") lower[k]++
	} else
		why[k] = why[k] sprintf("%sround %d: lost requests at every rate tried, down to %d/s (%d probes; there DISCOVER/SOLICIT %d sent, %d answered, REQUEST %d sent, %d answered)", (why[k] == "" ? "" : "; "), $3, $16, $15, $11, $12, $13, $14)
	seen[$4] = 1
}
END {
	print "## 1. Kea throughput: the highest rate answered completely, no hook (A), empty hook (B), pcpsel hook (C)"
	print ""
	print "Load average (1, 5, 15 min) at the start of the Kea part: " la0 "; at its end: " la1 ". Other work on the machine lowers these rates (a probe loses requests when another process takes Kea'"'"'s or perfdhcp'"'"'s CPU); the instruction counts of §2 do not depend on it."
	print ""
	print "Alternating rounds A B C; every run a fresh Kea (memfile, no persistence, WARN logging) with a warm-up that creates the 200 clients'"'"' leases (perfdhcp -R 200, so the measured exchanges renew existing leases). Then a search for the highest rate Kea answers completely: perfdhcp offers a rate for " phase " s and waits 1 s for late replies (-W); a rate counts only if every DISCOVER/SOLICIT and every REQUEST was answered (sent = received, no drop). From " top4 "/s (v4) or " top6 "/s (v6) the search goes down by 15 % per probe while requests are lost (up while none are), then halves the interval between the highest lossless and the lowest lossy rate, at most " steps " probes per run; resolution 50/s. A rate is given only where such a rate was found; otherwise the table says why. Exchanges are complete 4-way DORA (v4, perfdhcp as relay, PRL with 158) or SARR (v6, ORO with 86). Kea CPU: schedstat on-CPU time of all its threads per completed exchange at that rate. Single-threaded Kea pinned to CPU 1, perfdhcp to CPU 0; multi-threaded Kea (thread-pool-size 2, queue 64) unpinned. Figures: min / **median** / max over the rounds with a rate; ratios per round where both servers have a rate, then median (min-max)."
	print ""
	split("4 6", fams, " "); split("st mt", modes, " ")
	split("A B C", vs, " ")
	vl["A"] = "A no hook"; vl["B"] = "B empty hook"; vl["C"] = "C pcpsel"
	ml["st"] = "single-threaded"; ml["mt"] = "multi-threaded"
	for (f = 1; f <= 2; f++) for (md = 1; md <= 2; md++) {
		fm = fams[f] SUBSEP modes[md]
		if (!(fm in rounds)) continue
		print "### DHCPv" fams[f] ", " ml[modes[md]] " (" rounds[fm] " rounds)"
		print ""
		print "| server | rounds with a lossless rate | highest lossless rate offered, exchanges/s | completed exchanges/s there | Kea CPU µs/exchange there |"
		print "| --- | ---: | ---: | ---: | ---: |"
		nowhy = ""
		for (v = 1; v <= 3; v++) {
			k = fm SUBSEP vs[v]
			if (!(k in n)) continue
			delete a; delete c; delete u
			for (i = 1; i <= m[k]; i++) { a[i] = fr[k, i]; c[i] = fc[k, i]; u[i] = fu[k, i] }
			printf "| %s | %d of %d%s | %s | %s | %s |\n", vl[vs[v]], m[k], n[k],
			    (lower[k] ? sprintf(" (%d only a lower bound: no lossy rate reached)", lower[k]) : ""),
			    mmm(a, m[k], "%.0f"), mmm(c, m[k], "%.0f"), mmm(u, m[k], "%.1f")
			if (why[k] != "") nowhy = nowhy "* " vl[vs[v]] ": no rate in " why[k] ".\n"
		}
		print ""
		if (nowhy != "") { printf "%s\n", nowhy }
		print "| ratio (per round) | highest lossless rate |"
		print "| --- | ---: |"
		split("B/A C/A C/B", rs, " ")
		for (q = 1; q <= 3; q++) {
			split(rs[q], pq, "/")
			if (!(pq[1] in seen) || !(pq[2] in seen)) continue
			delete r1; nr = 0
			for (r = 1; r <= rounds[fm]; r++) {
				x = fams[f] SUBSEP modes[md] SUBSEP r
				if (!((x SUBSEP pq[1]) in found) || !((x SUBSEP pq[2]) in found)) continue
				if (found[x, pq[1]] <= 0 || found[x, pq[2]] <= 0) continue
				r1[++nr] = found[x, pq[1]] / found[x, pq[2]]
			}
			printf "| %s | %s |\n", rs[q], (nr ? mr(r1, nr) : "no round where both have a rate")
		}
		print ""
	}
}' "$out/kea-rounds.tsv"

[ -s "$out/kea-cg.tsv" ] || exit 0
[ -f "$out/kea-cg-callout.tsv" ] || : > "$out/kea-cg-callout.tsv"
# inclusive instructions of PktX::pack() (the whole reply packed into its
# wire form), from the annotate files of bench/kea.sh
pack() {	# variant family
	awk -v fn="Pkt$2::pack()" 'index($0, fn " [") {
		gsub(",", "", $1); print $1; exit }' \
	    "$out/kea-cg-$1$2.annotate" 2>/dev/null
}
awk -F'\t' -v pb4="$(pack B 4)" -v pc4="$(pack C 4)" -v pb6="$(pack B 6)" \
    -v pc6="$(pack C 6)" '
FILENAME == ARGV[1] && $2 == "C" { xir[$1] = $3; xex[$1] = $4; xal[$1] = $5; xhave = 1; next }
FILENAME == ARGV[1] { eir[$1] = $3; eex[$1] = $4; eal[$1] = $5; ehave = 1; next }
{ ir[$1, $2] = $3; ex[$1, $2] = $4; hook[$1, $2] = $5; sent[$1, $2] = $6 " / " $7; al[$1, $2] = $8; have[$2] = 1 }
END {
	print "## 2. Instructions per exchange (callgrind)"
	print ""
	print "valgrind --tool=callgrind on kea-dhcp4 and kea-dhcp6 (single-threaded, one per CPU, at the same time); 300 warm-up exchanges by 50 clients (perfdhcp -R 50 -r 100 -s 7), counters zeroed (callgrind_control -z), then a fixed number of exchanges with the same seed for every server (perfdhcp -s 11), dumped (callgrind_control -d). User-space instructions of the whole Kea process per completed exchange (2 replies: OFFER + ACK, ADVERTISE + REPLY). D sends the same option-158 bytes as C; for v6 one option-86 instance (2001:db8::1, 2001:db8::3) where C sends two. *pktX_send inclusive* is everything the pcpsel callout executes (its own code and the Kea calls it makes), per reply. *Allocator calls*: calls of malloc, calloc, realloc, the aligned allocators and operator new by functions that are not allocators themselves, summed over the call arcs of callgrind_annotate --tree=calling. The *callout alone* rows come from one more run of C, the same packets, with callgrind collecting only inside pktX_send (--collect-atstart=no --toggle-collect=pktX_send; the tree of every arc is in bench/out/kea-cg-callout4.tree and kea-cg-callout6.tree)."
	print ""
	print "| | DHCPv4 | DHCPv6 |"
	print "| --- | ---: | ---: |"
	split("A B C D", vs, " ")
	vl["A"] = "A no hook"; vl["B"] = "B empty hook"; vl["C"] = "C pcpsel"
	vl["D"] = "D no hook, option-data (Kea sends the option itself)"
	for (v = 1; v <= 4; v++) {
		if (!(vs[v] in have)) continue
		printf "| %s: instructions / exchange | ", vl[vs[v]]
		for (f = 4; f <= 6; f += 2)
			printf "%s | ", (ex[f, vs[v]] > 0) ? sprintf("%.1f k (%d exchanges)", ir[f, vs[v]] / ex[f, vs[v]] / 1000, ex[f, vs[v]]) : "-"
		print ""
	}
	for (f = 4; f <= 6; f += 2) for (v = 1; v <= 4; v++)
		p[f, vs[v]] = (ex[f, vs[v]] > 0) ? ir[f, vs[v]] / ex[f, vs[v]] : 0
	printf "| B - A (framework floor) per exchange | "
	for (f = 4; f <= 6; f += 2) printf "%+.1f k (x%.3f) | ", (p[f, "B"] - p[f, "A"]) / 1000, (p[f, "A"] > 0 ? p[f, "B"] / p[f, "A"] : 0)
	print ""
	if ("C" in have) {
		printf "| C - B (pcpsel) per exchange | "
		for (f = 4; f <= 6; f += 2) printf "%+.1f k (x%.3f) | ", (p[f, "C"] - p[f, "B"]) / 1000, (p[f, "B"] > 0 ? p[f, "C"] / p[f, "B"] : 0)
		print ""
		printf "| C - A (all) per exchange | "
		for (f = 4; f <= 6; f += 2) printf "%+.1f k (x%.3f) | ", (p[f, "C"] - p[f, "A"]) / 1000, (p[f, "A"] > 0 ? p[f, "C"] / p[f, "A"] : 0)
		print ""
		printf "| pcpsel pktX_send inclusive, per reply | "
		for (f = 4; f <= 6; f += 2) printf "%s | ", (ex[f, "C"] > 0 && hook[f, "C"] > 0) ? sprintf("%.2f k", hook[f, "C"] / ex[f, "C"] / 2 / 1000) : "-"
		print ""
		if ("D" in have) {
			printf "| D - A (Kea itself sending the option) per exchange | "
			for (f = 4; f <= 6; f += 2) printf "%+.1f k (x%.3f) | ", (p[f, "D"] - p[f, "A"]) / 1000, (p[f, "A"] > 0 ? p[f, "D"] / p[f, "A"] : 0)
			print ""
		}
		pb[4] = pb4; pc[4] = pc4; pb[6] = pb6; pc[6] = pc6
		printf "| PktX::pack() inclusive per exchange, B -> C | "
		for (f = 4; f <= 6; f += 2) printf "%s | ", (ex[f, "C"] > 0 && ex[f, "B"] > 0 && pb[f] > 0 && pc[f] > 0) ? sprintf("%.2f k -> %.2f k (%+.2f k)", pb[f] / ex[f, "B"] / 1000, pc[f] / ex[f, "C"] / 1000, (pc[f] / ex[f, "C"] - pb[f] / ex[f, "B"]) / 1000) : "-"
		print ""
		if (xhave) {
			printf "| pcpsel callout alone (callgrind collecting only inside pktX_send): instructions per reply | "
			for (f = 4; f <= 6; f += 2) printf "%s | ", (xex[f] > 0) ? sprintf("%.2f k", xir[f] / xex[f] / 2 / 1000) : "-"
			print ""
			printf "| pcpsel callout alone: allocator calls per exchange (malloc, calloc, realloc, operator new) | "
			for (f = 4; f <= 6; f += 2) printf "%s | ", (xex[f] > 0 && xal[f] >= 0) ? sprintf("%.2f (%d in %d exchanges)", xal[f] / xex[f], xal[f], xex[f]) : "-"
			print ""
		}
	}
	printf "| allocator calls per exchange, whole process: A / B / C / D | "
	for (f = 4; f <= 6; f += 2) {
		t = ""
		for (v = 1; v <= 4; v++) t = t (v > 1 ? " / " : "") ((ex[f, vs[v]] > 0 && al[f, vs[v]] != "") ? sprintf("%.2f", al[f, vs[v]] / ex[f, vs[v]]) : "-")
		printf "%s | ", t
	}
	print ""
	if ("C" in have) {
		printf "| C - B allocator calls per exchange | "
		for (f = 4; f <= 6; f += 2) printf "%s | ", (ex[f, "C"] > 0 && ex[f, "B"] > 0) ? sprintf("%+.2f", al[f, "C"] / ex[f, "C"] - al[f, "B"] / ex[f, "B"]) : "-"
		print ""
	}
	print ""
	if (!("F" in have)) exit
	print "### 2b. Against the floor: a hook that only attaches the same bytes"
	print ""
	print "F attaches the bytes C sends, G the bytes E sends (bench/kea_attach.cc: option objects built at load, inserted into every reply, nothing else). E is pcpsel with scopes: DHCPv4 200 reservations, 2 client classes (none of them the clients'"'"') and a subnet list (the reply carries C'"'"'s bytes); DHCPv6 a global list of 20 one-address servers. In DHCPv6, C and E have always-send: perfdhcp'"'"'s SOLICIT carries an empty ORO before the one with 86, so without it only the REPLY would carry the option; with it ADVERTISE and REPLY both do, as for a client listing 86 in its SOLICIT, and as for F and G."
	print ""
	print "| | DHCPv4 | DHCPv6 |"
	print "| --- | ---: | ---: |"
	split("E F G", ws, " ")
	wl["E"] = "E pcpsel with scopes"; wl["F"] = "F attach-only, C'"'"'s bytes"; wl["G"] = "G attach-only, E'"'"'s bytes"
	for (v = 1; v <= 3; v++) {
		if (!(ws[v] in have)) continue
		printf "| %s: instructions / exchange | ", wl[ws[v]]
		for (f = 4; f <= 6; f += 2)
			printf "%s | ", (ex[f, ws[v]] > 0) ? sprintf("%.1f k (%d exchanges)", ir[f, ws[v]] / ex[f, ws[v]] / 1000, ex[f, ws[v]]) : "-"
		print ""
	}
	for (f = 4; f <= 6; f += 2) for (v = 1; v <= 3; v++)
		p[f, ws[v]] = (ex[f, ws[v]] > 0) ? ir[f, ws[v]] / ex[f, ws[v]] : 0
	printf "| C / F (pcpsel over its floor) | "
	for (f = 4; f <= 6; f += 2) printf "%s | ", (p[f, "F"] > 0 && p[f, "C"] > 0) ? sprintf("x%.4f (%+.2f k)", p[f, "C"] / p[f, "F"], (p[f, "C"] - p[f, "F"]) / 1000) : "-"
	print ""
	printf "| E / G (pcpsel with scopes over its floor) | "
	for (f = 4; f <= 6; f += 2) printf "%s | ", (p[f, "G"] > 0 && p[f, "E"] > 0) ? sprintf("x%.4f (%+.2f k)", p[f, "E"] / p[f, "G"], (p[f, "E"] - p[f, "G"]) / 1000) : "-"
	print ""
	printf "| F / B (attaching the bytes at all) | "
	for (f = 4; f <= 6; f += 2) printf "%s | ", (p[f, "B"] > 0 && p[f, "F"] > 0) ? sprintf("x%.4f", p[f, "F"] / p[f, "B"]) : "-"
	print ""
	if (ehave) {
		printf "| E callout alone: instructions per reply | "
		for (f = 4; f <= 6; f += 2) printf "%s | ", (eex[f] > 0) ? sprintf("%.2f k", eir[f] / eex[f] / 2 / 1000) : "-"
		print ""
		printf "| E callout alone: allocator calls per exchange | "
		for (f = 4; f <= 6; f += 2) printf "%s | ", (eex[f] > 0 && eal[f] >= 0) ? sprintf("%.2f", eal[f] / eex[f]) : "-"
		print ""
	}
	print ""
}' "$out/kea-cg-callout.tsv" "$out/kea-cg.tsv"
