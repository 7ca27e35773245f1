// Package gentree writes large, realistic and VALID nginx and Apache
// configuration trees, deterministically from a seed, for benchmarks,
// robustness tests and side-by-side timing against the real servers.
//
// The trees look like what operators keep in /etc: a main file, conf.d /
// conf-enabled, hundreds of sites-available files enabled through
// sites-enabled symlinks, snippets included from server blocks, upstream
// pools and balancers, literal addresses, headers, timeouts, buffers and
// maps. Every address is on the loopback range (127.0.0.0/8) so nothing a
// tool does with the tree (a probe, a real server) can reach another host,
// and nothing needs DNS or certificates. Paths that the servers write
// (pid, logs, temp files) are relative, so the tree directory is also the
// prefix: `nginx -t -p DIR/ -c DIR/nginx.conf`, `apache2 -t -d DIR -f
// DIR/apache2.conf` (see NginxTestCommand, ApacheTestCommand).
package gentree

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Kinds of tree.
const (
	Nginx  = "nginx"
	Apache = "apache"
)

// Options shape a tree.
type Options struct {
	// Kind is Nginx or Apache.
	Kind string
	// Lines is the approximate total number of lines (the generator adds
	// sites until the tree reaches it). Default 100,000.
	Lines int
	// Seed makes the tree; the same options always give the same bytes.
	Seed uint64
	// SitesPerFile is how many server blocks / virtual hosts one
	// sites-available file holds (default 10; a typical small repository
	// is closer to 1-3).
	SitesPerFile int
	// Cloudflare adds cloudflare/snapshot.json, a CDN snapshot with a
	// proxied record for every enabled site, for the cross-layer rules.
	Cloudflare bool
	// SingleFile writes an NginxFindings tree as one nginx.conf.
	SingleFile bool
	// Files is the number of files of a Fragments tree (default
	// 100,000); Lines and SitesPerFile do not apply to it.
	Files int
}

// Tree describes what Generate wrote.
type Tree struct {
	Kind string
	// Dir is the tree (and server prefix) directory, absolute.
	Dir string
	// Entry is the main configuration file, absolute.
	Entry string
	// Files counts the configuration files the server reads from the entry
	// (regular files and symlinks to them); Lines and Bytes are their total.
	Files int
	Lines int
	Bytes int64
	// Sites are server blocks / virtual hosts; Upstreams are upstream
	// blocks / balancers; Routes are locations or ProxyPass lines that
	// pass to a backend.
	Sites     int
	Upstreams int
	Routes    int
	// Records counts the Cloudflare DNS records (with Options.Cloudflare).
	Records int
}

func (t *Tree) String() string {
	s := fmt.Sprintf("%s tree %s: %d files, %d lines, %d bytes, %d sites, %d upstreams, %d routes",
		t.Kind, t.Dir, t.Files, t.Lines, t.Bytes, t.Sites, t.Upstreams, t.Routes)
	if t.Records > 0 {
		s += fmt.Sprintf(", %d Cloudflare records", t.Records)
	}
	return s
}

// Generate writes a tree into dir (created if missing; it should be empty).
func Generate(dir string, opt Options) (*Tree, error) {
	if opt.Lines <= 0 {
		opt.Lines = 100000
	}
	if opt.SitesPerFile <= 0 {
		opt.SitesPerFile = 10
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if opt.Kind == Fragments {
		return generateFragments(abs, opt)
	}
	g := &gen{
		opt:   opt,
		rng:   rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15)),
		files: map[string]*bytes.Buffer{},
		tree:  &Tree{Kind: opt.Kind, Dir: abs},
	}
	switch opt.Kind {
	case Nginx:
		g.nginx()
		g.tree.Entry = filepath.Join(abs, "nginx.conf")
	case NginxFindings:
		g.nginxFindings()
		g.tree.Entry = filepath.Join(abs, "nginx.conf")
	case Apache:
		g.apache()
		g.tree.Entry = filepath.Join(abs, "apache2.conf")
	default:
		return nil, fmt.Errorf("unknown kind %q (want nginx, %s, apache or fragments)", opt.Kind, NginxFindings)
	}
	if opt.Cloudflare {
		g.cloudflare()
	}
	if err := g.write(abs); err != nil {
		return nil, err
	}
	return g.tree, nil
}

