package apache

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/realserver"
	"github.com/edgelint/edgelint/sources/input"
)

// The virtual hosts the model finds are the ones httpd finds: for the
// corpus' Debian trees, `apache2 -S` lists the same (port, file:line) pairs.
func TestVirtualHostsAgainstHttpd(t *testing.T) {
	realserver.Apache2(t)
	corpus := corpusDir(t)
	for _, c := range []string{"simple_vhost", "two_vhost_80", "vhost_with_tls"} {
		t.Run(c, func(t *testing.T) {
			src := filepath.Join(corpus, compat, c, "apache2")
			tmp := t.TempDir()
			copyResolvingStandIns(t, src, tmp)
			out, ok := realserver.ApacheTest(t, tmp, filepath.Join(tmp, "apache2.conf"), "-S")
			if !ok {
				t.Fatalf("apache2 -S fails:\n%s", out)
			}
			want := httpdVhosts(out)
			if len(want) == 0 {
				t.Fatalf("no virtual hosts in apache2 -S output:\n%s", out)
			}
			cfgs, errs := Load(filepath.Join(src, "apache2.conf"), input.Options{})
			if len(errs) > 0 {
				t.Fatalf("load errors: %v", errs)
			}
			var got []string
			for _, s := range cfgs[0].Sites {
				for _, l := range s.Listeners {
					got = append(got, strconv.Itoa(l.Port)+" "+filepath.Base(s.Pos.File())+":"+strconv.Itoa(int(s.Pos.Line)))
				}
			}
			sort.Strings(got)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("model has\n%s\napache2 -S has\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

var vhostLine = regexp.MustCompile(`(?m)^\s*(?:\*:(\d+)\s+\S+|port (\d+) namevhost \S+)\s+\((\S+):(\d+)\)`)

// httpdVhosts reads "port file:line" pairs from apache2 -S.
func httpdVhosts(out string) []string {
	seen := map[string]bool{}
	var pairs []string
	for _, m := range vhostLine.FindAllStringSubmatch(out, -1) {
		port := m[1] + m[2]
		p := port + " " + filepath.Base(m[3]) + ":" + m[4]
		if !seen[p] {
			seen[p] = true
			pairs = append(pairs, p)
		}
	}
	sort.Strings(pairs)
	return pairs
}

// copyResolvingStandIns copies a tree, turning git symlink stand-ins back
// into symbolic links so httpd reads what the loader reads.
func copyResolvingStandIns(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		if info.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if _, ok := symlinkStandIn(p, data); ok {
			return os.Symlink(strings.TrimSpace(string(data)), to)
		}
		return os.WriteFile(to, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
