// Package sniffcheck gives the inputs on which a sniffer made cheaper
// must decide exactly as the version it replaced (kept in the test as
// the oracle): every file of the shared corpus and field corpus, and
// deterministic mutations of them that cut, splice and sprinkle the
// characters the sniffers decide on.
package sniffcheck

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// Input is one file as discovery would sniff it: its path and head.
type Input struct {
	Path string
	Head []byte
}

// headBytes is discovery's sniffBytes.
const headBytes = 64 << 10

// sharedDir is ../shared beside the repository, seen from a package
// directory depth levels below the module root.
func sharedDir(tb testing.TB, depth int) string {
	up := []string{}
	for range depth + 1 {
		up = append(up, "..")
	}
	dir, err := filepath.Abs(filepath.Join(append(up, "shared")...))
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "corpus")); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("shared corpus %s is missing in CI: %v", dir, err)
		}
		tb.Skipf("shared corpus not present beside the repository: %v", err)
	}
	return dir
}

// Corpus returns the head of every regular file of ../shared/corpus and
// ../shared/field; depth is how far the calling package's directory is
// below the module root (sources/nginx: 2).
func Corpus(tb testing.TB, depth int) []Input {
	shared := sharedDir(tb, depth)
	var out []Input
	for _, d := range []string{"corpus", "field"} {
		err := filepath.WalkDir(filepath.Join(shared, d), func(p string, e os.DirEntry, err error) error {
			if err != nil || !e.Type().IsRegular() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out = append(out, Input{Path: p, Head: b[:min(len(b), headBytes)]})
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	if len(out) < 1000 {
		tb.Fatalf("only %d files in %s", len(out), shared)
	}
	return out
}

// pieces are what mutations insert: the characters and words the
// sniffers of nginx, Apache, INI, YAML and templates decide on.
var pieces = []string{
	"{", "}", ";", "\n", " ", "\t", "\r", "#", "\"", "'", "\\", "$", "=", ":", "[", "]", "<", ">", "%", "@", "!",
	"\x00", "\ufeff", "\u212a", "\u0085", "\u00a0", "\xff", "(", ")", "/", "-", "_", ".",
	"http", "events", "server", "location", "types", "map", "content_by_lua_block", "include",
	"ServerName", "<VirtualHost *:80>", "</VirtualHost>", "LoadModule", "ServerRoot", "Include",
	"[pgbouncer]", "[PgBouncer ]", "listen_port = 6432", "pool_mode = session", "auth_type = md5",
	"[www]", "listen = 9000", "pm = dynamic", "PM.Max_Children = 5", "user = www", "php_value[x] = 1",
	"{{ x }}", "{% if %}", "{#", "#}", "<%= x %>", "<% end %>", "%FOO%", "@BAR@", "!BAZ!", "PH_X",
	"<NAME>", "#{x}", "{name_x}", "{NAME}", "[A B]", "%name", "${x}", "max_connections = 9", "shared_buffers = 1",
}

// Mutations returns n inputs made from corpus files (in a fixed order
// from a fixed seed), each under one of names or its own path.
func Mutations(files []Input, n int, names []string) []Input {
	r := rand.New(rand.NewPCG(16, uint64(n)))
	// the corpora hold few files of some kinds: mutate these as often
	for range len(files) / 4 {
		s := seeds[r.IntN(len(seeds))]
		files = append(files, Input{Path: s[0], Head: []byte(s[1])})
	}
	out := make([]Input, 0, n)
	for range n {
		a := files[r.IntN(len(files))]
		b := append([]byte(nil), a.Head...)
		for range 1 + r.IntN(6) {
			switch r.IntN(5) {
			case 0: // cut
				if len(b) > 0 {
					i, j := r.IntN(len(b)+1), r.IntN(len(b)+1)
					b = append(b[:min(i, j)], b[max(i, j):]...)
				}
			case 1: // splice another file's lines
				o := files[r.IntN(len(files))].Head
				i, j := r.IntN(len(o)+1), r.IntN(len(o)+1)
				at := r.IntN(len(b) + 1)
				b = append(b[:at], append(append([]byte(nil), o[min(i, j):max(i, j)]...), b[at:]...)...)
			default: // insert pieces
				at := r.IntN(len(b) + 1)
				var ins []byte
				for range 1 + r.IntN(4) {
					ins = append(ins, pieces[r.IntN(len(pieces))]...)
				}
				b = append(b[:at], append(ins, b[at:]...)...)
			}
		}
		if len(b) > headBytes {
			b = b[:headBytes]
		}
		p := a.Path
		if len(names) > 0 && r.IntN(2) == 0 {
			p = filepath.Join(filepath.Dir(p), names[r.IntN(len(names))])
		}
		out = append(out, Input{Path: p, Head: b})
	}
	return out
}

// seeds are small files of the kinds the corpora hold few of, as
// {name, text}.
var seeds = [][2]string{
	{"pgbouncer.ini", "[databases]\n* = host=db\n\n[pgbouncer]\nlisten_addr = *\nlisten_port = 6432\nauth_type = md5\npool_mode = session\n"},
	{"bouncer.ini", "; c\n[ PgBouncer ]\nLOGFILE = /var/log/x\npidfile=/run/x\n"},
	{"www.conf", "[www]\nuser = www-data\nlisten = /run/php/fpm.sock\npm = dynamic\npm.max_children = 5\nphp_admin_value[memory_limit] = 128M\n"},
	{"php-fpm.conf", "[global]\npid = /run/php-fpm.pid\nerror_log = /var/log/fpm.log\ninclude=/etc/php/fpm/pool.d/*.conf\n"},
	{"postgresql.conf", "max_connections = 100\nshared_buffers = 128MB\nlisten_addresses = '*'\ninclude_dir = 'conf.d'\n"},
	{"apache2.conf", "ServerRoot \"/etc/apache2\"\nInclude ports.conf\nLoadModule x y\n<VirtualHost *:80>\n ServerName a\n ProxyPass / http://b/\n</VirtualHost>\n"},
	{"nginx.conf", "events {}\nhttp {\n map $a $b { default 1; }\n server { listen 80; location / { proxy_pass http://b; } }\n}\n"},
	{"site.conf.j2", "server {\n  listen {{ port }};\n  # {{ ansible_managed }}\n  server_name %HOST% @NAME@;\n}\n"},
}

// Names are file names whose extension or base some sniffer decides on.
var Names = []string{
	"nginx.conf", "site", "x.json", "apache2.conf", "httpd.conf", ".htaccess", "www.conf", "php-fpm.conf",
	"pgbouncer.ini", "postgresql.conf", "my.cnf", "a.yml", "site.conf.j2", "x.tmpl", "x.template", "a.tpl.conf", "x.tf",
}

// SameAsBefore fails t where now decides otherwise than before, the
// version it replaced, on every file of the shared corpora and on
// mutations of them (20,000; 2,000 with -short). name is now's name in
// the messages.
func SameAsBefore[T comparable](t *testing.T, name string, now, before func(path string, head []byte) T) {
	t.Helper()
	files := Corpus(t, 2)
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for _, in := range append(files, Mutations(files, n, Names)...) {
		if got, want := now(in.Path, in.Head), before(in.Path, in.Head); got != want {
			t.Errorf("%s (%q...): %s = %v, before %v", in.Path, in.Head[:min(len(in.Head), 80)], name, got, want)
		}
	}
}