type gen struct {
	opt   Options
	rng   *rand.Rand
	files map[string]*bytes.Buffer // relative path -> content
	// links: relative link path -> relative target (as the link stores it)
	links map[string]string
	// dirs to create empty (server prefix paths: logs, temp files)
	dirs []string
	// read lists files (relative) the server reads, for the statistics.
	read map[string]bool
	// hosts are the server names of the enabled sites.
	hosts []string
	tree  *Tree
}

// file returns the buffer for a relative path, creating it; counted says
// whether the server reads it (disabled sites are not counted).
func (g *gen) file(rel string, counted bool) *bytes.Buffer {
	b, ok := g.files[rel]
	if !ok {
		b = &bytes.Buffer{}
		g.files[rel] = b
	}
	if counted {
		if g.read == nil {
			g.read = map[string]bool{}
		}
		g.read[rel] = true
	}
	return b
}

func (g *gen) link(rel, target string) {
	if g.links == nil {
		g.links = map[string]string{}
	}
	g.links[rel] = target
}

// lines returns the total lines written so far in counted files.
func (g *gen) lines() int {
	n := 0
	for rel := range g.read {
		if b, ok := g.files[rel]; ok {
			n += bytes.Count(b.Bytes(), []byte{'\n'})
		}
	}
	return n
}

func (g *gen) write(root string) error {
	names := make([]string, 0, len(g.files))
	for rel := range g.files {
		names = append(names, rel)
	}
	sort.Strings(names)
	for _, d := range g.dirs {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			return err
		}
	}
	for _, rel := range names {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		data := g.files[rel].Bytes()
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return err
		}
		if g.read[rel] {
			g.tree.Files++
			g.tree.Lines += bytes.Count(data, []byte{'\n'})
			g.tree.Bytes += int64(len(data))
		}
	}
	links := make([]string, 0, len(g.links))
	for rel := range g.links {
		links = append(links, rel)
	}
	sort.Strings(links)
	for _, rel := range links {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		_ = os.Remove(p)
		if err := os.Symlink(g.links[rel], p); err != nil {
			return err
		}
	}
	return nil
}

// w appends formatted lines to b with indentation in steps of 4 spaces.
func w(b *bytes.Buffer, indent int, format string, args ...any) {
	b.WriteString(strings.Repeat("    ", indent))
	fmt.Fprintf(b, format, args...)
	b.WriteByte('\n')
}

// pick returns one of the choices.
func pick[T any](r *rand.Rand, choices ...T) T { return choices[r.IntN(len(choices))] }

// chance is true with probability p.
func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// loopback returns a deterministic loopback address for endpoint k of pool u.
func loopback(u, k int) string {
	return fmt.Sprintf("127.%d.%d.%d", 1+(u/250)%254, u%250, 1+k%250)
}

// words for host names, so names look like a customer estate rather than
// site-1..site-N.
var words = []string{
	"acme", "atlas", "beacon", "cedar", "delta", "ember", "falcon", "glacier", "harbor", "ion",
	"juniper", "kestrel", "lumen", "maple", "nimbus", "onyx", "pioneer", "quartz", "raven", "summit",
	"tundra", "umber", "vertex", "willow", "xenon", "yonder", "zephyr", "orbit", "pixel", "relay",
}

var tlds = []string{"example.com", "example.net", "example.org", "test", "internal.test"}

func hostName(i int) string {
	return fmt.Sprintf("%s-%d.%s", words[i%len(words)], i, tlds[(i/len(words))%len(tlds)])
}
