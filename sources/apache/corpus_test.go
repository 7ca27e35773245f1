package apache

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

// corpusDir finds ../shared/corpus/apache beside the repository root.
func corpusDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for !exists(filepath.Join(dir, "go.mod")) {
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("repository root (go.mod) not found")
		}
		dir = parent
	}
	c := filepath.Join(filepath.Dir(dir), "shared", "corpus", "apache")
	if !isDir(c) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("corpus %s is missing (CI must have ../shared beside the repository)", c)
		}
		t.Skipf("corpus %s is absent; skipping (CI=true makes this a failure)", c)
	}
	return c
}

const (
	compat  = "certbot__certbot/certbot-compatibility-test/src/certbot_compatibility_test/testdata/apache/"
	plugin  = "certbot__certbot/certbot/src/certbot/_internal/tests/plugins/apache/testdata/"
	snippet = "certbot__certbot/certbot/src/certbot/_internal/tests/plugins/apache/apache-conf-files/"
)

// corpusCase is what ../shared/corpus/MANIFEST.md says about an entry point (checked with
// apache2 -t) and what loading it must give.
type corpusCase struct {
	path     string
	fragment bool
	// err is a substring every... of one load error, with the file:line
	// it must be reported at ("" = must load cleanly).
	err, errAt string
	// notice is a substring of one notice (a template left out), at the
	// file:line:col in noticeAt.
	notice, noticeAt string
	sites            int // minimum number of sites
}

var corpusCases = []corpusCase{
	// apache2 -t: Syntax OK (the corpus MANIFEST.md, "Main entry points").
	{path: compat + "simple_vhost/apache2/apache2.conf", sites: 2},
	{path: compat + "two_vhost_80/apache2/apache2.conf", sites: 2},
	{path: compat + "vhost_with_tls/apache2/apache2.conf", sites: 3},
	// apache2 -t fails only for environmental reasons (missing .so files,
	// trimmed fixtures, absolute ServerRoot): the files themselves parse.
	{path: plugin + "debian_apache_2_4/multiple_vhosts/apache2/apache2.conf", sites: 5},
	{path: plugin + "debian_apache_2_4/augeas_vhosts/apache2/apache2.conf", sites: 1},
	{path: plugin + "debian_apache_2_4/default_vhost/apache2/apache2.conf", sites: 1},
	{path: plugin + "debian_apache_2_4/multi_vhosts/apache2/apache2.conf", sites: 1},
	{path: plugin + "complex_parsing/apache2.conf"},
	{path: plugin + "centos7_apache/apache/httpd/conf/httpd.conf", sites: 1},
	{path: plugin + "gentoo_apache/apache/apache2/httpd.conf", sites: 1},
	{path: "h5bp__server-configs-apache/httpd.conf", sites: 1},
	{path: "h5bp__server-configs-apache/dist/.htaccess", fragment: true},
	// Deliberately invalid: an unclosed <VirtualHost>.
	{path: plugin + "debian_apache_2_4/multiple_vhosts/apache2/conf-available/bad_conf_file.conf", fragment: true,
		err: "<VirtualHost> was not closed.", errAt: "bad_conf_file.conf:1"},
	{path: plugin + "debian_apache_2_4/augeas_vhosts/apache2/conf-available/bad_conf_file.conf", fragment: true,
		err: "<VirtualHost> was not closed.", errAt: "bad_conf_file.conf:1"},
	// Templates: left out with a notice at their first placeholder.
	{path: "apache__httpd/docs/conf/httpd.conf.in", fragment: true, notice: "not linted: a template with @VAR@ placeholders (@@ServerRoot@@", noticeAt: "httpd.conf.in:31"},
	{path: "apache__httpd/docs/conf/extra/httpd-ssl.conf.in", fragment: true, notice: "not linted: a template with @VAR@ placeholders (@@SSLPort@@", noticeAt: "httpd-ssl.conf.in:36"},
	{path: "apache__httpd/docs/conf/extra/httpd-vhosts.conf.in", fragment: true, notice: "not linted: a template with @VAR@ placeholders (@@Port@@", noticeAt: "httpd-vhosts.conf.in:23:16"},
	{path: "apache__httpd/docs/conf/extra/httpd-default.conf.in", fragment: true},
	{path: "apache__httpd/docs/conf/extra/proxy-html.conf.in", fragment: true},
}

// The certbot snippets apache2 -t accepts (the corpus MANIFEST.md),
// loaded as fragments.
var passingSnippets = []string{
	"comment-continuations-2050", "drupal-errordocument-arg-1724", "drupal-htaccess-1531",
	"escaped-space-arguments-2735", "example-1755", "example-ssl", "example", "ipv6-1143",
	"ipv6-1143b", "ipv6-1143c", "ipv6-1143d", "missing-quote-1724", "modmacro-1385",
	"owncloud-1264", "rewrite-quote-1960", "roundcube-1222", "section-continuations-2525",
	"section-empty-continuations-2731", "semacode-1598", "two-blocks-one-line-1693", "anarcat-1531",
}

func TestCorpusEntryPoints(t *testing.T) {
	dir := corpusDir(t)
	cases := append([]corpusCase(nil), corpusCases...)
	for _, s := range passingSnippets {
		cases = append(cases, corpusCase{path: snippet + "passing/" + s + ".conf", fragment: true})
	}
	cases = append(cases, corpusCase{path: snippet + "failing/missing-double-quote-1724.conf", fragment: true, sites: 1})
	for _, c := range cases {
		t.Run(strings.TrimPrefix(c.path, "certbot__certbot/"), func(t *testing.T) {
			p := filepath.Join(dir, c.path)
			var notices []lint.Notice
			cfgs, errs := Load(p, input.Options{Notify: func(n lint.Notice) { notices = append(notices, n) }})
			cfg := cfgs[0]
			if c.notice != "" {
				found := false
				for _, n := range notices {
					found = found || strings.Contains(n.Message, c.notice) && strings.Contains(n.Pos.String(), c.noticeAt)
				}
				if !found {
					t.Errorf("want a notice %q at %s, got %v", c.notice, c.noticeAt, notices)
				}
			}
			if cfg.Fragment != c.fragment {
				t.Errorf("Fragment = %v, want %v", cfg.Fragment, c.fragment)
			}
			if len(cfg.Sites) < c.sites {
				t.Errorf("%d sites, want at least %d", len(cfg.Sites), c.sites)
			}
			if c.err == "" {
				for _, e := range errs {
					t.Errorf("unexpected load error: %v", e)
				}
				return
			}
			found := false
			for _, e := range errs {
				if strings.Contains(e.Message, c.err) && strings.Contains(e.Pos.String(), c.errAt) && e.Pos.Line > 0 {
					found = true
				}
			}
			if !found {
				t.Errorf("want an error %q at %s, got %v", c.err, c.errAt, errs)
			}
		})
	}
}

// Every file of the corpus, whatever it is, loads without a panic.
func TestCorpusEveryFileLoads(t *testing.T) {
	dir := corpusDir(t)
	n := 0
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		n++
		func() {
			defer func() {
				if v := recover(); v != nil {
					t.Errorf("%s: panic: %v", p, v)
				}
			}()
			Load(p, input.Options{})
		}()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 500 {
		t.Errorf("walked only %d files; is the corpus complete?", n)
	}
}
