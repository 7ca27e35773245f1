#!/usr/bin/env bash
# Side by side: every performance target of issue 16 in one run, the real
# server's configuration test against `edgelint check --format json` on the
# same input, the two commands alternating (server first on odd runs,
# edgelint first on even ones), medians of RUNS runs.
#
#   internal/bench/sidebyside.sh                  # every target, about 5 minutes on 2 cores
#   ONLY="apache typical" internal/bench/sidebyside.sh
#   RUNS=7 TYPICAL_RUNS=50 FILES=20000 internal/bench/sidebyside.sh
#   README=1 internal/bench/sidebyside.sh         # also rewrite README.md's performance table
#
# The targets (rows, in order; ONLY picks some by these names):
#   gen-nginx  ../shared/bench/gen-nginx.py's tree (2,001 files, 18,000
#              locations), every rule, --nginx-version 1.22.1 (EL5001 in
#              every location), vs `nginx -t`: time <= 0.5x, memory <= nginx's
#   apache     the Apache gentree at 100,000 lines vs `apache2 -t`: <= 0.7x
#   fragments  FILES (100,000) small nginx, Apache and PHP-FPM fragments with
#              no entry point (edgelint-gentree -kind fragments): <= 5 s
#   bigfile    one 31 MB nginx.conf (gen-nginx.py's tree with 18,200 sites,
#              its include written out in place), --nginx-version 1.22.1,
#              vs `nginx -t`: <= 0.5x, < 1 GB
#   typical    typical repositories (nginx 30 files, Apache 65 files), whole
#              process, median of TYPICAL_RUNS (30): < 30 ms
#
# Wall time is measured around each command (bash's EPOCHREALTIME, so
# milliseconds), CPU time (user + system) and peak memory (max RSS) by GNU
# time in the same run; the memory column is the largest max RSS of the
# runs. On a shared machine the CPU ratio is the steadier one: wall time
# there is mostly waiting for a core, and edgelint uses both. Every input is
# generated deterministically (gentree seeds, gen-nginx.py has none) and
# checked first: the server must accept it and edgelint must not exit 2.
# It prints one markdown block, between the README's markers, to paste
# into README.md (README=1 does it). Needs: go, python3, nginx, apache2,
# GNU time (/usr/bin/time). Not part of .ci/run: the figures need a quiet
# machine, and a shared one is not; read the load average it prints.
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${RUNS:-5}
TYPICAL_RUNS=${TYPICAL_RUNS:-30}
FILES=${FILES:-100000}
ONLY=${ONLY:-"gen-nginx apache fragments bigfile typical"}
README=${README:-}
GEN_NGINX=${GEN_NGINX:-../shared/bench/gen-nginx.py}

for tool in /usr/bin/time python3 nginx apache2; do
  command -v "$tool" >/dev/null || { echo "sidebyside: $tool is required" >&2; exit 2; }
done
if [ ! -f "$GEN_NGINX" ]; then
  echo "sidebyside: $GEN_NGINX not found (set GEN_NGINX)" >&2
  exit 2
fi
[ "$RUNS" -ge 5 ] || echo "sidebyside: RUNS=$RUNS: the issue's figures are medians of at least 5" >&2

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/edgelint" ./cmd/edgelint
go build -o "$work/gentree" ./cmd/edgelint-gentree

started=$(date -u '+%Y-%m-%d %H:%M UTC')
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
machine="$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
versions="edgelint $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(go env GOVERSION), nginx $(nginx -v 2>&1 | sed 's|.*nginx/||'), Apache $(apache2 -v 2>/dev/null | sed -n 's|.*Apache/\([^ ]*\).*|\1|p')"
echo "machine: $machine" >&2
echo "versions: $versions" >&2
echo "load average: $load_before at $started" >&2

# measure CMD: run the command string once; sets T (wall ms), C (CPU ms,
# user + system) and KB (max RSS)
measure() {
  local t0 t1 line
  t0=$EPOCHREALTIME
  eval "/usr/bin/time -f '%M %U %S' -o \"\$work/time.out\" $1" >/dev/null 2>&1 || true
  t1=$EPOCHREALTIME
  T=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", (b - a) * 1000}')
  line=$(tail -1 "$work/time.out")
  KB=${line%% *}
  C=$(awk -v l="$line" 'BEGIN {split(l, f, " "); printf "%.0f", (f[2] + f[3]) * 1000}')
}

