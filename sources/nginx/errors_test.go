package nginx

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/realserver"
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

// errorCase is a configuration (files relative to a temporary directory,
// entry nginx.conf) and the one error it must produce, written
// "file:line:col: message" with paths relative to that directory. When
// nginx is installed the same files go through `nginx -t`, whose message,
// file and line must agree.
type errorCase struct {
	name  string
	files map[string]string
	want  string
	// nginx is false when nginx -t cannot judge the case the same way
	// (include cycles make nginx run out of file descriptors; limits are
	// ours).
	nginx bool
	opts  input.Options
}

var errorCases = []errorCase{
	{name: "extra-brace", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n}\n}\n"},
		want:  `nginx.conf:4:1: unexpected "}"`},
	{name: "missing-brace", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    server {\n        listen 8080;\n"},
		want:  `nginx.conf:5:1: unexpected end of file, expecting "}"`},
	{name: "missing-brace-no-newline", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    server {\n        listen 8080;\n    }"},
		want:  `nginx.conf:5:6: unexpected end of file, expecting "}"`},
	{name: "missing-semicolon", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    server {\n        location / {\n            proxy_pass http://127.0.0.1:9\n        }\n    }\n}\n"},
		want:  `nginx.conf:6:9: unexpected "}"`},
	{name: "premature-eof", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    root /srv"},
		want:  `nginx.conf:3:14: unexpected end of file, expecting ";" or "}"`},
	{name: "unterminated-quote", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    root \"/srv;\n}\n"},
		want:  `nginx.conf:5:1: unexpected end of file, expecting ";" or "}"`},
	{name: "block-in-map", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    map $host $x {\n        default 0;\n        a { }\n    }\n}\n"},
		want:  `nginx.conf:5:11: unexpected "{"`},
	{name: "lone-semicolon", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    ;\n}\n"},
		want:  `nginx.conf:3:5: unexpected ";"`},
	{name: "lone-brace", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\n\n  {\n"},
		want:  `nginx.conf:3:3: unexpected "{"`},
	{name: "char-after-quote", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    root \"/srv\"x;\n}\n"},
		want:  `nginx.conf:3:16: unexpected "x"`},
	{name: "brace-after-args", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    server {\n        listen 8080 }\n}\n"},
		want:  `nginx.conf:4:21: unexpected "}"`},
	{name: "too-long-word", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    root /" + strings.Repeat("a", 5000) + ";\n}\n"},
		want:  `nginx.conf:3:10: too long parameter "/aaaaaaaaa..." started`},
	{name: "too-long-comment", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\n#" + strings.Repeat("c", 5000) + "\nhttp {}\n"},
		want:  `nginx.conf:2:1: too long parameter "#ccccccccc..." started`},
	{name: "too-long-quoted", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    root \"" + strings.Repeat("a", 5000) + ";\n}\n"},
		want:  `nginx.conf:3:10: too long parameter, probably missing terminating """ character`},
	{name: "error-in-included-file", nginx: true,
		files: map[string]string{
			"nginx.conf":      "events {}\nhttp {\n    include conf.d/*.conf;\n}\n",
			"conf.d/a.conf":   "server {\n    listen 8080;\n}\n",
			"conf.d/b.conf":   "server {\n    listen 8081;\n}\n}\n",
			"conf.d/.x.conf":  "this is hidden and never read {\n",
			"conf.d/c.notcfg": "neither {\n",
		},
		want: `conf.d/b.conf:4:1: unexpected "}"`},
	{name: "missing-include", nginx: true,
		files: map[string]string{
			"nginx.conf":         "events {}\nhttp {\n    include conf.d/server.conf;\n}\n",
			"conf.d/server.conf": "server {\n    listen 8080;\n    location / {\n        include bar.conf;\n    }\n}\n",
		},
		want: `conf.d/server.conf:4:9: open() "bar.conf" failed (2: No such file or directory)`},
	{name: "include-cycle",
		files: map[string]string{
			"nginx.conf": "events {}\nhttp {\n    include a.conf;\n}\n",
			"a.conf":     "include b.conf;\n",
			"b.conf":     "\n  include a.conf;\n",
		},
		want: `b.conf:2:3: include cycle: a.conf -> b.conf -> a.conf`},
	{name: "include-args", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    include a.conf b.conf;\n}\n"},
		want:  `nginx.conf:3:5: invalid number of arguments in "include" directive`},
	{name: "proxy-pass-args", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    server {\n        location / {\n            proxy_pass http://a b;\n        }\n    }\n}\n"},
		want:  `nginx.conf:5:13: invalid number of arguments in "proxy_pass" directive`},
	{name: "arity-spread-over-lines", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    proxy_read_timeout\n        5s\n        6s;\n}\n"},
		want:  `nginx.conf:5:11: invalid number of arguments in "proxy_read_timeout" directive`},
	{name: "arity-too-few", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    proxy_set_header Host;\n}\n"},
		want:  `nginx.conf:3:5: invalid number of arguments in "proxy_set_header" directive`},
	{name: "arity-block", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    server x {\n    }\n}\n"},
		want:  `nginx.conf:3:5: invalid number of arguments in "server" directive`},
	{name: "upstream-keepalive-timeout-args", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    upstream u {\n        server 127.0.0.1;\n        keepalive_timeout 60s 60s;\n    }\n}\n"},
		want:  `nginx.conf:5:9: invalid number of arguments in "keepalive_timeout" directive`},
	{name: "flag-value", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    gzip yes;\n}\n"},
		want:  `nginx.conf:3:5: invalid value "yes" in "gzip" directive, it must be "on" or "off"`},
	{name: "binary-include",
		files: map[string]string{
			"nginx.conf": "events {}\nhttp {\n    include blob.bin;\n}\n",
			"blob.bin":   "\x00\x01\x02",
		},
		want: `nginx.conf:3:5: blob.bin: binary file (contains NUL bytes), not a configuration`},
	{name: "long-line",
		opts: input.Options{Limits: input.Limits{MaxLineLength: 100}},
		files: map[string]string{
			"nginx.conf": "events {}\nhttp {\n    include long.conf;\n}\n",
			"long.conf":  "\n\n# " + strings.Repeat("x", 200) + "\n",
		},
		want: `long.conf:3:1: line 3 is longer than 100 bytes; not a configuration file?`},
	{name: "include-depth",
		opts: input.Options{Limits: input.Limits{MaxIncludeDepth: 2}},
		files: map[string]string{
			"nginx.conf": "events {}\nhttp {\n    include a.conf;\n}\n",
			"a.conf":     "include b.conf;\n",
			"b.conf":     "include c.conf;\n",
			"c.conf":     "include d.conf;\n",
			"d.conf":     "\n",
		},
		want: `b.conf:1:1: includes nested deeper than 2 levels`},
	{name: "too-many-files",
		opts: input.Options{Limits: input.Limits{MaxFiles: 2}},
		files: map[string]string{
			"nginx.conf": "events {}\nhttp {\n    include a.conf;\n    include b.conf;\n}\n",
			"a.conf":     "\n",
			"b.conf":     "\n",
		},
		want: `nginx.conf:4:5: include tree has more than 2 files`},
	{name: "file-size",
		opts: input.Options{Limits: input.Limits{MaxFileSize: 50}},
		files: map[string]string{
			"nginx.conf": "events {}\nhttp {\n    include big.conf;\n}\n",
			"big.conf":   "# " + strings.Repeat("big ", 40) + "\n",
		},
		want: `nginx.conf:3:5: big.conf: file is 163 bytes, over the 50-byte limit`},
	{name: "leaf-with-block", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    server {\n        server_name a.example {\n        }\n    }\n}\n"},
		want:  `nginx.conf:4:9: directive "server_name" is not terminated by ";"`},
	{name: "block-without-block", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    server {\n        location /;\n    }\n}\n"},
		want:  `nginx.conf:4:9: directive "location" has no opening "{"`},
	{name: "if-no-parens", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    server {\n        if $host {\n            return 404;\n        }\n    }\n}\n"},
		want:  `nginx.conf:4:9: invalid condition "$host"`},
	{name: "if-empty", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    server {\n        if ( ) {\n            return 404;\n        }\n    }\n}\n"},
		want:  `nginx.conf:4:9: invalid condition ")"`},
	{name: "if-operator", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    server {\n        if ($host == a) {\n            return 404;\n        }\n    }\n}\n"},
		want:  `nginx.conf:4:9: unexpected "==" in condition`},
	{name: "location-outside", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    server {\n        location /a {\n            location /b {\n            }\n        }\n    }\n}\n"},
		want:  `nginx.conf:5:13: location "/b" is outside location "/a"`},
	{name: "upstream-server-is-leaf",
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    upstream u {\n        server 127.0.0.1 {\n        }\n    }\n}\n"},
		want:  `nginx.conf:4:9: directive "server" is not terminated by ";"`},
	{name: "pass-in-server", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    server {\n        listen 8080;\n        proxy_pass http://127.0.0.1:9;\n    }\n}\n"},
		want:  `nginx.conf:5:9: "proxy_pass" directive is not allowed here`},
	{name: "pass-in-server-if", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    server {\n        listen 8080;\n        if ($host) {\n            fastcgi_pass 127.0.0.1:9;\n        }\n    }\n}\n"},
		want:  `nginx.conf:6:13: "fastcgi_pass" directive is not allowed here`},
	{name: "stock-files-assumed",
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    include mime.types;\n    include /usr/local/nginx/conf/fastcgi_params;\n    include /usr/local/nginx/conf/fastcgi_params.conf;\n}\n"},
		want:  `nginx.conf:5:5: open() "/usr/local/nginx/conf/fastcgi_params.conf" failed (2: No such file or directory)`},
	{name: "byte-order-mark",
		files: map[string]string{"nginx.conf": "\ufeffevents {}\nhttp {}\n"},
		want:  `nginx.conf:1:1: unknown directive "\ufeffevents" (the file starts with a UTF-8 byte-order mark)`},
	{name: "binary-entry",
		files: map[string]string{"nginx.conf": "events {}\n  \x00\n"},
		want:  `nginx.conf:2:3: nginx.conf: binary file (contains NUL bytes), not a configuration`},
	{name: "duplicate", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    server {\n        listen 8080;\n        location / {\n            proxy_read_timeout 5s;\n            proxy_read_timeout 6s;\n            proxy_next_upstream error;\n            proxy_next_upstream timeout;\n            proxy_pass http://127.0.0.1:9;\n        }\n    }\n}\n"},
		want:  `nginx.conf:7:13: "proxy_read_timeout" directive is duplicate`},
	{name: "duplicate-through-include", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    server {\n        listen 8080;\n        location / {\n            proxy_read_timeout 5s;\n            include snippets/proxy.conf;\n            proxy_pass http://127.0.0.1:9;\n        }\n    }\n}\n",
			"snippets/proxy.conf": "proxy_set_header Host $host;\nproxy_read_timeout 60s;\n"},
		want: `snippets/proxy.conf:2:1: "proxy_read_timeout" directive is duplicate`},
	{name: "duplicate-unmodelled-through-include", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    server {\n        listen 8080;\n        include params.conf;\n        client_max_body_size 10m;\n        location / {\n            proxy_pass http://127.0.0.1:9;\n        }\n    }\n}\n",
			"params.conf": "client_max_body_size 1m;\n"},
		want: `nginx.conf:6:9: "client_max_body_size" directive is duplicate`},
	{name: "geo-include-is-literal", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    geo $x {\n        default 0;\n        include nomatch/*.conf;\n    }\n}\n"},
		want:  `nginx.conf:5:9: open() "nomatch/*.conf" failed (2: No such file or directory)`},
	{name: "duplicate-upstream", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    upstream a { server 127.0.0.1; }\n    upstream A { server 127.0.0.2; }\n}\n"},
		want:  `nginx.conf:4:5: duplicate upstream "A"`},
	{name: "deep-nesting",
		files: map[string]string{"nginx.conf": strings.Repeat("a {", 101)},
		want:  `nginx.conf:1:303: blocks nested deeper than 100`},
	{name: "bad-time", nginx: true,
		files: map[string]string{"nginx.conf": "events {}\nhttp {\n    server {\n        listen 8080;\n        location / {\n            proxy_read_timeout 5x;\n            proxy_pass http://127.0.0.1:9;\n        }\n    }\n}\n"},
		want:  `nginx.conf:6:13: "proxy_read_timeout" directive invalid value`},
}

var nginxErrRE = regexp.MustCompile(`\[emerg\] (?:\d+#\d+: )?(.*) in (.*):(\d+)\n`)

func TestErrors(t *testing.T) {
	for _, c := range errorCases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, body := range c.files {
				p := filepath.Join(dir, name)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, errs := Load(filepath.Join(dir, "nginx.conf"), c.opts)
			var got []string
			for _, e := range errs {
				got = append(got, strings.ReplaceAll(e.Error(), dir+"/", ""))
			}
			if len(got) != 1 || got[0] != c.want {
				t.Fatalf("errors:\n got %q\nwant %q", got, c.want)
			}
			if !c.nginx {
				return
			}
			out, ok := realserver.NginxTest(t, dir, filepath.Join(dir, "nginx.conf"))
			if ok {
				t.Fatalf("nginx -t accepts what we reject")
			}
			m := nginxErrRE.FindStringSubmatch(out)
			if m == nil {
				// nginx failed before reading the file (no permission
				// for its log or temporary paths): nothing to compare.
				t.Logf("nginx -t gave no positioned error, not compared:\n%s", out)
				return
			}
			nmsg := strings.ReplaceAll(m[1], dir+"/", "")
			nfile := strings.TrimPrefix(m[2], dir+"/")
			wantPrefix := nfile + ":" + m[3] + ":"
			if !strings.HasPrefix(got[0], wantPrefix) || !strings.HasSuffix(got[0], ": "+nmsg) {
				t.Errorf("nginx -t says %s:%s: %s; we say %s", nfile, m[3], nmsg, got[0])
			}
		})
	}
}

func TestSymlinkLoop(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte("events {}\nhttp {\n    include loop.conf;\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("loop2.conf", filepath.Join(dir, "loop.conf")); err != nil {
		t.Skip("no symlinks:", err)
	}
	if err := os.Symlink("loop.conf", filepath.Join(dir, "loop2.conf")); err != nil {
		t.Fatal(err)
	}
	_, errs := Load(filepath.Join(dir, "nginx.conf"), input.Options{})
	if len(errs) != 1 || errs[0].Pos.Line != 3 || errs[0].Pos.Col != 5 || !strings.Contains(errs[0].Message, "symbolic link loop") {
		t.Fatalf("want one symlink-loop error at nginx.conf:3:5, got %v", errs)
	}
}

// TestIncludeExplosion: a chain of files each including the next twice
// expands to 2^24 copies; the load stops at the bound and reads each file
// once.
func TestIncludeExplosion(t *testing.T) {
	dir := t.TempDir()
	const n = 25
	name := func(i int) string { return fmt.Sprintf("f%02d.conf", i) }
	for i := 0; i < n; i++ {
		body := "proxy_read_timeout 5s;\n"
		if i < n-1 {
			body = "include " + name(i+1) + ";\ninclude " + name(i+1) + ";\n"
		}
		if err := os.WriteFile(filepath.Join(dir, name(i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfgs, errs := Load(filepath.Join(dir, name(0)), input.Options{})
	if len(errs) != 1 || !strings.Contains(errs[0].Message, "expands to more than") || errs[0].Pos.Line != 1 {
		t.Fatalf("want one expansion error, got %v", errs)
	}
	if len(cfgs) != 1 || len(cfgs[0].Files) != n || len(cfgs[0].Directives) > 2*n {
		t.Fatalf("want %d files and at most %d directives, got %d files, %d directives", n, 2*n, len(cfgs[0].Files), len(cfgs[0].Directives))
	}
}

func loadString(t *testing.T, dir, conf string) ([]*lint.Config, []lint.LoadError) {
	t.Helper()
	p := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(p, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	return Load(p, input.Options{})
}
