// Command edgelint lints reverse-proxy and CDN configuration (nginx, Apache
// httpd, Cloudflare) for the mistakes that end in 502/504/52x errors.
package main

import (
	"os"

	"github.com/edgelint/edgelint/app"
)

func main() {
	os.Exit(app.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
