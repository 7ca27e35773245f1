package gunicorn

import (
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/fuzzcheck"
)

// FuzzParse checks that the reader never panics, keeps every position
// inside the input, and that Build and Sniff survive any file.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"bind = \"127.0.0.1:8000\"\nworkers = 4\ntimeout = 120\n",
		"bind = [\n  'unix:/run/g.sock',  # main\n  \"[::]:80\",\n]\nkeepalive = 2.5\n",
		"import os\nworkers = int(os.environ['W'])\nif x:\n    timeout = 5\n",
		"timeout = '30' # 'x'\nbind = \"a:b:c\"\nworker_class = \"gevent\"\n",
		"bind = [\nworkers == 3\n\xff = 1\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		inLine := fuzzcheck.InInput(t, data)
		for _, a := range Parse("gunicorn.conf.py", data) {
			inLine(a.Name, a.Pos)
			inLine("value of "+a.Name, a.ValuePos)
		}
		c := Build("gunicorn.conf.py", data)
		for _, b := range c.Backends {
			for _, s := range b.Listen {
				if s.Unix == "" && (s.Port <= 0 || s.Port > 65535) {
					t.Errorf("socket %q with port %d", s.Raw, s.Port)
				}
			}
		}
		Sniff("gunicorn.conf.py", data)
	})
}
