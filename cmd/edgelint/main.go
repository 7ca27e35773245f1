// Command edgelint lints reverse-proxy and CDN configuration (nginx, Apache
// httpd, Cloudflare) for the mistakes that end in 502/504/52x errors.
package main

import (
	"os"
	"runtime/debug"

	"github.com/edgelint/edgelint/internal/cli"
)

// gcPercent is the collector's goal unless GOGC says otherwise. A run's
// heap is mostly the loaded models, and every model lives until the
// report is written (cross-config rules read the whole run), so a
// collection while loading finds little garbage and rescans what is
// kept. At 100 the collector was about a fifth of the CPU on 100,000
// fragments; 200 collects half as often as the heap grows. Measured
// (medians of 3, alternating): 100,000 fragments 5.30 -> 4.64 s, max RSS
// 1.51 -> 1.57 GB; the 31 MB file 2.26 -> 2.17 s, 1.06 -> 1.09 GB;
// gen-nginx.py's tree 0.32 -> 0.23 s, 184 -> 167 MB; Apache 100k
// 0.29 -> 0.25 s, 149 -> 165 MB.
const gcPercent = 200

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
