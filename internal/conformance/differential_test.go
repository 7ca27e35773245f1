package conformance

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/gentree"
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

// nginxBases are small valid configurations (nginx -t accepts each with
// its own prefix) that exercise the lexer: quotes holding braces and
// semicolons, escapes, regexes with {n,m}, comments, includes from every
// level, globs, symlinked sites.
var nginxBases = map[string]tree{
	"single": {
		"nginx.conf": `events {
    worker_connections 64;
}
http {
    upstream app {
        server 127.0.0.1:8080 max_fails=2 fail_timeout=5s;
        keepalive 8;
    }
    map $http_upgrade $connection_upgrade {
        default upgrade;
        '' close;
    }
    server {
        listen 127.0.0.1:8081;
        server_name a.test "b.test";
        location / {
            proxy_pass http://app;
            proxy_set_header Host $host;
            proxy_set_header Connection $connection_upgrade;
            proxy_read_timeout 30s;
        }
        location ~ "^/img/[a-z]{2,5}/" {
            root /srv/www;
        }
        location = /health {
            return 200 'ok; {fine}';
        }
    }
}
`,
	},
	"multi": {
		"nginx.conf": `# main file
events { }
http {
    include conf.d/*.conf;
    include sites-enabled/*;
}
`,
		"conf.d/upstreams.conf": `upstream api {
    server 127.0.0.2:9000;
    server 127.0.0.3:9000 backup;
}
`,
		"conf.d/proxy.conf": `proxy_connect_timeout 5s;
proxy_buffers 8 16k;
`,
		"sites-available/shop.conf": `server {
    listen 127.0.0.1:8082;
    server_name shop.test;
    location /api/ {
        include snippets/proxy.conf;
        proxy_pass http://api/;
    }
    location ~ \.php$ {
        fastcgi_pass 127.0.0.1:9001;
        fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
    }
}
`,
		"sites-enabled/shop.conf": "-> ../sites-available/shop.conf",
		"snippets/proxy.conf": `proxy_set_header Host $host;
proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
`,
	},
	"lexer": {
		"nginx.conf": `events {}
http {
    # a comment with ; { } " ' in it
    log_format  main  '$remote_addr "$request" '
                      '$status {braces} ;semicolons;';
    server {
        listen 127.0.0.1:8083;
        server_name "~^(?<sub>[a-z]+)\.lexer\.test$";
        set $quoted "a \"quoted\" value; with {braces}";
        location / {
            if ($request_method = POST) {
                return 405;
            }
            add_header X-Test 'single \'{quoted}\' ;' always;
            proxy_pass http://127.0.0.1:8084;  # trailing comment }
        }
        location ~* \.(?:css|js)$ { expires 7d; }
    }
}
`,
	},
}

// apacheBases are small valid Apache configurations (apache2 -t with the
// tree as ServerRoot accepts each).
var apacheBases = map[string]tree{
	"single": {
		"httpd.conf": apacheHead + `Listen 127.0.0.1:8091
<VirtualHost *:8091>
    ServerName a.test
    ServerAlias "b.test"
    ProxyPreserveHost On
    ProxyTimeout 30
    <Proxy "balancer://app">
        BalancerMember "http://127.0.0.1:8080" route=one timeout=30
        BalancerMember "http://127.0.0.2:8080" route=two status=+H
        ProxySet lbmethod=byrequests
    </Proxy>
    ProxyPass "/api/" "http://127.0.0.3:9000/" connectiontimeout=3 timeout=15
    ProxyPassReverse "/api/" "http://127.0.0.3:9000/"
    ProxyPass "/" "balancer://app/"
    <Location "/status">
        Require ip 127.0.0.0/8
    </Location>
</VirtualHost>
`,
	},
	"multi": {
		"httpd.conf": apacheHead + `Listen 127.0.0.1:8092
# the sites
IncludeOptional conf.d/*.conf
Include sites-enabled/*.conf
`,
		"conf.d/proxy.conf": `ProxyTimeout 60
ProxyRequests Off
`,
		"sites-available/shop.conf": `<VirtualHost *:8092>
    ServerName shop.test
    Include snippets/headers.conf
    <IfModule mod_proxy.c>
        ProxyPass "/" "http://127.0.0.4:8000/" retry=0
    </IfModule>
    <Directory "/srv/www/shop">
        Require all granted
    </Directory>
</VirtualHost>
`,
		"sites-enabled/shop.conf": "-> ../sites-available/shop.conf",
		"snippets/headers.conf": `RequestHeader set X-Forwarded-Proto "http"
Header always set X-Frame-Options "SAMEORIGIN"
`,
	},
	"lexer": {
		"httpd.conf": apacheHead + `Listen 127.0.0.1:8093
<VirtualHost *:8093>
    ServerName lexer.test
    # a comment with < > " and \ in it
    Header always set X-Long "one \
two"
    RequestHeader set X-Quoted "a \"quoted\" value"
    <LocationMatch "^/(admin|api)/[a-z]{2,5}/">
        ProxyPass "http://127.0.0.5:8000/"
    </LocationMatch>
    <FilesMatch "\.php$">
        SetHandler "proxy:fcgi://127.0.0.1:9000"
    </FilesMatch>
</VirtualHost>
`,
	},
}

