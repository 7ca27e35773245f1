package rules_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules"
	"github.com/edgelint/edgelint/sources"
	"github.com/edgelint/edgelint/sources/input"
)

// exampleCases are examples/apache/<case>/{broken,fixed}: realistic trees.
// broken must give exactly these findings (rule file:line) from the whole
// registry at warning level or above; fixed must give none.
var exampleCases = map[string][]string{
	"tls-backend": {
		"EL7101 sites-enabled/shop.conf:7",
		"EL2101 sites-enabled/shop.conf:18",
		"EL7102 sites-enabled/shop.conf:21",
	},
	"balancer": {
		"EL1102 sites-enabled/app.conf:4",
		"EL1101 sites-enabled/app.conf:10",
		"EL3101 sites-enabled/app.conf:2",
		"EL3101 sites-enabled/app.conf:3",
		"EL3101 sites-enabled/app.conf:4",
	},
	// A production-style tree: explicit timeouts, active health checks,
	// ProxyPreserveHost where the backend wants it, SSLProxyEngine with
	// verification, PHP-FPM; broken drops hcmethod= and keeps Host for an
	// https backend.
	"production": {
		"EL3101 sites-enabled/www.conf:4",
		"EL3101 sites-enabled/www.conf:5",
		"EL3101 sites-enabled/www.conf:6",
		"EL2101 sites-enabled/www.conf:29",
	},
	"rhel-hcheck": {
		"EL3102 conf.d/app.conf:2",
		"EL3102 conf.d/app.conf:3",
	},
}

func examplesDir(t *testing.T) string {
	dir, err := filepath.Abs(filepath.Join("..", "examples", "apache"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func runAll(t *testing.T, dir string) ([]lint.Finding, []lint.LoadError) {
	t.Helper()
	reg, err := rules.Registry()
	if err != nil {
		t.Fatal(err)
	}
	res := sources.Load([]string{dir}, "", input.Options{})
	r := &lint.Runner{Rules: reg.Rules()}
	findings, errs := r.Run(res.Configs)
	return findings, append(res.Errors, errs...)
}

func TestApacheExamples(t *testing.T) {
	root := examplesDir(t)
	for name, want := range exampleCases {
		t.Run(name, func(t *testing.T) {
			for _, variant := range []string{"broken", "fixed"} {
				dir := filepath.Join(root, name, variant)
				findings, errs := runAll(t, dir)
				for _, e := range errs {
					t.Errorf("%s: load error: %v", variant, e)
				}
				var got []string
				for _, f := range findings {
					if f.Severity < lint.Warning {
						continue
					}
					rel, _ := filepath.Rel(dir, mustAbs(f.Pos.File))
					got = append(got, fmt.Sprintf("%s %s:%d", f.RuleID, filepath.ToSlash(rel), f.Pos.Line))
					if variant == "fixed" {
						t.Errorf("fixed: %s %s: %s", f.RuleID, f.Pos, f.Message)
					}
				}
				if variant == "broken" {
					sort.Strings(got)
					exp := append([]string(nil), want...)
					sort.Strings(exp)
					if strings.Join(got, "\n") != strings.Join(exp, "\n") {
						t.Errorf("broken: findings\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(exp, "\n"))
					}
				}
			}
		})
	}
}

func mustAbs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}

// syntaxErrors are the broken examples apache2 -t rejects, with what it
// says; it accepts every other example, broken or fixed: those failures
// only show at run time, which is why a linter is needed.
var syntaxErrors = map[string]string{
	"rhel-hcheck/broken": "BalancerMember unknown Worker parameter",
}

// apache2 -t agrees with the examples: fixed ones load, broken ones load
// too unless syntaxErrors says otherwise.
func TestApacheExamplesPassSyntaxCheck(t *testing.T) {
	bin, err := exec.LookPath("apache2")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("apache2 is not installed")
		}
		t.Skip("apache2 not installed")
	}
	const modules = "/usr/lib/apache2/modules"
	if _, err := os.Stat(filepath.Join(modules, "mod_proxy_hcheck.so")); err != nil {
		t.Skip("Debian apache2 modules not found")
	}
	root := examplesDir(t)
	for name := range exampleCases {
		for _, variant := range []string{"broken", "fixed"} {
			t.Run(name+"/"+variant, func(t *testing.T) {
				tmp := t.TempDir()
				if err := os.CopyFS(tmp, os.DirFS(filepath.Join(root, name, variant))); err != nil {
					t.Fatal(err)
				}
				main := filepath.Join(tmp, "apache2.conf")
				if _, err := os.Stat(main); err != nil {
					// RHEL layout: point ServerRoot at the copy and give it
					// Debian's modules and a logs directory.
					main = filepath.Join(tmp, "conf", "httpd.conf")
					data, err := os.ReadFile(main)
					if err != nil {
						t.Fatal(err)
					}
					data = []byte(strings.Replace(string(data), `ServerRoot "/etc/httpd"`, `ServerRoot "`+tmp+`"`, 1))
					if err := os.WriteFile(main, data, 0o644); err != nil {
						t.Fatal(err)
					}
					if err := os.Symlink(modules, filepath.Join(tmp, "modules")); err != nil {
						t.Fatal(err)
					}
					if err := os.Mkdir(filepath.Join(tmp, "logs"), 0o755); err != nil {
						t.Fatal(err)
					}
				}
				cmd := exec.Command(bin, "-t", "-d", tmp, "-f", main)
				cmd.Env = append(os.Environ(), "APACHE_RUN_USER=www-data", "APACHE_RUN_GROUP=www-data",
					"APACHE_PID_FILE="+tmp+"/apache2.pid", "APACHE_RUN_DIR="+tmp, "APACHE_LOCK_DIR="+tmp, "APACHE_LOG_DIR="+tmp)
				out, err := cmd.CombinedOutput()
				if want, ok := syntaxErrors[name+"/"+variant]; ok {
					if err == nil || !strings.Contains(string(out), want) {
						t.Errorf("apache2 -t should fail with %q: %v\n%s", want, err, out)
					}
					return
				}
				if err != nil || !strings.Contains(string(out), "Syntax OK") {
					t.Errorf("apache2 -t: %v\n%s", err, out)
				}
			})
		}
	}
}
