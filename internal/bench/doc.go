// Package bench holds edgelint's performance benchmarks over generated
// trees (see bench/gentree) and the side-by-side comparison with the real
// servers (bench/sidebyside.sh). Figures and how to reproduce them are in
// docs/PERFORMANCE.md.
package bench
