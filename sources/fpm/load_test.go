package fpm

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

type loaded struct {
	cfg     *lint.Config
	errs    []string
	notices []string
}

func load(t *testing.T, dir, entry string, opts input.Options) loaded {
	t.Helper()
	var out loaded
	opts.Root = dir
	opts.Notify = func(n lint.Notice) { out.notices = append(out.notices, strings.TrimPrefix(n.String(), dir+"/")) }
	cfgs, errs := Load(filepath.Join(dir, entry), opts)
	for _, e := range errs {
		out.errs = append(out.errs, strings.TrimPrefix(e.Error(), dir+"/"))
	}
	if len(cfgs) == 1 {
		out.cfg = cfgs[0]
	}
	return out
}

func pools(c *lint.Config, want string) string {
	var out []string
	for _, b := range c.Backends {
		s := b.Name + "="
		for _, l := range b.Listen {
			s += l.Raw
		}
		out = append(out, s)
	}
	if strings.Contains(want, " children") {
		out = append(out, "children")
		for _, b := range c.Backends {
			out = append(out, strconv.Itoa(b.Workers.Value))
		}
	}
	return strings.Join(out, " ")
}

// Includes resolve as php-fpm resolves them, against the repository's copy
// of the server's tree; what the repository does not hold is a notice and
// leaves the configuration incomplete, never a guess.
func TestIncludes(t *testing.T) {
	for _, c := range []struct {
		name    string
		files   map[string]string
		entry   string
		opts    input.Options
		pools   string
		errs    []string
		notices []string
		unread  bool
	}{{
		name: "absolute, the repository's rootfs copy",
		files: map[string]string{
			"rootfs/etc/php/8.2/fpm/php-fpm.conf":     "[global]\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n",
			"rootfs/etc/php/8.2/fpm/pool.d/a.conf":    "[a]\nlisten = /run/a.sock\npm = static\npm.max_children = 1\n",
			"rootfs/etc/php/8.2/fpm/pool.d/b.conf":    "[b]\nlisten = 9001\npm = static\npm.max_children = 1\n",
			"rootfs/etc/php/8.2/fpm/pool.d/.hidden":   "[hidden]\nlisten = 9009\n",
			"rootfs/etc/php/8.2/fpm/pool.d/x.conf.d/": "",
		},
		entry: "rootfs/etc/php/8.2/fpm/php-fpm.conf",
		pools: "a=/run/a.sock b=9001",
	}, {
		name: "absolute, a different prefix with the same tail",
		files: map[string]string{
			"alpine/etc/php/fpm/php-fpm.conf":            "[global]\ninclude=/opt/docker/etc/php/fpm/pool.d/*.conf\n",
			"alpine/etc/php/fpm/pool.d/application.conf": "[www]\nlisten = 127.0.0.1:9000\npm = static\npm.max_children = 1\n",
		},
		entry: "alpine/etc/php/fpm/php-fpm.conf",
		pools: "www=127.0.0.1:9000",
	}, {
		name: "relative to php-fpm's prefix (the Docker image)",
		files: map[string]string{
			"usr/local/etc/php-fpm.conf":             "[global]\ninclude=etc/php-fpm.d/*.conf\n",
			"usr/local/etc/php-fpm.d/www.conf":       "[www]\nlisten = 127.0.0.1:9000\npm = static\npm.max_children = 1\n",
			"usr/local/etc/php-fpm.d/zz-docker.conf": "[global]\ndaemonize = no\n[www]\nlisten = 9000\n",
		},
		entry: "usr/local/etc/php-fpm.conf",
		pools: "www=9000",
	}, {
		name: "mapped",
		files: map[string]string{
			"deploy/php-fpm.conf":   "[global]\ninclude=/etc/php-fpm.d/*.conf\n",
			"deploy/pools/www.conf": "[www]\nlisten = /run/php-fpm/www.sock\npm = static\npm.max_children = 1\n",
		},
		entry: "deploy/php-fpm.conf",
		opts:  input.Options{Mappings: []input.Mapping{{From: "/etc/php-fpm.d", To: "MAPPED/deploy/pools"}}},
		pools: "www=/run/php-fpm/www.sock",
	}, {
		name: "mapped directory missing: php-fpm cannot glob it",
		files: map[string]string{
			"deploy/php-fpm.conf": "[global]\ninclude=/etc/php-fpm.d/*.conf\n",
		},
		entry: "deploy/php-fpm.conf",
		opts:  input.Options{Mappings: []input.Mapping{{From: "/etc/php-fpm.d", To: "MAPPED/deploy/nothing"}}},
		errs:  []string{"deploy/php-fpm.conf:2:1: Unable to globalize '/etc/php-fpm.d/*.conf' (ret=2): no directory "},
	}, {
		name: "outside the repository",
		files: map[string]string{
			"php-fpm.conf": "[global]\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n[local]\nlisten = 9000\n",
		},
		entry:   "php-fpm.conf",
		pools:   "local=9000",
		notices: []string{`php-fpm.conf:2:1: not linted: include "/etc/php/8.2/fpm/pool.d/*.conf" is outside the repository; its settings are unknown (--strict-includes makes this an error)`},
		unread:  true,
	}, {
		name: "outside the repository, strict",
		files: map[string]string{
			"php-fpm.conf": "[global]\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n",
		},
		entry: "php-fpm.conf",
		opts:  input.Options{StrictIncludes: true},
		errs:  []string{"php-fpm.conf:2:1: Unable to globalize '/etc/php/8.2/fpm/pool.d/*.conf' (ret=2): not in the repository"},
	}, {
		name: "an environment variable",
		files: map[string]string{
			"php-fpm.conf": "[global]\ninclude=${SNAP}/php-fpm.d/*.conf\n",
		},
		entry:   "php-fpm.conf",
		notices: []string{`php-fpm.conf:2:1: not linted: include "${SNAP}/php-fpm.d/*.conf" names an environment variable php-fpm expands when it starts; its settings are unknown`},
		unread:  true,
	}, {
		name: "the pool goes on into the included file and out of it",
		files: map[string]string{
			// pm.max_children = 3 is [other]'s: the pool current after the include
			"php-fpm.conf": "[www]\npm = static\npm.max_children = 1\ninclude=common.conf\npm.max_children = 3\n",
			"common.conf":  "listen = /run/www.sock\n[other]\nlisten = 9000\npm = static\n",
		},
		entry: "php-fpm.conf",
		pools: "www=/run/www.sock other=9000 children 1 3",
	}, {
		name: "a template included",
		files: map[string]string{
			"php-fpm.conf":       "[global]\ninclude=pool.d/*\n",
			"pool.d/www.conf":    "[www]\nlisten = 9000\npm = static\npm.max_children = 2\n",
			"pool.d/app.conf.j2": "[{{ app }}]\nlisten = {{ socket }}\n",
		},
		entry:   "php-fpm.conf",
		pools:   "www=9000",
		notices: []string{"pool.d/app.conf.j2:1:2: not linted: a Jinja template ({{ … }} at 1:2), included at " + "DIR/php-fpm.conf:2:1; lint the rendered file"},
		unread:  true,
	}, {
		name: "nested deeper than php-fpm allows",
		files: map[string]string{
			"php-fpm.conf": "include=1.conf\n",
			"1.conf":       "include=2.conf\n",
			"2.conf":       "include=3.conf\n",
			"3.conf":       "include=4.conf\n",
			"4.conf":       "include=5.conf\n",
			"5.conf":       "[deep]\nlisten = 9000\n",
		},
		entry: "php-fpm.conf",
		errs:  []string{"4.conf:1:1: failed to include more than 5 files recursively (including 5.conf)"},
	}, {
		name: "an include cycle ends at the same limit",
		files: map[string]string{
			"php-fpm.conf": "[www]\nlisten = 9000\ninclude=php-fpm.conf\n",
		},
		entry: "php-fpm.conf",
		errs:  []string{"php-fpm.conf:3:1: failed to include more than 5 files recursively (including php-fpm.conf)"},
	}} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, c.files)
			for i, m := range c.opts.Mappings {
				c.opts.Mappings[i].To = strings.Replace(m.To, "MAPPED", dir, 1)
			}
			chdir(t, dir)
			got := load(t, dir, c.entry, c.opts)
			for i, n := range c.notices {
				c.notices[i] = strings.ReplaceAll(n, "DIR/", "")
			}
			if strings.Join(got.errs, "\n") != strings.Join(c.errs, "\n") && !(len(c.errs) == 1 && len(got.errs) == 1 && strings.HasPrefix(got.errs[0], c.errs[0])) {
				t.Errorf("errors:\n%s\nwant\n%s", strings.Join(got.errs, "\n"), strings.Join(c.errs, "\n"))
			}
			if strings.Join(got.notices, "\n") != strings.Join(c.notices, "\n") {
				t.Errorf("notices:\n%s\nwant\n%s", strings.Join(got.notices, "\n"), strings.Join(c.notices, "\n"))
			}
			if got.cfg == nil {
				t.Fatal("no config")
			}
			if c.pools != "" && pools(got.cfg, c.pools) != c.pools {
				t.Errorf("pools %q, want %q", pools(got.cfg, c.pools), c.pools)
			}
			if got.cfg.Incomplete() != c.unread {
				t.Errorf("incomplete %v (unread %v), want %v", got.cfg.Incomplete(), got.cfg.Unread, c.unread)
			}
		})
	}
}

