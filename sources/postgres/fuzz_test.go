package postgres

import (
	"github.com/edgelint/edgelint/internal/testsupport/fuzzcheck"
	"testing"
)

// FuzzParse checks that both readers never panic and keep every position
// inside the input, and that the models and sniffers survive any file.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"max_connections = 100\t# (change requires restart)\nlisten_addresses = '*'\ninclude_dir 'conf.d'\n",
		"shared_buffers 128MB\nsearch_path = '\"$user\", public'\nx = 'it''s'\n",
		"= 1\nbad value here\nunterminated = 'x\n",
		"[pgbouncer]\nlisten_addr = 127.0.0.1\nmax_client_conn = 500\n%include /etc/pgbouncer/x.ini\n[databases]\n",
		"\r\n[\xff\nk=\xfe'#\xfd\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in := fuzzcheck.InInput(t, data)
		settings, errs := ParseConf("postgresql.conf", data)
		for _, s := range settings {
			in(s.Name, s.Pos)
			in("value of "+s.Name, s.ValuePos)
		}
		for _, e := range errs {
			in(e.Message, e.Pos)
		}
		for _, s := range ParseINI("pgbouncer.ini", data) {
			in(s.Name, s.Pos)
			if s.Name != "section" {
				in("value of "+s.Name, s.ValuePos)
			}
		}
		for _, b := range []interface{ IsDatabase() bool }{confBackend("p", settings), bouncerBackend("b", ParseINI("b", data))} {
			if !b.IsDatabase() {
				t.Errorf("not a database")
			}
		}
		SniffConf("postgresql.conf", data)
		SniffBouncer("pgbouncer.ini", data)
	})
}
