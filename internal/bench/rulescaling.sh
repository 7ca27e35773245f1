#!/usr/bin/env bash
# Per-rule scaling: runs every rule alone on the generated nginx and Apache
# trees at 25,000 and 100,000 lines (BenchmarkRuleScaling) and prints, for
# each rule, the time at both sizes, the ratio, and the growth exponent k
# in time ~ size^k (1 = linear, 2 = quadratic). Rules with k > 1.5 are
# marked SUPERLINEAR.
#
#   internal/bench/rulescaling.sh            # COUNT=1 run per size; COUNT=3 takes the median
set -euo pipefail
cd "$(dirname "$0")/../.."
COUNT=${COUNT:-1}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
go test -run '^$' -bench 'RuleScaling' -benchtime 1x -count "$COUNT" ./bench/ >"$out"
awk '
  /^BenchmarkRuleScaling\// {
    split($1, p, "/"); kind = p[2]; rule = p[3]; size = p[4]
    sub(/-[0-9]+$/, "", size); sub(/lines=/, "", size)
    key = kind " " rule " " size
    n[key]++; t[key, n[key]] = $3; sites[kind, size] = $5
    rules[kind " " rule] = 1; sizes[size] = 1
  }
  function median(key,   i, j, tmp, m) {
    m = n[key]
    for (i = 1; i <= m; i++) v[i] = t[key, i]
    for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[j] < v[i]) { tmp = v[i]; v[i] = v[j]; v[j] = tmp }
    return v[int((m + 1) / 2)]
  }
  END {
    small = 1e18; big = 0
    for (s in sizes) { if (s + 0 < small) small = s + 0; if (s + 0 > big) big = s + 0 }
    printf "%-7s %-7s %12s %12s %7s %5s\n", "kind", "rule", small " lines", big " lines", "ratio", "k" > "/dev/stderr"
    for (kr in rules) {
      split(kr, a, " ")
      a1 = median(kr " " small); a2 = median(kr " " big)
      if (a1 <= 0) continue
      grow = sites[a[1], big] / sites[a[1], small]
      k = log(a2 / a1) / log(grow)
      flag = (k > 1.5 && a2 > 5e6) ? "  SUPERLINEAR" : ""
      printf "%-7s %-7s %10.2fms %10.2fms %6.1fx %5.2f%s\n", a[1], a[2], a1 / 1e6, a2 / 1e6, a2 / a1, k, flag
    }
    for (k2 in sites) { split(k2, b, SUBSEP); printf "# %s at %s lines: %d sites\n", b[1], b[2], sites[k2] > "/dev/stderr" }
  }' "$out" | sort -k1,1 -k6,6nr
