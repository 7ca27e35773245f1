// Command edgelint-gentree writes a large, realistic, valid nginx or Apache
// configuration tree for benchmarks and side-by-side timing:
//
//	go run ./cmd/edgelint-gentree -kind nginx -out /tmp/tree [-lines 100000] [-seed 1]
//
// -kind nginx-findings writes the tree of ../shared/bench/gen-nginx.py (a
// finding in every location under --nginx-version 1.22.1); with
// -single-file it is one nginx.conf (-lines 1280000: about 31 MB).
//
// -kind fragments writes a directory of many small nginx, Apache and
// PHP-FPM fragments with no entry point (a fleet's configuration
// repository):
//
//	go run ./cmd/edgelint-gentree -kind fragments -out /tmp/frags [-files 100000] [-seed 1]
//
// The same flags always write the same bytes. It prints the entry file and
// the command that checks the tree with the real server.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/edgelint/edgelint/internal/testsupport/gentree"
)

func main() {
	kind := flag.String("kind", "nginx", "tree kind: nginx, apache, nginx-findings (gen-nginx.py's tree: a finding in every location under --nginx-version 1.22.1) or fragments")
	out := flag.String("out", "", "directory to write (created; should be empty)")
	lines := flag.Int("lines", 100000, "approximate number of lines")
	seed := flag.Uint64("seed", 1, "seed; the same seed gives the same tree")
	perFile := flag.Int("sites-per-file", 10, "server blocks or virtual hosts per sites-available file")
	files := flag.Int("files", 100000, "number of files of a fragments tree")
	cf := flag.Bool("cloudflare", false, "also write cloudflare/snapshot.json, a CDN layer in front of every site")
	single := flag.Bool("single-file", false, "nginx-findings: write the whole tree as one nginx.conf (-lines 1280000 is about 31 MB)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: edgelint-gentree -kind nginx|apache|nginx-findings|fragments -out DIR [-lines N] [-files N] [-seed N] [-cloudflare] [-single-file]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if entries, err := os.ReadDir(*out); err == nil && len(entries) > 0 {
		fmt.Fprintf(os.Stderr, "edgelint-gentree: %s is not empty\n", *out)
		os.Exit(2)
	}
	tree, err := gentree.Generate(*out, gentree.Options{Kind: *kind, Lines: *lines, Seed: *seed, SitesPerFile: *perFile, Cloudflare: *cf, SingleFile: *single, Files: *files})
	if err != nil {
		fmt.Fprintf(os.Stderr, "edgelint-gentree: %v\n", err)
		os.Exit(1)
	}
	fmt.Println(tree)
	if tree.Entry == "" {
		return // fragments: no entry point, no server check
	}
	fmt.Println("entry:", tree.Entry)
	name, args, env := tree.TestCommand()
	fmt.Println("check:", strings.Join(append(env, append([]string{name}, args...)...), " "))
}
