#!/usr/bin/env bash
# Side by side: the real server's configuration test against
# `edgelint check --format json` on the same generated tree.
#
#   internal/bench/sidebyside.sh                 # nginx and apache, 100,000 lines each
#   KINDS=nginx LINES=25000 RUNS=10 internal/bench/sidebyside.sh
#   LINES=1500 SITES_PER_FILE=2 RUNS=30 internal/bench/sidebyside.sh   # a typical repository
#   EDGELINT_ARGS="--disable EL1002" internal/bench/sidebyside.sh        # extra check flags
#   CLOUDFLARE=1 internal/bench/sidebyside.sh    # plus a CDN snapshot (cross-layer rules;
#                                       # the server does not read it)
#
# It generates the tree with cmd/edgelint-gentree (deterministic: SEED),
# builds edgelint, checks that both tools load the tree (the server says
# the syntax is ok; edgelint exits 0 or 1, never 2), then times both with
# hyperfine (or a loop of /usr/bin/time when hyperfine is missing) and
# measures the maximum resident set size of each with /usr/bin/time.
# It prints the mean wall time, the ratio edgelint/server, and max RSS.
# Needs: go, nginx and/or apache2, GNU time (/usr/bin/time); hyperfine
# is optional (apt-get install hyperfine).
set -euo pipefail
cd "$(dirname "$0")/../.."

KINDS=${KINDS:-"nginx apache"}
LINES=${LINES:-100000}
SEED=${SEED:-1}
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
CLOUDFLARE=${CLOUDFLARE:-}
SITES_PER_FILE=${SITES_PER_FILE:-10}
EDGELINT_ARGS=${EDGELINT_ARGS:-}

if [ ! -x /usr/bin/time ]; then
  echo "sidebyside: /usr/bin/time (GNU time) is required: apt-get install time" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/edgelint" ./cmd/edgelint
go build -o "$work/gentree" ./cmd/edgelint-gentree

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)  ($(date -u +%H:%MZ))"
echo "versions: $("$work/edgelint" version 2>/dev/null | head -1 || true); $(nginx -v 2>&1 || true); $(apache2 -v 2>/dev/null | head -1 || true)"
echo

# measure FORMAT CMD...: run CMD under GNU time, print the measured value
# (time's last output line: it adds a line of its own for a non-zero exit)
measure() {
  local format=$1; shift
  /usr/bin/time -f "$format" -o "$work/time.out" "$@" >/dev/null 2>&1 || true
  tail -1 "$work/time.out"
}

# maxrss CMD...: the largest max RSS (KB) over RUNS runs
maxrss() {
  local best=0 kb
  for _ in $(seq "$RUNS"); do
    kb=$(measure '%M' "$@")
    [ "$kb" -gt "$best" ] && best=$kb
  done
  echo "$best"
}

# meantime CMD...: mean wall seconds over RUNS runs (without hyperfine)
meantime() {
  local total=0 s
  for _ in $(seq "$WARMUP"); do "$@" >/dev/null 2>&1 || true; done
  for _ in $(seq "$RUNS"); do
    s=$(measure '%e' "$@")
    total=$(awk -v a="$total" -v b="$s" 'BEGIN {print a+b}')
  done
  awk -v t="$total" -v n="$RUNS" 'BEGIN {printf "%.3f", t/n}'
}

for kind in $KINDS; do
  tree="$work/$kind"
  "$work/gentree" -kind "$kind" -out "$tree" -lines "$LINES" -seed "$SEED" -sites-per-file "$SITES_PER_FILE" ${CLOUDFLARE:+-cloudflare} >"$work/gentree.out"
  head -1 "$work/gentree.out"
  case $kind in
    nginx)
      command -v nginx >/dev/null || { echo "nginx not installed: skipping"; continue; }
      server=(nginx -t -q -p "$tree/" -e stderr -c "$tree/nginx.conf")
      envs=()
      ;;
    apache)
      command -v apache2 >/dev/null || { echo "apache2 not installed: skipping"; continue; }
      server=(apache2 -t -d "$tree" -f "$tree/apache2.conf")
      envs=(APACHE_RUN_USER=www-data APACHE_RUN_GROUP=www-data APACHE_RUN_DIR="$tree/run"
        APACHE_PID_FILE="$tree/run/apache2.pid" APACHE_LOCK_DIR="$tree/lock" APACHE_LOG_DIR="$tree/logs" LANG=C)
      ;;
    *) echo "unknown kind $kind" >&2; exit 2 ;;
  esac
  server=(env "${envs[@]}" "${server[@]}")
  # shellcheck disable=SC2206 # EDGELINT_ARGS is a list of words on purpose
  lint=("$work/edgelint" check --format json $EDGELINT_ARGS "$tree")

  # Both must really load the tree, or the timing means nothing.
  if ! "${server[@]}" >"$work/server.out" 2>&1; then
    echo "$kind: the server rejects the generated tree:"; tail -5 "$work/server.out"; exit 1
  fi
  set +e
  "${lint[@]}" >"$work/lint.json" 2>"$work/lint.err"
  rc=$?
  set -e
  if [ "$rc" -ge 2 ]; then
    echo "$kind: edgelint exited $rc (load errors or usage):"; head -c 2000 "$work/lint.json"; tail -5 "$work/lint.err"; exit 1
  fi
  findings=$(grep -c '"rule":' "$work/lint.json" || true)

  if command -v hyperfine >/dev/null; then
    hyperfine --style basic --warmup "$WARMUP" --runs "$RUNS" -i --export-csv "$work/times.csv" \
      -n "$kind -t" "$(printf '%q ' "${server[@]}")" \
      -n "edgelint check" "$(printf '%q ' "${lint[@]}")" >"$work/hyperfine.out" 2>&1 || { cat "$work/hyperfine.out"; exit 1; }
    t_server=$(awk -F, 'NR==2 {printf "%.3f", $2}' "$work/times.csv")
    t_lint=$(awk -F, 'NR==3 {printf "%.3f", $2}' "$work/times.csv")
    how="hyperfine, $RUNS runs after $WARMUP warm-up"
  else
    t_server=$(meantime "${server[@]}")
    t_lint=$(meantime "${lint[@]}")
    how="/usr/bin/time, mean of $RUNS runs after $WARMUP warm-up"
  fi
  rss_server=$(maxrss "${server[@]}")
  rss_lint=$(maxrss "${lint[@]}")

  echo "$kind tree: $(du -sb --apparent-size "$tree" | cut -f1) bytes on disk; edgelint findings: $findings (exit $rc)"
  printf '  %-16s %8ss   max RSS %7d KB\n' "$kind -t" "$t_server" "$rss_server"
  printf '  %-16s %8ss   max RSS %7d KB\n' "edgelint check" "$t_lint" "$rss_lint"
  awk -v a="$t_lint" -v b="$t_server" -v c="$rss_lint" -v d="$rss_server" \
    'BEGIN {printf "  ratio edgelint/%s: time %.2fx, memory %.2fx  (%s)\n", "'"$kind"'", a/b, c/d, "'"$how"'"}'
  echo
done
