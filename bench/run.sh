#!/usr/bin/env bash
# bench/run.sh — times `appraise check` and whole `appraise run`s on
# generated months and, on the same files, the peers merely reading them:
# R's readxl reading every sheet of the attendance workbook
# (read_excel(path, sheet, col_names = FALSE, col_types = "text")),
# data.table's fread reading the punch CSV, and pandas reading all the
# inputs; prints a Markdown table with the ratios (issue 18's targets:
# check ≤ 0.5 × readxl, ≤ 1.0 × fread; run ≤ 0.6 × readxl, ≤ 1.3 × fread;
# peak RSS ≤ 300 MB).
#
#   bench/run.sh                 # the README table (1,000, 10,000 and 30,000
#                                # agents; daily records, DingTalk, punches)
#   CASES="1000:daily 10000:daily" bench/run.sh     # chosen cases (N:layout)
#   REPEAT=3 bench/run.sh        # medians of 3 runs of each command (by wall time)
#   PANDAS=0 bench/run.sh        # leave out pandas (about 95 s on a DingTalk month)
#   WORK=/tmp/appraise-bench KEEP=1 bench/run.sh    # keep the generated months
#
# Needs Go, GNU time (/usr/bin/time), R with r-cran-readxl and
# r-cran-data.table, and Debian's python3-pandas and python3-openpyxl at
# /usr/bin/python3 (installed with apt-get if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

CASES=${CASES:-"1000:daily 10000:daily 30000:daily 1000:dingtalk 10000:dingtalk 1000:punches 10000:punches 30000:punches"}
WORK=${WORK:-$(mktemp -d -t appraise-bench.XXXXXX)}
REPEAT=${REPEAT:-1}
PANDAS=${PANDAS:-1}
SEED=${SEED:-5}
PY=/usr/bin/python3

need_apt=()
[ -x /usr/bin/time ] || need_apt+=(time)
[ "$PANDAS" = 0 ] || "$PY" -c 'import pandas, openpyxl' 2>/dev/null || need_apt+=(python3-pandas python3-openpyxl)
command -v Rscript >/dev/null && Rscript -e 'library(readxl)' >/dev/null 2>&1 || need_apt+=(r-cran-readxl)
command -v Rscript >/dev/null && Rscript -e 'library(data.table)' >/dev/null 2>&1 || need_apt+=(r-cran-data.table)
if [ ${#need_apt[@]} -gt 0 ]; then
	echo "installing ${need_apt[*]} with apt-get" >&2
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >&2
fi

mkdir -p "$WORK"
cleanup() { [ -n "${KEEP:-}" ] || rm -rf "$WORK"; }
trap cleanup EXIT

bin="$WORK/appraise"
go build -o "$bin" ./cmd/appraise

# timed1 LOG CMD... runs CMD under /usr/bin/time -v; prints "wall-seconds
# kB cpu-seconds" (cpu = user + system).
timed1() {
	local log=$1
	shift
	/usr/bin/time -v "$@" >/dev/null 2>"$log" || {
		echo "failed: $* (see $log)" >&2
		tail -5 "$log" >&2
		return 1
	}
	awk -F': ' '
		/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i] }
		/Maximum resident set size/ { kb = $2 }
		/User time|System time/ { cpu += $2 }
		END { printf "%.2f %d %.2f\n", s, kb, cpu }' "$log"
}

# timed LOG CMD... is timed1 REPEAT times; prints the run of median wall time.
timed() {
	local log=$1
	shift
	for ((i = 0; i < REPEAT; i++)); do
		timed1 "$log.$i" "$@"
	done | sort -n | awk -v n="$REPEAT" 'NR == int((n + 1) / 2)'
}

pandas_read='
import sys, pandas
for f in sys.argv[1:]:
    if f.endswith(".csv"):
        pandas.read_csv(f, encoding="gb18030")
    else:
        pandas.read_excel(f, sheet_name=None)
'
readxl_read='
f <- commandArgs(TRUE)[1]
for (s in readxl::excel_sheets(f)) invisible(readxl::read_excel(f, s, col_names = FALSE, col_types = "text"))
'
fread_read='invisible(data.table::fread(commandArgs(TRUE)[1]))'

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "–" }'; }

rver=$(Rscript -e 'cat(R.version$major, ".", R.version$minor, " readxl ", as.character(packageVersion("readxl")), " data.table ", as.character(packageVersion("data.table")), sep = "")')
pver=""
[ "$PANDAS" = 0 ] || pver="; pandas $("$PY" -c 'import pandas; print(pandas.__version__)')"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -h | awk '/^Mem:/ {print $2}') RAM; $(go version | cut -d' ' -f3); R $rver$pver"
echo "samples: appraise sample --seed $SEED; medians of $REPEAT run(s); peer = R readxl reading every sheet of the attendance workbook, or data.table fread reading the punch CSV"
echo
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| agents | attendance | attendance rows | appraise check (wall / CPU / peak) | appraise run (wall / CPU / peak) | peer | peer (wall / peak) | check ÷ peer | run ÷ peer | pandas reading all inputs (wall) |"
echo "|---:|---|---:|---:|---:|---|---:|---:|---:|---:|"
for c in $CASES; do
	n=${c%%:*}
	layout=${c#*:}
	dir="$WORK/$n-$layout/2026-11"
	[ -d "$dir" ] || "$bin" sample --employees "$n" --month 2026-11 --seed "$SEED" --attendance "$layout" "$dir" >/dev/null
	files=("$dir"/*)
	att=$(ls "$dir" | grep -E '^(考勤明细|考勤报表|考勤记录)' | head -1)
	case "$att" in
	*.csv) rows=$(($(wc -l <"$dir/$att") - 1)) ;;
	*) # rows of the sheet less the title, subtitle and header rows
		head=3
		[ "$layout" = dingtalk ] && head=4
		rows=$("$PY" -c 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read("xl/worksheets/sheet1.xml").count(b"<row ") - int(sys.argv[2]))' "$dir/$att" "$head") ;;
	esac
	read -r cw crss ccpu < <(timed "$WORK/check-$n-$layout.log" "$bin" check "$dir" --quiet)
	rm -rf "$WORK/out-$n-$layout"
	read -r rw rrss rcpu < <(timed "$WORK/run-$n-$layout.log" "$bin" run "$dir" --out "$WORK/out-$n-$layout" --quiet)
	case "$att" in
	*.csv)
		peer="fread"
		read -r pw prss _ < <(timed "$WORK/peer-$n-$layout.log" Rscript -e "$fread_read" "$dir/$att") ;;
	*)
		peer="readxl"
		read -r pw prss _ < <(timed "$WORK/peer-$n-$layout.log" Rscript -e "$readxl_read" "$dir/$att") ;;
	esac
	pandas="–"
	if [ "$PANDAS" != 0 ]; then
		read -r pdw _ _ < <(timed "$WORK/pandas-$n-$layout.log" "$PY" -c "$pandas_read" "${files[@]}")
		pandas=$(printf '%.2f s' "$pdw")
	fi
	printf '| %s | %s | %s | %.2f s / %.2f s / %d MB | %.2f s / %.2f s / %d MB | %s | %.2f s / %d MB | %s | %s | %s |\n' \
		"$n" "$layout" "$rows" "$cw" "$ccpu" $((crss / 1024)) "$rw" "$rcpu" $((rrss / 1024)) "$peer" "$pw" $((prss / 1024)) \
		"$(ratio "$cw" "$pw")" "$(ratio "$rw" "$pw")" "$pandas"
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command: bench/run.sh (CASES=\"$CASES\" REPEAT=$REPEAT SEED=$SEED)"
