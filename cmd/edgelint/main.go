// Command edgelint lints reverse-proxy and CDN configuration (nginx, Apache
// httpd, Cloudflare) for the mistakes that end in 502/504/52x errors.
package main

import (
	"os"

	"github.com/edgelint/edgelint/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
