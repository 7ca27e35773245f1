package apache

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/golden"
	"github.com/edgelint/edgelint/sources/input"
)

// A tree with many virtual hosts is built on several goroutines; the
// model (sites, routes, pools with the routes that use them, in order)
// and the directive index must be what the serial build gives, at any
// GOMAXPROCS.
func TestBuildSameAsSerial(t *testing.T) {
	var entries []string
	for v := range 3 {
		entries = append(entries, genBuildTree(t, v))
	}
	golds, _ := filepath.Glob(filepath.Join("testdata", "golden", "*"))
	for _, dir := range golds {
		entries = append(entries, findEntry(t, dir))
	}
	if root, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "corpus", "apache")); err == nil && isDir(root) {
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (d.Name() == "apache2.conf" || d.Name() == "httpd.conf") {
				entries = append(entries, p)
			}
			return nil
		})
	}
	load := func(entry string, procs int, parallel bool) string {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		defer func(n int) { parallelVhosts = n }(parallelVhosts)
		parallelVhosts = math.MaxInt
		if parallel {
			parallelVhosts = 0
		}
		cfgs, errs := Load(entry, input.Options{})
		var b strings.Builder
		b.Write(golden.Model(cfgs, errs))
		for _, c := range cfgs {
			for _, u := range c.Upstreams {
				fmt.Fprintf(&b, "pool %s %s method=%v", u.Name, u.Pos, u.Method)
				for _, r := range u.UsedBy {
					fmt.Fprintf(&b, " %s", r.Pos)
				}
				b.WriteString("\n")
			}
			for i, d := range c.Directives {
				fmt.Fprintf(&b, "%d %s %s %v at=%v inside=%d\n", i, d.Pos, d.Name, d.Args, c.DirectiveAt(d.Pos) == d, len(c.Inside(d)))
			}
		}
		return b.String()
	}
	for _, entry := range entries {
		serial := load(entry, 1, false)
		for _, procs := range []int{1, 2, 4} {
			if got := load(entry, procs, true); got != serial {
				t.Errorf("%s, GOMAXPROCS=%d: the parallel build differs from the serial one:\n%s", entry, procs, golden.Diff(serial, got))
			}
		}
	}
}

// genBuildTree writes an apache2.conf with what the build shares between
// virtual hosts: balancers of one name in the main server and in several
// hosts, routes to another host's balancer, lbmethod= on ProxyPass (the
// first route to a pool decides), ProxySet and <Proxy> sections in the
// main server, RewriteRule [P], SetHandler proxy:, and hosts sharing an
// address (the first is its default), hosts without a ServerName.
func genBuildTree(t *testing.T, variant int) string {
	dir := t.TempDir()
	var s strings.Builder
	s.WriteString("ServerName main.example\nListen 80\nListen 443 https\nTimeout 30\n")
	s.WriteString("ProxySet http://10.9.0.1/ timeout=7\n<Proxy http://10.9.0.2/>\n ProxySet ttl=9\n SSLProxyEngine on\n</Proxy>\n")
	s.WriteString("<Proxy balancer://shared>\n BalancerMember http://10.0.0.1:8080 timeout=3\n BalancerMember http://10.0.0.2:8080 status=+H\n</Proxy>\n")
	if variant == 1 {
		s.WriteString("ProxyPass /main balancer://shared/ lbmethod=bytraffic\n")
	}
	n := 90 + 41*variant
	for i := range n {
		addr := []string{"*:80", "*:443", "10.0.0.5:80", "_default_:8080", "*"}[i%5]
		if i%11 == 5 {
			// no ServerName: the main server's
			fmt.Fprintf(&s, "<VirtualHost %s>\n ServerAlias b%d.example\n</VirtualHost>\n", addr, i)
		}
		fmt.Fprintf(&s, "<VirtualHost %s>\n ServerName h%d.example\n ServerAlias a%d.example # trailing\n", addr, i, i)
		switch i % 7 {
		case 0:
			s.WriteString(" <Proxy balancer://shared>\n  BalancerMember http://10.1.0.1 loadfactor=3\n </Proxy>\n")
		case 1:
			fmt.Fprintf(&s, " BalancerMember balancer://own%d http://10.2.0.%d:80 retry=5\n ProxySet balancer://own%d lbmethod=bybusyness maxattempts=2\n", i, i%250, i)
		case 2:
			s.WriteString(" ProxyPreserveHost On\n KeepAlive Off\n")
		}
		fmt.Fprintf(&s, " ProxyPass /s balancer://shared/ lbmethod=%s\n", []string{"byrequests", "bytraffic", "heartbeat"}[i%3])
		fmt.Fprintf(&s, " ProxyPass /own balancer://own%d/\n", i-i%7+1)
		fmt.Fprintf(&s, " ProxyPass /w http://10.9.0.%d/x timeout=%d\n", 1+i%2, i%4)
		s.WriteString(" RewriteRule ^/r(.*) http://10.3.0.1/$1 [P,L]\n")
		s.WriteString(" <Location /app>\n  ProxyPass fcgi://127.0.0.1:9000/ enablereuse=on\n  Require ip 10.0.0.0/8\n  RequestHeader set X-A b\n </Location>\n")
		s.WriteString(" <FilesMatch \\.php$>\n  SetHandler \"proxy:unix:/run/php.sock|fcgi://localhost\"\n </FilesMatch>\n")
		s.WriteString("</VirtualHost>\n")
	}
	if err := os.WriteFile(filepath.Join(dir, "apache2.conf"), []byte(s.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "apache2.conf")
}
