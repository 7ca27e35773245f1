package rules_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/realserver"
	"github.com/edgelint/edgelint/internal/testsupport/ruletest"
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/rules"
	"github.com/edgelint/edgelint/sources"
	"github.com/edgelint/edgelint/sources/input"
)

// examplesRoot is the repository's examples/ directory.
var examplesRoot = filepath.Join("..", "examples")

// nginxExampleDirs maps each examples/nginx/<dir> to the category of the
// rules it shows.
var nginxExampleDirs = map[string]lint.Category{
	"reach": lint.CategoryReachability, "retry": lint.CategoryRetry, "timeouts": lint.CategoryTimeout,
	"hosthdr": lint.CategoryHostHeader, "health": lint.CategoryHealthCheck, "buffers": lint.CategoryBuffer,
	"keepalive": lint.CategoryKeepalive, "tls": lint.CategoryTLS,
}

// wholeTreeExamples are realistic trees whose broken/ gives exactly these
// findings (rule place, the place a file:line under broken/ or a
// resource) at warning level or above from the whole registry.
var wholeTreeExamples = map[string][]string{
	"apache/tls-backend": {
		"EL7101 sites-enabled/shop.conf:7",
		"EL2101 sites-enabled/shop.conf:18",
		"EL7102 sites-enabled/shop.conf:21",
	},
	"apache/balancer": {
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
	"apache/production": {
		"EL3101 sites-enabled/www.conf:4",
		"EL3101 sites-enabled/www.conf:5",
		"EL3101 sites-enabled/www.conf:6",
		"EL2101 sites-enabled/www.conf:29",
	},
	"apache/rhel-hcheck": {
		"EL3102 conf.d/app.conf:2",
		"EL3102 conf.d/app.conf:3",
	},
	// The proxy and PHP-FPM on one Debian host (/etc/nginx or
	// /etc/apache2 beside /etc/php/8.2/fpm): a socket name left from the
	// previous PHP version, a pool socket only root may open, a pool
	// that admits only its old application server's address; and a
	// MariaDB sized for one pool when there are two (nginx); a reports
	// pool that kills requests ProxyTimeout still waits for (Apache).
	"fpm/nginx": {
		"EL1601 etc/nginx/nginx.conf:29",
		"EL1602 etc/nginx/nginx.conf:37",
		"EL1610 etc/mysql/mariadb.conf.d/50-server.cnf:9",
	},
	"fpm/apache": {
		"EL1601 etc/apache2/sites-enabled/shop.conf:11",
		"EL4601 etc/apache2/sites-enabled/shop.conf:15",
		"EL1603 etc/apache2/sites-enabled/shop.conf:18",
	},
	// Two zones (a snapshot) and their origin: what the live audit of the
	// same zones reports too (sources/cloudflare TestAuditReportsEveryProblem).
	"cloudflare": {
		"EL1201 cloudflare:zone/example.com/dns_records/app.example.com",
		"EL1202 cloudflare:zone/example.com/dns_records/api.example.com",
		"EL1202 cloudflare:zone/example.com/dns_records/old.example.com",
		"EL1206 cloudflare:zone/example.com/pools/primary/origins/app-4",
		"EL1207 cloudflare:zone/example.com/rulesets/http_request_origin/billing",
		"EL1301 cloudflare:zone/example.com/pagerules/4e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b",
		"EL1301 cloudflare:zone/example.com/rulesets/http_config_settings/legacy-flexible",
		"EL1302 origin/nginx.conf:11",
		"EL2301 cloudflare:zone/example.com/pagerules/5f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c",
		"EL2301 cloudflare:zone/example.com/pools/primary/origins/app-2",
		"EL2301 cloudflare:zone/example.com/rulesets/http_request_origin/internal-host",
		"EL2302 cloudflare:zone/example.com/dns_records/shop.example.com",
		"EL3201 cloudflare:zone/example.com/pools/primary",
		"EL3202 cloudflare:zone/example.com/pools/drained",
		"EL3203 cloudflare:zone/example.com/monitors/f1aba936b94213e5b8dca0c0dbf1f9cc",
		"EL4301 origin/nginx.conf:18",
		"EL4301 origin/nginx.conf:22",
		"EL5301 origin/nginx.conf:4",
		"EL7201 cloudflare:zone/example.net/settings/ssl",
		"EL7203 cloudflare:zone/example.org/dns_records/example.org",
	},
	// A Terraform zone without Authenticated Origin Pulls in front of an
	// nginx that demands the origin-pull client certificate. Terraform
	// only: the live audit and snapshots do not read zone-level and
	// per-hostname AOP, so there the rule holds back.
	"cloudflare-aop": {
		"EL7302 origin/nginx.conf:11",
	},
	// cloudflared beside nginx on one host: idle connections kept longer
	// than nginx keeps them, a Host header no server serves, an https
	// origin verified against its IP, a rule below the catch-all
	// (cloudflared refuses to start); the tunnel's port nginx does not
	// listen on is EL1205, info, so not listed.
	"cloudflared": {
		"EL5302 config.yml:11",
		"EL2303 config.yml:13",
		"EL7202 config.yml:15",
		"EL1204 config.yml:17",
	},
	// The same zones as Terraform (provider v5), their origin beside:
	// the same findings, at the resources' lines (TestTerraformTwin holds
	// the two to each other).
	"terraform": {
		"EL2302 main.tf:68",
		"EL1201 main.tf:77",
		"EL1202 main.tf:86",
		"EL1202 main.tf:95",
		"EL3203 main.tf:123",
		"EL3201 main.tf:132",
		"EL2301 main.tf:137",
		"EL1206 main.tf:138",
		"EL3202 main.tf:142",
		"EL2301 main.tf:173",
		"EL1207 main.tf:178",
		"EL1301 main.tf:191",
		"EL7203 main.tf:226",
		"EL7201 main.tf:271",
		"EL1301 main.tf:292",
		"EL2301 main.tf:301",
		"EL5301 origin/nginx.conf:4",
		"EL1302 origin/nginx.conf:11",
		"EL4301 origin/nginx.conf:18",
		"EL4301 origin/nginx.conf:22",
	},
	// A root that builds two zones through a local module (for_each): the
	// call's values reach the child's resources, whose lines the
	// findings name; the module is read only through the call. Both
	// instances break at one line, each finding with its instance.
	"terraform/modules": {
		`EL1301 modules/site/main.tf:23 module.site["example.com"]`,
		`EL1301 modules/site/main.tf:23 module.site["example.net"]`,
		`EL1201 modules/site/main.tf:29 module.site["example.net"]`,
	},
}

// cleanTrees are examples with no broken twin: production-style trees.
var cleanTrees = []string{"nginx/production"}

// TestExamples holds every example under examples/ to what it claims.
//
//   - examples/nginx/<dir>/<rule-name>/ shows one nginx rule of the
//     category <dir> names: broken/ gives that rule's finding; every nginx
//     rule (ruletest.NginxRules) has such a directory. A tree may hold a
//     .edgelint.yaml stating the target nginx version, as a user's would.
//   - the whole-tree examples (examples/apache/<case>, examples/cloudflare)
//     give exactly their listed findings from the whole registry.
//   - every fixed/ twin, and every production-style tree, is clean: it
//     loads without error, as whole trees, and the whole registry reports
//     nothing at all, whatever the severity: a linter that complains about
//     a good configuration gets ripped out of CI.
func TestExamples(t *testing.T) {
	reg, err := rules.Registry()
	if err != nil {
		t.Fatal(err)
	}
	all := reg.Rules()
	nginxRules := ruletest.NginxRules(all)

	covered := map[string]bool{}
	dirs, err := os.ReadDir(filepath.Join(examplesRoot, "nginx"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if !d.IsDir() || slices.Contains(cleanTrees, "nginx/"+d.Name()) {
			continue
		}
		category, ok := nginxExampleDirs[d.Name()]
		if !ok {
			t.Errorf("examples/nginx/%s: not a category directory (add it to nginxExampleDirs)", d.Name())
			continue
		}
		cases, err := os.ReadDir(filepath.Join(examplesRoot, "nginx", d.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			name := "nginx/" + d.Name() + "/" + c.Name()
			dir := filepath.Join(examplesRoot, "nginx", d.Name(), c.Name())
			t.Run(name, func(t *testing.T) {
				rule, ok := reg.Lookup(c.Name())
				if !ok || !slices.Contains(nginxRules, rule) {
					t.Fatalf("no nginx rule named %s", c.Name())
				}
				if rule.Category != category {
					t.Errorf("%s %s is a %s rule, shown under examples/nginx/%s", rule.ID, rule.Name, rule.Category, d.Name())
				}
				covered[rule.Name] = true
				found, errs := ruletest.Check(rule, []string{filepath.Join(dir, "broken")}, ruletest.Options{})
				for _, e := range errs {
					t.Errorf("broken: load error: %v", e)
				}
				if len(found) == 0 {
					t.Errorf("broken: no %s finding", rule.ID)
				}
				expectClean(t, all, filepath.Join(dir, "fixed"))
			})
		}
	}
	for _, r := range nginxRules {
		if !covered[r.Name] {
			t.Errorf("%s %s has no example under examples/nginx/<category>/%s", r.ID, r.Name, r.Name)
		}
	}

	for name, want := range wholeTreeExamples {
		dir := filepath.Join(examplesRoot, filepath.FromSlash(name))
		t.Run(name, func(t *testing.T) {
			broken := filepath.Join(dir, "broken")
			found, errs := ruletest.CheckAll(all, []string{broken}, ruletest.Options{})
			for _, e := range errs {
				t.Errorf("broken: load error: %v", e)
			}
			var got []string
			for _, f := range found {
				if f.Severity >= lint.Warning {
					got = append(got, f.RuleID+" "+place(t, broken, f.Pos))
				}
			}
			sort.Strings(got)
			exp := slices.Clone(want)
			sort.Strings(exp)
			if strings.Join(got, "\n") != strings.Join(exp, "\n") {
				t.Errorf("broken: findings\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(exp, "\n"))
			}
			expectClean(t, all, filepath.Join(dir, "fixed"))
		})
	}
	for _, name := range cleanTrees {
		t.Run(name, func(t *testing.T) {
			expectClean(t, all, filepath.Join(examplesRoot, filepath.FromSlash(name)))
		})
	}

	// examples/chain breaks every link of one route (README, routes).
	t.Run("chain", func(t *testing.T) {
		found, errs := ruletest.CheckAll(all, []string{filepath.Join(examplesRoot, "chain")}, ruletest.Options{})
		for _, e := range errs {
			t.Errorf("load error: %v", e)
		}
		var got []string
		for _, f := range found {
			if f.Severity >= lint.Warning {
				got = append(got, f.RuleID)
			}
		}
		sort.Strings(got)
		if want := "EL1610 EL4301 EL4601"; strings.Join(got, " ") != want {
			t.Errorf("findings %v, want %s (CDN, proxy/backend and database each broken)", got, want)
		}
	})

	// Every example directory is one of the above.
	for _, source := range []string{"apache", "cloudflare", "cloudflared", "fpm", "terraform"} {
		entries, err := os.ReadDir(filepath.Join(examplesRoot, source))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			name := source + "/" + e.Name()
			if source == "cloudflare" || source == "cloudflared" || source == "terraform" {
				name = source
			}
			if _, ok := wholeTreeExamples[name]; !ok && !slices.Contains(cleanTrees, name) {
				t.Errorf("examples/%s/%s: no expectation (add it to wholeTreeExamples or cleanTrees)", source, e.Name())
			}
		}
	}
}

// expectClean fails unless dir loads as whole trees without error and the
// rules report nothing on it.
func expectClean(t *testing.T, rules []*lint.Rule, dir string) {
	t.Helper()
	found, errs := ruletest.CheckAll(rules, []string{dir}, ruletest.Options{})
	for _, e := range errs {
		t.Errorf("%s: load error: %v", filepath.Base(dir), e)
	}
	for _, f := range found {
		t.Errorf("%s: %s %s %s at %s: %s", filepath.Base(dir), f.Severity, f.RuleID, f.Name, f.Pos, f.Message)
	}
	res := sources.Load([]string{dir}, "", input.Options{})
	if len(res.Configs) == 0 {
		t.Errorf("%s: nothing loaded", dir)
	}
	for _, c := range res.Configs {
		if c.Fragment {
			t.Errorf("%s loaded as a fragment: an example must be a whole tree", c.Root)
		}
	}
}

// place is a finding's file:line relative to the tree (with its Terraform
// module instance), or its resource.
func place(t *testing.T, tree string, p lint.Position) string {
	t.Helper()
	if p.File() == "" {
		return p.Resource()
	}
	abs, err := filepath.Abs(p.File())
	if err != nil {
		t.Fatal(err)
	}
	root, err := filepath.Abs(tree)
	if err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil {
		t.Fatal(err)
	}
	if p.Module() != "" {
		return fmt.Sprintf("%s:%d %s", filepath.ToSlash(rel), p.Line, p.Module())
	}
	return fmt.Sprintf("%s:%d", filepath.ToSlash(rel), p.Line)
}

// syntaxErrors are the broken Apache examples apache2 -t rejects, with
// what it says; it accepts every other example, broken or fixed: those
// failures only show at run time, which is why a linter is needed.
var syntaxErrors = map[string]string{
	"rhel-hcheck/broken": "BalancerMember unknown Worker parameter",
}

// apache2 -t agrees with the Apache examples: fixed ones load, broken ones
// load too unless syntaxErrors says otherwise. A real-server test (see
// internal/testsupport/realserver for when it runs).
func TestApacheExamplesPassSyntaxCheck(t *testing.T) {
	bin := realserver.Apache2(t)
	root := filepath.Join(examplesRoot, "apache")
	cases, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		for _, variant := range []string{"broken", "fixed"} {
			name := c.Name() + "/" + variant
			t.Run(name, func(t *testing.T) {
				tmp := t.TempDir()
				if err := os.CopyFS(tmp, os.DirFS(filepath.Join(root, c.Name(), variant))); err != nil {
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
					if err := os.Symlink(realserver.ApacheModules, filepath.Join(tmp, "modules")); err != nil {
						t.Fatal(err)
					}
					if err := os.Mkdir(filepath.Join(tmp, "logs"), 0o755); err != nil {
						t.Fatal(err)
					}
				}
				cmd := exec.Command(bin, "-t", "-d", tmp, "-f", main)
				cmd.Env = realserver.ApacheEnv(tmp)
				out, err := cmd.CombinedOutput()
				if want, ok := syntaxErrors[name]; ok {
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
