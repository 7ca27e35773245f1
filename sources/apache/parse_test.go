package apache

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/realserver"
	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

func TestWords(t *testing.T) {
	for in, want := range map[string][]string{
		`a b  c`:           {"a", "b", "c"},
		`"a b" c`:          {"a b", "c"},
		`'a b'`:            {"a b"},
		`"a\"b"`:           {`a"b`},
		`'it\'s'`:          {"it's"},
		`"a\\b"`:           {`a\b`},
		`"a\nb"`:           {`a\nb`},
		`a\\b`:             {`a\b`},
		`a\ b`:             {`a\`, "b"},
		`a"b c"`:           {`a"b`, `c"`},
		`"a"b`:             {"a", "b"},
		`"unterminated x`:  {"unterminated x"},
		`# not a comment`:  {"#", "not", "a", "comment"},
		"\tTab\tseparated": {"Tab", "separated"},
		``:                 nil,
	} {
		if got := Words(in); !reflect.DeepEqual(got, want) {
			t.Errorf("Words(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseStructure(t *testing.T) {
	src := "# lead\n<VirtualHost *:80>\n  ServerName a.example\n  <Location \"/x\">\n    ProxyPass http://b/ \\\n      timeout=5\n  </Location>\n</VirtualHost>\n"
	nodes, errs := Parse("f.conf", []byte(src))
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	if len(nodes) != 2 || !nodes[0].Comment || nodes[0].Line != "lead" {
		t.Fatalf("want a comment then a section, got %+v", nodes)
	}
	vh := nodes[1]
	if !vh.Section || vh.Name != "VirtualHost" || vh.Pos.Line != 2 || vh.Pos.EndLine != 8 || !reflect.DeepEqual(vh.Args, []string{"*:80"}) {
		t.Errorf("vhost = %+v", vh)
	}
	loc := vh.Children[1]
	if loc.Name != "Location" || !reflect.DeepEqual(loc.Args, []string{"/x"}) || loc.Pos.EndLine != 7 {
		t.Errorf("location = %+v", loc)
	}
	pp := loc.Children[0]
	if pp.Name != "ProxyPass" || !reflect.DeepEqual(pp.Args, []string{"http://b/", "timeout=5"}) {
		t.Errorf("proxypass = %+v", pp)
	}
	// The continued argument is positioned on its own physical line.
	if got := pp.ArgPos[1]; got.Line != 6 || got.Col != 7 {
		t.Errorf("timeout=5 at %v, want line 6 col 7", got)
	}
	if pp.Pos.Line != 5 || pp.Pos.Col != 5 || pp.Pos.EndLine != 6 {
		t.Errorf("ProxyPass at %+v", pp.Pos)
	}
}

// structureCases hold httpd's verdict on small files included from a
// minimal server config (checked with apache2 -t, see TestStructureAgainstHttpd).
var structureCases = []struct {
	name, src string
	err       string // first error, "" when httpd accepts the file
	line      int
}{
	{"unclosed vhost", "<VirtualHost *:80>\nServerName a\n", "<VirtualHost> was not closed.", 1},
	{"stray close", "</Location>\n", "</Location> without matching <Location> section", 1},
	{"crossed", "<VirtualHost *:80>\n<Location />\n</VirtualHost>\n", "Expected </Location> but saw </VirtualHost>", 3},
	{"missing bracket", "<VirtualHost *:80\nServerName a\n</VirtualHost>\n", "<VirtualHost> directive missing closing '>'", 1},
	{"two closes on a line", "<IfModule mod_so.c>\n<VirtualHost *:80>\n</VirtualHost> </IfModule>\n", "", 0},
	{"false ifmodule left open", "<IfModule nope_module>\n<VirtualHost *:80>\n</VirtualHost> </IfModule>\n", "Expected </IfModule> before end of configuration", 1},
	{"true ifmodule closed by eof", "<IfModule mod_so.c>\nServerAdmin a@b.example\n", "", 0},
	{"case-insensitive names", "<virtualhost *:80>\n</VIRTUALHOST>\n", "", 0},
	{"comment continues", "<VirtualHost *:80>\n  # note \\\n  ServerName b\n</VirtualHost>\n", "", 0},
	{"continued directive", "ServerAdmin a@\\\nb.example\n", "", 0},
	{"junk after close", "<VirtualHost *:80>\n</VirtualHost> junk\n", "", 0},
	{"mismatch in false ifmodule", "<IfModule nope_module>\n</VirtualHost>\n</IfModule>\n", "Expected </IfModule> but saw </VirtualHost>", 1},
	{"unclosed in false ifmodule", "ServerAdmin a@b.example\n<IfModule nope_module>\n  <Unclosed>\n</IfModule>\n", "Expected </Unclosed> but saw </IfModule>", 2},
	{"mismatch in true ifmodule", "ServerAdmin a@b.example\n<IfModule mod_so.c>\n<VirtualHost *:80>\n</Location>\n</IfModule>\n", "Expected </VirtualHost> but saw </Location>", 4},
	{"close without bracket", "<VirtualHost *:80>\n</VirtualHost \n", "</VirtualHost> directive missing closing '>'", 2},
	{"stray close without bracket", "</VirtualHost\n", "</VirtualHost without matching <VirtualHost section", 1},
	{"lone bracket", "ServerAdmin a@b.example\n<\n", "<> was not closed.", 2},
	{"defines", "Define X 80\n<IfDefine X>\n<VirtualHost *:${X}>\n</VirtualHost>\n</IfDefine>\n", "", 0},
}

func loadSnippet(t *testing.T, src string) (*lint.Config, []lint.LoadError, string) {
	t.Helper()
	dir := t.TempDir()
	main := filepath.Join(dir, "httpd.conf")
	s := filepath.Join(dir, "s.conf")
	base := "LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\n" +
		"LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so\n" +
		"ServerName localhost\nErrorLog /dev/null\nInclude " + s + "\n"
	if err := os.WriteFile(main, []byte(base), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(s, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cfgs, errs := Load(main, input.Options{})
	return cfgs[0], errs, dir
}

func TestStructure(t *testing.T) {
	for _, c := range structureCases {
		t.Run(c.name, func(t *testing.T) {
			_, errs, _ := loadSnippet(t, c.src)
			if c.err == "" {
				for _, e := range errs {
					t.Errorf("unexpected error: %v", e)
				}
				return
			}
			if len(errs) == 0 {
				t.Fatalf("no error, want %q", c.err)
			}
			var first *lint.LoadError
			for i := range errs {
				if first == nil || errs[i].Pos.Line < first.Pos.Line {
					first = &errs[i]
				}
			}
			if !strings.Contains(first.Message, c.err) || int(first.Pos.Line) != c.line || !strings.HasSuffix(first.Pos.File(), "s.conf") {
				t.Errorf("first error %v, want %q at s.conf:%d", first, c.err, c.line)
			}
		})
	}
}

// httpd itself agrees with structureCases (a real-server test: see
// internal/testsupport/realserver for when it runs).
func TestStructureAgainstHttpd(t *testing.T) {
	bin := realserver.Apache2(t)
	for _, c := range structureCases {
		t.Run(c.name, func(t *testing.T) {
			_, _, dir := loadSnippet(t, c.src)
			out, err := exec.Command(bin, "-t", "-d", dir, "-f", filepath.Join(dir, "httpd.conf")).CombinedOutput()
			ok := err == nil && strings.Contains(string(out), "Syntax OK")
			if ok != (c.err == "") {
				t.Fatalf("apache2 -t: ok=%v, case expects error %q:\n%s", ok, c.err, out)
			}
			if c.err != "" && !strings.Contains(string(out), c.err) {
				t.Errorf("apache2 says:\n%s\nwant it to mention %q", out, c.err)
			}
			if c.err != "" && !strings.Contains(string(out), "line "+strconv.Itoa(c.line)+" of "+filepath.Join(dir, "s.conf")) {
				t.Errorf("apache2 says:\n%s\nwant the error on line %d of s.conf", out, c.line)
			}
		})
	}
}

// The corpus' parser edge cases: Define and ${var}, IfDefine, IfModule
// (both name forms, negation, nesting) and directory includes.
func TestComplexParsing(t *testing.T) {
	dir := corpusDir(t)
	cfgs, errs := Load(filepath.Join(dir, plugin+"complex_parsing/apache2.conf"), input.Options{})
	for _, e := range errs {
		t.Errorf("load error: %v", e)
	}
	count := map[string]int{}
	var port []string
	for _, d := range cfgs[0].Directives {
		count[strings.ToUpper(d.Name)]++
		if d.Name == "TestVariablePort" || d.Name == "TestVariablePortStr" {
			port = append(port, d.Args...)
		}
	}
	for _, bad := range []string{"INVALID_VAR_DIRECTIVE", "INVALID_MOD_DIRECTIVE", "INVALID_NESTED_DIRECTIVE"} {
		if count[bad] > 0 {
			t.Errorf("%s came through a false conditional", bad)
		}
	}
	// VAR_DIRECTIVE: success (IfDefine COMPLEX) + failure (IfDefine !NOT_COMPLEX is true too).
	if count["VAR_DIRECTIVE"] != 2 || count["MOD_DIRECTIVE"] != 2 || count["NESTED_DIRECTIVE"] != 3 {
		t.Errorf("conditionals: %v", count)
	}
	if !reflect.DeepEqual(port, []string{"1234", "1234"}) {
		t.Errorf("${tls_port} substitution gave %q", port)
	}
	if count["TESTARGSDIRECTIVE"] != 6 {
		t.Errorf("IncludeOptional conf-enabled/ (a directory) read %d TestArgsDirective lines, want 6", count["TESTARGSDIRECTIVE"])
	}
}