func chdir(t *testing.T, dir string) {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chdir(wd) })
}

// A pool file on its own is a fragment: php-fpm's checks of the whole
// configuration (a pool needs listen, pm, pm.max_children) wait for the
// file that includes it, which may set them (the Docker image's
// zz-docker.conf sets listen).
func TestFragmentIsNotCheckedWhole(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"www.conf": "[www]\nuser = www-data\npm = dynamic\n"})
	chdir(t, dir)
	got := load(t, dir, "www.conf", input.Options{})
	if len(got.errs) != 0 || !got.cfg.Fragment {
		t.Errorf("errors %v, fragment %v", got.errs, got.cfg.Fragment)
	}
}

// Comments are the model's, so `; edgelint:ignore` works in a pool file.
func TestComments(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"www.conf": "; edgelint:ignore EL1601 reason\n[www]\nlisten = 9000 ; trailing\n"})
	chdir(t, dir)
	got := load(t, dir, "www.conf", input.Options{})
	cs := got.cfg.Comments
	if len(cs) != 2 || cs[0].Text != "edgelint:ignore EL1601 reason" || cs[0].Scope.Line != 2 || !cs[0].BeforeFirstDirective ||
		cs[1].Text != "trailing" || !cs[1].Trailing || cs[1].Scope.Line != 3 {
		t.Errorf("comments %+v", cs)
	}
}