median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
maxof() { printf '%s\n' "$@" | sort -g | tail -1; }

# pair N SERVER LINT: alternate the two N times after a warm-up of each;
# sets ST SC SKB (server median wall ms, median CPU ms, max KB) and LT LC
# LKB (edgelint's).
pair() {
  local n=$1 server=$2 lint=$3 i
  local -a st=() sc=() sk=() lt=() lc=() lk=()
  measure "$server"; measure "$lint"
  for ((i = 1; i <= n; i++)); do
    if ((i % 2)); then
      measure "$server"; st+=("$T"); sc+=("$C"); sk+=("$KB")
      measure "$lint"; lt+=("$T"); lc+=("$C"); lk+=("$KB")
    else
      measure "$lint"; lt+=("$T"); lc+=("$C"); lk+=("$KB")
      measure "$server"; st+=("$T"); sc+=("$C"); sk+=("$KB")
    fi
  done
  ST=$(median "${st[@]}"); SC=$(median "${sc[@]}"); SKB=$(maxof "${sk[@]}")
  LT=$(median "${lt[@]}"); LC=$(median "${lc[@]}"); LKB=$(maxof "${lk[@]}")
}

# alone N LINT: edgelint alone N times after a warm-up.
alone() {
  local n=$1 lint=$2 i
  local -a lt=() lc=() lk=()
  measure "$lint"
  for ((i = 1; i <= n; i++)); do
    measure "$lint"; lt+=("$T"); lc+=("$C"); lk+=("$KB")
  done
  LT=$(median "${lt[@]}"); LC=$(median "${lc[@]}"); LKB=$(maxof "${lk[@]}")
}

# accepts NAME SERVER LINT: both load the input, or the timing means nothing.
accepts() {
  local name=$1 server=$2 lint=$3 rc
  if [ -n "$server" ] && ! eval "$server" >"$work/server.out" 2>&1; then
    echo "$name: the server rejects the input:" >&2; tail -5 "$work/server.out" >&2; return 1
  fi
  set +e
  eval "$lint" >"$work/lint.json" 2>"$work/lint.err"
  rc=$?
  set -e
  if [ "$rc" -ge 2 ]; then
    echo "$name: edgelint exited $rc:" >&2; head -c 2000 "$work/lint.json" >&2; tail -5 "$work/lint.err" >&2; return 1
  fi
  FINDINGS=$(grep -c '"rule":' "$work/lint.json" || true)
}

secs() { awk -v t="$1" 'BEGIN {if (t >= 1000) printf "%.2f s", t / 1000; else printf "%.0f ms", t}'; }
mb() { awk -v k="$1" 'BEGIN {printf "%.0f MB", k / 1024}'; }
# ratio A B: A/B, or "n/a" when B is below what GNU time resolves (10 ms of CPU)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2fx", a / b; else printf "n/a"}'; }
# met COND: yes or no from an awk condition
met() { awk "BEGIN {print ($1) ? \"**met**\" : \"not met\"}"; }
tree_size() { echo "$(find "$1" -type f -name '*.conf' | wc -l) files, $(find "$1" -type f -name '*.conf' -exec cat {} + | wc -l) lines"; }
q() { printf '%q ' "$@"; }

apache_env() { q env APACHE_RUN_USER=www-data APACHE_RUN_GROUP=www-data APACHE_RUN_DIR="$1/run" \
  APACHE_PID_FILE="$1/run/apache2.pid" APACHE_LOCK_DIR="$1/lock" APACHE_LOG_DIR="$1/logs" LANG=C; }
nginx_t() { q nginx -t -q -p "$1/" -e stderr -c "$2"; }

rows=()
row() { rows+=("| $1 | $2 | $3 | $4 | $5 |"); echo "  $1 | $2 | $3 | $4 | $5" >&2; }
want() { [[ " $ONLY " == *" $1 "* ]]; }

