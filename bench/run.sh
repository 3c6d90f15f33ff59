#!/usr/bin/env bash
# bench/run.sh — times whole `appraise run`s on generated months and, on the
# same files, pandas merely reading the inputs; prints a Markdown table.
#
#   bench/run.sh                 # the README table (1,000 and 10,000 agents,
#                                # daily records, DingTalk, punches; 1,000,000 punches)
#   CASES="1000:daily 10000:daily" bench/run.sh     # chosen cases (N:layout)
#   WORK=/tmp/appraise-bench KEEP=1 bench/run.sh    # keep the generated months
#
# Needs Go, GNU time (/usr/bin/time) and Debian's python3-pandas and
# python3-openpyxl at /usr/bin/python3 (installed with apt-get if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

CASES=${CASES:-"1000:daily 10000:daily 1000:dingtalk 10000:dingtalk 1000:punches 10000:punches 24000:punches"}
WORK=${WORK:-$(mktemp -d -t appraise-bench.XXXXXX)}
PY=/usr/bin/python3

need_apt=()
[ -x /usr/bin/time ] || need_apt+=(time)
"$PY" -c 'import pandas, openpyxl' 2>/dev/null || need_apt+=(python3-pandas python3-openpyxl)
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

# timed FILE CMD... runs CMD under /usr/bin/time -v; prints "wall-seconds
# kB cpu-seconds" (cpu = user + system).
timed() {
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

pandas_read='
import sys, pandas
for f in sys.argv[1:]:
    if f.endswith(".csv"):
        pandas.read_csv(f, encoding="gb18030")
    else:
        pandas.read_excel(f, sheet_name=None)
'

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -h | awk '/^Mem:/ {print $2}') RAM; $(go version | cut -d' ' -f3); pandas $("$PY" -c 'import pandas; print(pandas.__version__)')"
echo
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| agents | attendance | attendance rows | input files | appraise run (wall) | CPU (user+sys) | peak RSS | pandas reading the inputs (wall) | ratio (wall) |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
for c in $CASES; do
	n=${c%%:*}
	layout=${c#*:}
	dir="$WORK/$n-$layout/2026-11"
	"$bin" sample --employees "$n" --month 2026-11 --seed 1 --attendance "$layout" "$dir" >/dev/null
	files=("$dir"/*)
	att=$(ls "$dir" | grep -E '^(考勤明细|考勤报表|考勤记录)' | head -1)
	case "$att" in
	*.csv) rows=$(($(wc -l <"$dir/$att") - 1)) ;;
	*) # rows of the sheet less the title, subtitle and header rows
		head=3
		[ "$layout" = dingtalk ] && head=4
		rows=$("$PY" -c 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read("xl/worksheets/sheet1.xml").count(b"<row ") - int(sys.argv[2]))' "$dir/$att" "$head") ;;
	esac
	read -r ours rss cpu < <(timed "$WORK/run-$n-$layout.log" "$bin" run "$dir" --out "$WORK/out-$n-$layout" --quiet)
	read -r theirs _ _ < <(timed "$WORK/pandas-$n-$layout.log" "$PY" -c "$pandas_read" "${files[@]}")
	ratio=$(awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "%.3f", a / b }')
	printf '| %s | %s | %s | %d | %.2f s | %.2f s | %d MB | %.2f s | %s |\n' "$n" "$layout" "$rows" "${#files[@]}" "$ours" "$cpu" $((rss / 1024)) "$theirs" "$ratio"
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command: bench/run.sh (CASES=\"$CASES\")"