const apacheHead = `LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule authz_host_module /usr/lib/apache2/modules/mod_authz_host.so
LoadModule headers_module /usr/lib/apache2/modules/mod_headers.so
LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so
LoadModule proxy_http_module /usr/lib/apache2/modules/mod_proxy_http.so
LoadModule proxy_fcgi_module /usr/lib/apache2/modules/mod_proxy_fcgi.so
LoadModule slotmem_shm_module /usr/lib/apache2/modules/mod_slotmem_shm.so
LoadModule proxy_balancer_module /usr/lib/apache2/modules/mod_proxy_balancer.so
LoadModule lbmethod_byrequests_module /usr/lib/apache2/modules/mod_lbmethod_byrequests.so
ServerName 127.0.0.1
PidFile run/httpd.pid
ErrorLog logs/error.log
`

// nginxEdgeCases are fixed variants at the corners of nginx's grammar,
// each checked against nginx -t like the random ones.
var nginxEdgeCases = map[string]string{
	"glob include inside geo (literal there)": "events {}\nhttp {\n    geo $x {\n        default 0;\n        include nomatch/*.conf;\n    }\n}\n",
	"glob include inside types":               "events {}\nhttp {\n    types {\n        include nomatch/*.conf;\n    }\n}\n",
	"glob include inside map":                 "events {}\nhttp {\n    map $host $x {\n        default 0;\n        include nomatch/*.conf;\n    }\n}\n",
	"include of a directory":                  "events {}\nhttp {\n    include conf.d;\n}\n",
	"unquoted braces in a regex":              "events {}\nhttp {\n    server {\n        location ~ ^/a{2}$ {\n            return 204;\n        }\n    }\n}\n",
	"braced variable":                         "events {}\nhttp {\n    server {\n        return 200 ${host}x;\n    }\n}\n",
	"unterminated braced variable":            "events {}\nhttp {\n    server {\n        return 200 ${host;\n    }\n}\n",
	"comment at the end without a newline":    "events {}\nhttp {}\n# trailing }",
	"escaped quote outside quotes":            "events {}\nhttp {\n    server {\n        return 200 a\\\"b;\n    }\n}\n",
	"quoted glob with a space":                "events {}\nhttp {\n    include \"no match/*.conf\";\n}\n",
	"newline inside quotes":                   "events {}\nhttp {\n    server {\n        return 200 \"multi\nline\";\n    }\n}\n",
	"semicolon alone":                         "events {}\n;\nhttp {}\n",
	"proxy_pass with two arguments":           "events {}\nhttp {\n    server {\n        location / {\n            proxy_pass http://a b;\n        }\n    }\n}\n",
	"argument count over two lines":           "events {}\nhttp {\n    proxy_set_header\n        Host;\n}\n",
	"flag neither on nor off":                 "events {}\nhttp {\n    gzip yes;\n}\n",
	"upstream server without an address":      "events {}\nhttp {\n    upstream u {\n        server;\n    }\n}\n",
	"empty block name":                        "events {}\nhttp {\n    {\n    }\n}\n",
	"file of only a comment":                  "# nothing here\n",
	"empty file":                              "",
	"byte order mark":                         "\ufeffevents {}\nhttp {}\n",
	"missing absolute include":                "events {}\nhttp {\n    include /nonexistent/edgelint/x.conf;\n}\n",
}