if want gen-nginx; then
  echo "gen-nginx: generating" >&2
  python3 "$GEN_NGINX" "$work/gen-nginx" >/dev/null
  server=$(nginx_t "$work/gen-nginx" "$work/gen-nginx/nginx.conf")
  lint="$(q "$work/edgelint" check --format json --nginx-version 1.22.1 "$work/gen-nginx")"
  if accepts gen-nginx "$server" "$lint"; then
    pair "$RUNS" "$server" "$lint"
    row "nginx, \`gen-nginx.py\` tree: $(tree_size "$work/gen-nginx"), $FINDINGS findings, \`--nginx-version 1.22.1\`" \
      "\`nginx -t\` $(secs "$ST") ($(secs "$SC") CPU), $(mb "$SKB")" "$(secs "$LT") ($(secs "$LC") CPU), $(mb "$LKB")" \
      "$(ratio "$LT" "$ST") time, $(ratio "$LC" "$SC") CPU, $(ratio "$LKB" "$SKB") memory" \
      "≤ 0.5x: $(met "$LT <= 0.5 * $ST"); memory ≤ nginx's: $(met "$LKB <= $SKB")"
  fi
fi

if want apache; then
  echo "apache: generating" >&2
  "$work/gentree" -kind apache -out "$work/apache" -lines 100000 -seed 1 >/dev/null
  server="$(apache_env "$work/apache") $(q apache2 -t -d "$work/apache" -f "$work/apache/apache2.conf")"
  lint="$(q "$work/edgelint" check --format json "$work/apache")"
  if accepts apache "$server" "$lint"; then
    pair "$RUNS" "$server" "$lint"
    row "Apache gentree, 100,000 lines: $(tree_size "$work/apache"), $FINDINGS findings" \
      "\`apache2 -t\` $(secs "$ST") ($(secs "$SC") CPU), $(mb "$SKB")" "$(secs "$LT") ($(secs "$LC") CPU), $(mb "$LKB")" \
      "$(ratio "$LT" "$ST") time, $(ratio "$LC" "$SC") CPU, $(ratio "$LKB" "$SKB") memory" "≤ 0.7x: $(met "$LT <= 0.7 * $ST")"
  fi
fi

if want fragments; then
  echo "fragments: generating $FILES files" >&2
  "$work/gentree" -kind fragments -out "$work/fragments" -files "$FILES" -seed 1 >/dev/null
  lint="$(q "$work/edgelint" check --format json "$work/fragments")"
  if accepts fragments "" "$lint"; then
    alone "$RUNS" "$lint"
    row "$(printf "%'d" "$FILES") small files, no entry point (\`edgelint-gentree -kind fragments\`): $(du -sm --apparent-size "$work/fragments" | cut -f1) MB, $FINDINGS findings" \
      "(no server reads it)" "$(secs "$LT") ($(secs "$LC") CPU), $(mb "$LKB")" "" "≤ 5 s: $(met "$LT <= 5000")"
  fi
  rm -rf "$work/fragments"
fi

