package nginx

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

// corpusDir is ../shared/corpus/nginx beside the repository, seen from
// this package's directory.
func corpusDir(t testing.TB) string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "corpus", "nginx"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("corpus %s is missing in CI: %v", dir, err)
		}
		t.Skipf("corpus %s not present (it lives in shared/ beside the repository): %v", dir, err)
	}
	return dir
}

const (
	gx  = "nginxinc__nginx-go-crossplane/testdata/configs/"
	xp  = "nginxinc__crossplane/tests/configs/"
	rt  = "certbot__certbot/certbot-compatibility-test/nginx/nginx-roundtrip-testdata/"
	tar = "certbot__certbot/certbot-compatibility-test/src/certbot_compatibility_test/testdata/nginx/"
	plg = "certbot__certbot/certbot/src/certbot/_internal/tests/plugins/nginx/testdata/etc_nginx/"
)

// corpusAccepted are the entry points the corpus MANIFEST.md
// (../shared/corpus/MANIFEST.md) lists as accepted by `nginx -t`: pass A
// as they are, pass B with their own directory at /etc/nginx (mapped ==
// true) or after adding system users, which does not concern a linter.
var corpusAccepted = []struct {
	path   string
	mapped bool
}{
	// pass A
	{rt + "separateerrorloggingpervirtualhost/nginx.conf", false},
	{"h5bp__server-configs-nginx/nginx.conf", false},
	{xp + "directive-with-space/nginx.conf", false},
	{xp + "includes-globbed/nginx.conf", false},
	{xp + "quoted-right-brace/nginx.conf", false},
	{xp + "russian-text/nginx.conf", false},
	{xp + "simple/nginx.conf", false},
	{xp + "with-comments/nginx.conf", false},
	{gx + "broken1/nginx.conf", false},
	{gx + "directive-with-space/nginx.conf", false},
	{gx + "includes-globbed/nginx.conf", false},
	{gx + "quoted-right-brace/nginx.conf", false},
	{gx + "russian-text/nginx.conf", false},
	{gx + "simple-variable-with-braces/nginx.conf", false},
	{gx + "simple/nginx.conf", false},
	{gx + "testdata/broken1/nginx.conf", false},
	{gx + "testdata/directive-with-space/nginx.conf", false},
	{gx + "testdata/includes-globbed/nginx.conf", false},
	{gx + "testdata/quoted-right-brace/nginx.conf", false},
	{gx + "testdata/russian-text/nginx.conf", false},
	{gx + "testdata/simple/nginx.conf", false},
	{gx + "testdata/with-comments/nginx.conf", false},
	{gx + "with-comments/nginx.conf", false},
	// pass B (MANIFEST also lists great-nginx-config and
	// ubuntu_nginx_1_4_6 here, but in this copy their sites-enabled/default
	// is a plain file holding a symlink target, which nginx -t rejects
	// exactly as we do: see corpusInvalid)
	{xp + "messy/nginx.conf", false},
	{gx + "emptiness/nginx.conf", false},
	{gx + "empty-braces/nginx.conf", false},
	{gx + "messy/nginx.conf", false},
	{gx + "returns/nginx.conf", false},
	{gx + "testdata/messy/nginx.conf", false},
}

