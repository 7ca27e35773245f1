package mycnf

import (
	"github.com/edgelint/edgelint/internal/testsupport/fuzzcheck"
	"os"
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/sources/input"
)

// FuzzParse checks that the reader never panics, keeps every position
// inside the input, and that Load and Sniff survive any file.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"[mysqld]\nmax_connections = 500\nbind-address = 127.0.0.1\n!includedir conf.d\n",
		"x=1\n[mysqld\n!include\n!foo\n[client]\nport=3306\n",
		"[mariadb-10.11]\nloose-max-connections='1K' # c\nskip-networking\nsocket=/run/m.sock\n",
		"[server]\nport = 99999999999\nmax_connections = 4G\n!include sub.cnf\n",
		"\r\n[\xff]\nk=\xfe#\xfd\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lines, errs := Parse("my.cnf", data)
		in := fuzzcheck.InInput(t, data)
		for _, l := range lines {
			in(l.Name, l.Pos)
			if l.HasValue || l.Kind == "include" || l.Kind == "includedir" {
				in("value of "+l.Name, l.ValuePos)
			}
		}
		for _, e := range errs {
			in(e.Message, e.Pos)
		}
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "my.cnf"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "sub.cnf"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		cfgs, _ := Load(filepath.Join(dir, "my.cnf"), input.Options{Root: dir})
		for _, c := range cfgs {
			for _, b := range c.Backends {
				for _, s := range b.Listen {
					if s.Unix == "" && (s.Port <= 0 || s.Port > 65535) {
						t.Errorf("socket %q with port %d", s.Raw, s.Port)
					}
				}
			}
		}
		Sniff("my.cnf", data)
	})
}
