package uwsgi

import (
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/fuzzcheck"
)

// FuzzParse checks that the reader never panics, keeps every position
// inside the input, and that Build and Sniff survive any file.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"[uwsgi]\nsocket = /run/app.sock\nprocesses = 4\nharakiri = 30\n",
		"[uwsgi]\nhttp-socket = :8080\nsocket = [::1]:3031\nworkers = %k\n",
		"[uwsgi]\nsocket = %(base)/x.sock\nharakiri = $(H)\n[other]\nsocket = 1\n",
		"  [uwsgi] \n\tlisten=\xff\n=\n;c\n#c\nkey\n",
		"[uwsgi\nsocket = :0\nprocesses = -1\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		inLine := fuzzcheck.InInput(t, data)
		for _, l := range Parse("f.ini", data) {
			inLine(l.Key, l.Pos)
			inLine("value of "+l.Key, l.ValuePos)
		}
		c := Build("f.ini", data)
		for _, b := range c.Backends {
			if b.Pos.File() == "" {
				t.Errorf("backend without a position")
			}
			for _, s := range b.Listen {
				if s.Unix == "" && (s.Port <= 0 || s.Port > 65535) {
					t.Errorf("socket %q with port %d", s.Raw, s.Port)
				}
			}
		}
		Sniff("f.ini", data)
	})
}