if want bigfile; then
  echo "bigfile: generating" >&2
  python3 "$GEN_NGINX" "$work/big-src" --sites 18200 >/dev/null
  mkdir -p "$work/bigfile"
  # gen-nginx.py's nginx.conf with its one include (sites/*.conf) written
  # out in place: one file, as nginx reads it
  { sed "s|$work/big-src|$work/bigfile|g; /include sites\/\*\.conf;/,\$d" "$work/big-src/nginx.conf"
    cat "$work/big-src"/sites/*.conf
    echo "}"; } >"$work/bigfile/nginx.conf"
  rm -rf "$work/big-src"
  server=$(nginx_t "$work/bigfile" "$work/bigfile/nginx.conf")
  lint="$(q "$work/edgelint" check --format json --nginx-version 1.22.1 "$work/bigfile/nginx.conf")"
  if accepts bigfile "$server" "$lint"; then
    pair "$RUNS" "$server" "$lint"
    row "one nginx.conf (\`gen-nginx.py --sites 18200\`, its include written out) of $(awk -v b="$(stat -c %s "$work/bigfile/nginx.conf")" 'BEGIN {printf "%.1f", b / 1e6}') MB, $(wc -l <"$work/bigfile/nginx.conf") lines, $FINDINGS findings" \
      "\`nginx -t\` $(secs "$ST") ($(secs "$SC") CPU), $(mb "$SKB")" "$(secs "$LT") ($(secs "$LC") CPU), $(mb "$LKB")" \
      "$(ratio "$LT" "$ST") time, $(ratio "$LC" "$SC") CPU, $(ratio "$LKB" "$SKB") memory" \
      "≤ 0.5x: $(met "$LT <= 0.5 * $ST"); < 1 GB: $(met "$LKB < 1048576")"
  fi
  rm -rf "$work/bigfile"
fi

if want typical; then
  echo "typical: generating" >&2
  "$work/gentree" -kind nginx -out "$work/typ-nginx" -lines 1500 -sites-per-file 2 -seed 2 >/dev/null
  "$work/gentree" -kind apache -out "$work/typ-apache" -lines 1500 -sites-per-file 2 -seed 2 >/dev/null
  server=$(nginx_t "$work/typ-nginx" "$work/typ-nginx/nginx.conf")
  lint="$(q "$work/edgelint" check --format json "$work/typ-nginx")"
  if accepts typical-nginx "$server" "$lint"; then
    pair "$TYPICAL_RUNS" "$server" "$lint"
    row "typical nginx repository: $(tree_size "$work/typ-nginx"), $FINDINGS findings" \
      "\`nginx -t\` $(secs "$ST") ($(secs "$SC") CPU), $(mb "$SKB")" "$(secs "$LT") ($(secs "$LC") CPU), $(mb "$LKB")" \
      "$(ratio "$LT" "$ST") time, $(ratio "$LC" "$SC") CPU" "< 30 ms whole process: $(met "$LT < 30")"
  fi
  server="$(apache_env "$work/typ-apache") $(q apache2 -t -d "$work/typ-apache" -f "$work/typ-apache/apache2.conf")"
  lint="$(q "$work/edgelint" check --format json "$work/typ-apache")"
  if accepts typical-apache "$server" "$lint"; then
    pair "$TYPICAL_RUNS" "$server" "$lint"
    row "typical Apache repository: $(tree_size "$work/typ-apache"), $FINDINGS findings" \
      "\`apache2 -t\` $(secs "$ST") ($(secs "$SC") CPU), $(mb "$SKB")" "$(secs "$LT") ($(secs "$LC") CPU), $(mb "$LKB")" \
      "$(ratio "$LT" "$ST") time, $(ratio "$LC" "$SC") CPU" "< 30 ms whole process: $(met "$LT < 30")"
  fi
fi

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "<!-- performance:begin -->"
  echo "Measured by \`internal/bench/sidebyside.sh\` on $started: $machine; $versions."
  echo "Load average $load_before before the run and $load_after after it. Each row is the median wall"
  echo "time of $RUNS runs ($TYPICAL_RUNS for the typical repositories), the server's check and"
  echo "\`edgelint check --format json\` alternating, with the median CPU time (user + system) and the largest max"
  echo "RSS of those runs (GNU time); on a shared machine the CPU ratio is the steadier one. edgelint's"
  echo "figures are the whole command: process start, discovery, every rule and the JSON report."
  echo
  echo "| input | server's own check | \`edgelint check --format json\` | edgelint / server | target |"
  echo "|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Reproduce: \`internal/bench/sidebyside.sh\` (\`README=1\` rewrites this table); profiles, Go benchmarks and"
  echo "what is still slow in [docs/PERFORMANCE.md](docs/PERFORMANCE.md)."
  echo "<!-- performance:end -->"
} >"$work/table.md"
cat "$work/table.md"

if [ -n "$README" ]; then
  awk -v table="$work/table.md" '
    /<!-- performance:begin -->/ {while ((getline l < table) > 0) print l; skip = 1; next}
    /<!-- performance:end -->/ {skip = 0; next}
    !skip' README.md >"$work/README.md"
  cp "$work/README.md" README.md
  echo "README.md: performance table rewritten" >&2
fi