// corpusInvalid are the deliberately invalid files: each must give a
// LoadError at file:line (the line nginx -t reports) whose message holds
// the text.
var corpusInvalid = []struct {
	path, file string
	line       int
	text       string
}{
	{gx + "braces/extra-brace.conf", gx + "braces/extra-brace.conf", 11, `unexpected "}"`},
	{gx + "braces/missing-brace.conf", gx + "braces/missing-brace.conf", 23, `unexpected end of file, expecting "}"`},
	{gx + "missing-semicolon-above/nginx.conf", gx + "missing-semicolon-above/nginx.conf", 5, `unexpected "}"`},
	{gx + "missing-semicolon-below/nginx.conf", gx + "missing-semicolon-below/nginx.conf", 8, `unexpected "}"`},
	{gx + "testdata/missing-semicolon-above/nginx.conf", gx + "testdata/missing-semicolon-above/nginx.conf", 5, `unexpected "}"`},
	{gx + "testdata/missing-semicolon-below/nginx.conf", gx + "testdata/missing-semicolon-below/nginx.conf", 8, `unexpected "}"`},
	{gx + "missing-semicolon/broken-above.conf", gx + "missing-semicolon/broken-above.conf", 5, `unexpected "}"`},
	{gx + "missing-semicolon/broken-below.conf", gx + "missing-semicolon/broken-below.conf", 8, `unexpected "}"`},
	{xp + "missing-semicolon/broken-above.conf", xp + "missing-semicolon/broken-above.conf", 5, `unexpected "}"`},
	{xp + "missing-semicolon/broken-below.conf", xp + "missing-semicolon/broken-below.conf", 8, `unexpected "}"`},
	{gx + "premature-eof/nginx.conf", gx + "premature-eof/nginx.conf", 3, `unexpected end of file, expecting ";" or "}"`},
	{gx + "invalid-map/nginx.conf", gx + "invalid-map/nginx.conf", 7, `unexpected "{"`},
	{gx + "quote-behavior/nginx.conf", gx + "quote-behavior/nginx.conf", 1, `unexpected "-"`},
	{xp + "quote-behavior/nginx.conf", xp + "quote-behavior/nginx.conf", 1, `unexpected "-"`},
	{xp + "includes-regular/nginx.conf", xp + "includes-regular/conf.d/server.conf", 5, `bar.conf" failed (2: No such file or directory)`},
	{gx + "includes-regular/nginx.conf", gx + "includes-regular/conf.d/server.conf", 5, `bar.conf" failed (2: No such file or directory)`},
	{gx + "testdata/includes-regular/nginx.conf", gx + "testdata/includes-regular/conf.d/server.conf", 5, `bar.conf" failed (2: No such file or directory)`},
	{gx + "includes-cycle/invalid/nginx.conf", gx + "includes-cycle/invalid/location2.conf", 2, `include cycle`},
	{gx + "includes-cycle/valid/nginx.conf", gx + "includes-cycle/valid/location2.conf", 1, `location "/bar" is outside location "/foo"`},
	{plg + "broken.conf", plg + "broken.conf", 13, `unexpected end of file, expecting ";" or "}"`},
	{gx + "if-expr/empty-parens.conf", gx + "if-expr/empty-parens.conf", 9, `invalid condition ")"`},
	{gx + "if-expr/empty-spaced-parens.conf", gx + "if-expr/empty-spaced-parens.conf", 9, `invalid condition ")"`},
	{gx + "if-expr/missing-closing-paren.conf", gx + "if-expr/missing-closing-paren.conf", 9, `invalid condition "$slow"`},
	{gx + "if-expr/missing-opening-paren.conf", gx + "if-expr/missing-opening-paren.conf", 9, `invalid condition "$slow)"`},
	{gx + "if-expr/no-parens.conf", gx + "if-expr/no-parens.conf", 9, `invalid condition "$slow"`},
	{gx + "if-check/nginx.conf", gx + "if-check/nginx.conf", 29, `invalid condition ")"`},
	// checked with nginx -t and the tree bind-mounted at /etc/nginx
	{tar + "great-nginx-config/stuff/nginx.conf", tar + "great-nginx-config/stuff/sites-enabled/default", 1, `unexpected end of file, expecting ";" or "}"`},
	{plg + "ubuntu_nginx_1_4_6/default_vhost/nginx/nginx.conf", plg + "ubuntu_nginx_1_4_6/default_vhost/nginx/sites-enabled/default", 1, `unexpected end of file, expecting ";" or "}"`},
}

func TestCorpus(t *testing.T) {
	dir := corpusDir(t)
	t.Run("no-panic", func(t *testing.T) {
		n := 0
		err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			n++
			cfgs, _ := Load(p, input.Options{})
			for _, c := range cfgs {
				if c.Root == "" || len(c.Files) == 0 {
					t.Errorf("%s: config without root or files", p)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n < 500 {
			t.Fatalf("walked only %d files", n)
		}
	})
	t.Run("accepted", func(t *testing.T) {
		for _, c := range corpusAccepted {
			entry := filepath.Join(dir, c.path)
			var opts input.Options
			if c.mapped {
				opts.Mappings = []input.Mapping{{From: "/etc/nginx", To: filepath.Dir(entry)}}
			}
			cfgs, errs := Load(entry, opts)
			if len(errs) > 0 || len(cfgs) != 1 {
				t.Errorf("%s: %d configs, errors %v", c.path, len(cfgs), errs)
				continue
			}
			if cfgs[0].Fragment {
				t.Errorf("%s: loaded as a fragment", c.path)
			}
		}
	})
	t.Run("invalid", func(t *testing.T) {
		for _, c := range corpusInvalid {
			_, errs := Load(filepath.Join(dir, c.path), input.Options{})
			if !hasError(errs, filepath.Join(dir, c.file), c.line, c.text) {
				t.Errorf("%s: want an error at %s:%d containing %q, got %v", c.path, c.file, c.line, c.text, errs)
			}
		}
	})
}

func hasError(errs []lint.LoadError, file string, line int, text string) bool {
	for _, e := range errs {
		if e.Pos.File() == input.Display(file) && int(e.Pos.Line) == line && int(e.Pos.Col) > 0 && strings.Contains(e.Message, text) {
			return true
		}
	}
	return false
}

// TestCorpusMappedFallback checks that absolute /etc/nginx includes find
// the repository copy beside the entry without any mapping.
func TestCorpusMappedFallback(t *testing.T) {
	dir := corpusDir(t)
	entry := filepath.Join(dir, tar+"great-nginx-config/stuff/nginx.conf")
	cfgs, errs := Load(entry, input.Options{Mappings: []input.Mapping{{From: "/etc/nginx", To: "/nonexistent"}}})
	// sites-enabled/default is a symlink stub in this copy (see corpusInvalid).
	if len(errs) != 1 || !strings.HasSuffix(errs[0].Pos.File(), "sites-enabled/default") {
		t.Fatalf("errors: %v", errs)
	}
	found := false
	for _, f := range cfgs[0].Files {
		if strings.HasSuffix(f, "great-nginx-config/stuff/mime.types") {
			found = true
		}
	}
	if !found {
		t.Errorf("mime.types not read from the entry's directory: %v", cfgs[0].Files)
	}
}