// apacheEdgeCases are the same for Apache httpd; each is appended to
// apacheHead plus a Listen line.
var apacheEdgeCases = map[string]string{
	"opening tag without '>'":                "<VirtualHost *:8099\nServerName a\n</VirtualHost>\n",
	"continuation at the end of the file":    "ServerAdmin a@b \\\n",
	"ServerAdmin with two arguments":         "ServerAdmin a@b c@d\n",
	"a count over a continuation line":       "ServerAdmin a@b \\\n  c@d\n",
	"KeepAlive neither On nor Off":           "KeepAlive yes\n",
	"Include of a glob in a missing dir":     "Include nomatch/*.conf\n",
	"IncludeOptional of a missing glob":      "IncludeOptional nomatch/*.conf\n",
	"Include of a glob matching nothing":     "Include conf.d/*.conf\n",
	"'>' inside a quoted section argument":   "<Location \"/a>b\">\nRequire all granted\n</Location>\n",
	"comment ending in a backslash":          "# comment \\\nServerAdmin x\n<Location />\n</Location>\n",
	"space before '>' of a closing tag":      "<VirtualHost *:8099>\n</VirtualHost >\n",
	"closing tag in lower case":              "<VirtualHost *:8099>\n</virtualhost>\n",
	"section never closed":                   "<VirtualHost *:8099>\nServerName x\n",
	"Include of a directory":                 "Include conf.d\n",
	"Include of a missing file":              "Include nothere.conf\n",
	"garbage inside a skipped IfModule":      "<IfModule nosuch_module>\n  Garbage here \"\n</IfModule>\n",
	"unclosed section in a skipped IfModule": "<IfModule nosuch_module>\n  <Unclosed>\n</IfModule>\n",
	"mismatched closing tag":                 "<VirtualHost *:8099>\n<Location />\n</VirtualHost>\n</Location>\n",
}

// edgeCases turns the fixed cases into variants; conf.d exists (empty but
// for a file that no glob above matches) so directory includes have one.
func edgeCases(d differential) []variant {
	cases := nginxEdgeCases
	prefix := ""
	if d.kind == lint.Apache {
		cases, prefix = apacheEdgeCases, apacheHead+"Listen 127.0.0.1:8099\n"
	}
	var out []variant
	for _, name := range sortedKeys(cases) {
		out = append(out, variant{base: "edge case", file: d.entry, mutation: "edge case", desc: name,
			files: tree{d.entry: prefix + cases[name], "conf.d/README": "not configuration\n"}})
	}
	return out
}

// variantsPerKind keeps the run to a few seconds on two shared cores.
const variantsPerKind = 200

type differential struct {
	kind    lint.SourceKind
	server  string
	entry   string
	bases   map[string]tree
	dialect dialect
	// run gives the server's verdict on the tree in dir.
	run func(t *testing.T, bin, dir string) verdict
	// syntax tells the server messages edgelint must agree with.
	syntax func(msg string) bool
}

func TestNginxDifferential(t *testing.T) {
	runDifferential(t, differential{
		kind: lint.Nginx, server: "nginx", entry: "nginx.conf", bases: nginxBases, dialect: nginxDialect,
		run: func(t *testing.T, bin, dir string) verdict {
			return nginxTest(t, bin, filepath.Join(dir, "nginx.conf"), filepath.Join(dir, ".prefix"))
		},
		syntax: nginxSyntaxOrInclude,
	})
}

func TestApacheDifferential(t *testing.T) {
	runDifferential(t, differential{
		kind: lint.Apache, server: "apache2", entry: "httpd.conf", bases: apacheBases, dialect: apacheDialect,
		run: func(t *testing.T, bin, dir string) verdict {
			return apacheTest(t, bin, filepath.Join(dir, "httpd.conf"), dir)
		},
		syntax: apacheSyntaxOrInclude,
	})
}

// generatedBase is a small tree from bench/gentree: the shapes of a real
// estate (maps, regex locations, upstreams and balancers, snippets,
// symlinked sites, Debian's mods-enabled and envvars) that the
// hand-written bases lack.
func generatedBase(t *testing.T, d differential) tree {
	t.Helper()
	dir := t.TempDir()
	g, err := gentree.Generate(dir, gentree.Options{Kind: string(d.kind), Lines: 300, Seed: 5, SitesPerFile: 2})
	if err != nil {
		t.Fatal(err)
	}
	tr := tree{}
	err = filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if e.Type()&fs.ModeSymlink != 0 {
			target, err := os.Readlink(p)
			tr[rel] = linkPrefix + target
			return err
		}
		data, err := os.ReadFile(p)
		tr[rel] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// the entry under the name the comparison runs, and for nginx without
	// its pid (the test gives nginx one of its own with -g)
	main := filepath.Base(g.Entry)
	content := tr[main]
	delete(tr, main)
	if d.kind == lint.Nginx {
		content = strings.Replace(content, "pid logs/nginx.pid;", "# pid: set by the test", 1)
	}
	tr[d.entry] = content
	return tr
}

func runDifferential(t *testing.T, d differential) {
	bin := serverOrSkip(t, d.server)

	bases := map[string]tree{"generated": generatedBase(t, d)}
	for name, base := range d.bases {
		bases[name] = base
	}
	// The bases themselves must be valid, or every comparison is moot.
	for name, base := range bases {
		dir := t.TempDir()
		base.write(t, dir)
		if v := d.run(t, bin, dir); !v.OK {
			t.Fatalf("%s rejects base %q (fix the test): %s", d.server, name, v.Out)
		}
	}
	adapterOrSkip(t, d.kind)

	type outcome struct {
		v       variant
		verdict verdict
		errs    []lint.LoadError
		problem string
		class   string
	}
	vs := append(edgeCases(d), variants(1, variantsPerKind, bases, d.dialect)...)
	results := make([]outcome, len(vs))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				v := vs[i]
				dir := t.TempDir()
				if err := v.files.writeErr(dir); err != nil {
					t.Error(err)
					continue
				}
				verdict := d.run(t, bin, dir)
				res := load(filepath.Join(dir, d.entry), d.kind, input.Limits{})
				o := outcome{v: v, verdict: verdict, errs: res.Errors}
				switch {
				case verdict.OK:
					o.class = "accepted"
					if len(res.Errors) > 0 {
						o.problem = fmt.Sprintf("%s accepts it but edgelint reports load errors:%s", d.server, errorsText(res.Errors))
					}
				case d.syntax(verdict.Msg):
					o.class = "rejected: syntax or include"
					if !agrees(res.Errors, verdict) {
						where := "a load error"
						if verdict.File != "" {
							where = fmt.Sprintf("a load error at %s:%d", verdict.File, verdict.Line)
						}
						o.problem = fmt.Sprintf("%s rejects it (%s at %s:%d); edgelint must report %s, got:%s",
							d.server, verdict.Msg, verdict.File, verdict.Line, where, errorsText(res.Errors))
					}
				default:
					// A directive's meaning (arguments, context, unknown
					// names) is the rules' business, not the loader's.
					o.class = "rejected: other"
				}
				results[i] = o
			}
		}()
	}
	for i := range vs {
		next <- i
	}
	close(next)
	wg.Wait()

	classes := map[string]int{}
	byMutation := map[string]int{}
	failed := 0
	for _, o := range results {
		classes[o.class]++
		if o.problem == "" {
			continue
		}
		failed++
		byMutation[o.v.mutation]++
		if failed <= 12 {
			t.Errorf("variant of %q, %s: %s\n  %s\n  %s\n%s", o.v.base, o.v.file, o.v.desc, o.problem,
				strings.TrimSpace(o.verdict.Out), numbered(o.v.files[o.v.file]))
		}
	}
	t.Logf("%d variants: %s", len(results), summary(classes))
	if failed > 0 {
		t.Errorf("edgelint disagrees with %s on %d of %d variants (by mutation: %s)", d.server, failed, len(results), summary(byMutation))
	}
}

// agrees reports whether edgelint's errors include the server's: at the
// same file and line when the server names one.
func agrees(errs []lint.LoadError, v verdict) bool {
	for _, e := range errs {
		if v.File == "" || samePlace(e.Pos, v.File, v.Line) {
			return true
		}
	}
	return false
}

func summary(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}
