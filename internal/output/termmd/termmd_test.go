package termmd

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// Real rule pages (copied from docs/rules, without the generated-file
// marker) drawn at several widths, with and without colour.
func TestGolden(t *testing.T) {
	for _, c := range []struct {
		page  string
		width int
		color bool
	}{
		{"EL1104", 80, false},
		{"EL1104", 80, true},
		{"EL1203", 100, false},
		{"EL1203", 100, true},
		{"EL1002", 60, false},
	} {
		md, err := os.ReadFile(filepath.Join("testdata", c.page+".md"))
		if err != nil {
			t.Fatal(err)
		}
		got := Render(string(md), Options{Width: c.width, Color: c.color})
		name := c.page + "." + map[bool]string{false: "plain", true: "color"}[c.color] + "." + itoa(c.width) + ".golden"
		path := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Errorf("%s differs (go test -update to accept):\n%s", name, got)
		}
		if !c.color && strings.Contains(got, "\x1b") {
			t.Errorf("%s: escape sequence without colour", name)
		}
		if c.color && !strings.Contains(got, "\x1b[") {
			t.Errorf("%s: no colour", name)
		}
		for _, md := range []string{"```", "**", "](", "|---"} {
			if strings.Contains(got, md) {
				t.Errorf("%s: Markdown %q left", name, md)
			}
		}
	}
}

func itoa(n int) string {
	s := ""
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}

// checkWidth says whether every line of out fits width, but for lines
// holding one unbreakable word.
func checkWidth(t *testing.T, out string, width int) {
	t.Helper()
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if w := visibleWidth(l); w > width && strings.Count(strings.TrimSpace(l), " ") > 0 {
			t.Errorf("line of %d columns, over %d: %q", w, width, l)
		}
	}
}

func TestWrapNarrow(t *testing.T) {
	md := "A long paragraph that must wrap at a narrow width without breaking " +
		"https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_read_timeout " +
		"or `proxy_read_timeout` apart.\n\n" +
		"```nginx\nlocation / { proxy_pass http://127.0.0.1:8080/some/very/long/path/that/overflows; }\n```\n"
	for _, width := range []int{1, 20, 24, 30, 41} {
		for _, color := range []bool{false, true} {
			out := Render(md, Options{Width: width, Color: color})
			for _, unit := range []string{
				"https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_read_timeout",
				"proxy_read_timeout",
				"location / { proxy_pass http://127.0.0.1:8080/some/very/long/path/that/overflows; }",
			} {
				if !strings.Contains(out, unit) {
					t.Errorf("width %d color %v: %q broken:\n%s", width, color, unit, out)
				}
			}
			// the code block is no paragraph: its line overflows, the prose does not
			var prose []string
			for _, l := range strings.Split(out, "\n") {
				if !strings.Contains(l, "location /") {
					prose = append(prose, l)
				}
			}
			checkWidth(t, strings.Join(prose, "\n"), max(width, minContent+2*margin))
		}
	}
}

// A code span wider than the line may break at its spaces, never inside a
// word; one that fits stays whole.
func TestCodeSpanWrap(t *testing.T) {
	out := Render("x `upstream timed out (110: Connection timed out) while reading response header from upstream` y", Options{Width: 30})
	checkWidth(t, out, 30)
	if !strings.Contains(out, "Connection") {
		t.Error(out)
	}
	out = Render("aaaa bbbb cccc `proxy_pass http://a:1;` dd", Options{Width: 30})
	if !strings.Contains(out, "`proxy_pass http://a:1;`") {
		t.Errorf("short code span split:\n%s", out)
	}
}

// Wide characters take two columns: a line of them wraps at half as many.
func TestWideCharacters(t *testing.T) {
	md := strings.Repeat("日本語 ", 20) + "\n\n| 列 | value |\n|---|---|\n| 日本語テキスト | x |\n"
	out := Render(md, Options{Width: 24})
	checkWidth(t, out, 24)
	lines := strings.Split(out, "\n")
	if got := Width(lines[0]); got != 2+6*3+2 {
		t.Errorf("first line %q is %d columns", lines[0], got)
	}
	// the table's columns line up in display columns, not bytes or runes
	var bars []int
	for _, l := range lines {
		if i := strings.Index(l, "│"); i >= 0 {
			bars = append(bars, Width(l[:i]))
		}
	}
	if len(bars) != 2 || bars[0] != bars[1] {
		t.Errorf("table columns misaligned %v:\n%s", bars, out)
	}
}

func TestConstructs(t *testing.T) {
	md := `# Title

Some *emphasis*, **bold**, _under_, snake_case_name, a lone * star and *_pass.
A [link](https://example.com/a_(b)) and <https://example.com/auto>, \*escaped\*.

1. first
2. second
   - nested
   - items

> quoted **text**
> more

---

    indented code

~~~
tilde fence
~~~
`
	out := Render(md, Options{Width: 80})
	for _, want := range []string{
		"Title\n  ═════",
		"Some emphasis, bold, under, snake_case_name, a lone * star and *_pass.",
		"link (https://example.com/a_(b)) and https://example.com/auto, *escaped*.",
		"1. first", "2. second", "     • nested", "│ quoted text more",
		"    indented code", "    tilde fence",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %q:\n%s", want, out)
		}
	}
	col := Render(md, Options{Width: 80, Color: true})
	for _, want := range []string{"\x1b[1;4;35mTitle\x1b[0m", "\x1b[3memphasis\x1b[0m", "\x1b[1mbold\x1b[0m", "\x1b[2m    ", "\x1b[4;34mlink\x1b[0m"} {
		if !strings.Contains(col, want) && !strings.Contains(col, strings.TrimPrefix(want, "\x1b[2m")) {
			t.Errorf("colour lacks %q:\n%q", want, col)
		}
	}
}

// A page cannot drive the terminal: control characters are dropped.
func TestControlCharacters(t *testing.T) {
	out := Render("a\x1b[31mred\x07 `b\x1b]0;title\x07`\r\n", Options{Width: 80})
	if strings.ContainsAny(out, "\x1b\x07\r") {
		t.Errorf("%q", out)
	}
}

// FuzzRender: never a panic, a final newline, valid UTF-8 out of valid
// UTF-8, no escape sequence without colour. The seeds are small (whole
// pages make the fuzzer minimise for minutes): a page in miniature and
// the edges of each construct.
func FuzzRender(f *testing.F) {
	f.Add("# EL1 x\n\n| | |\n|---|---|\n| ID | `EL1` |\n\nText *em* **b** [l](u) `c`:\n\n- a\n  ```nginx file=a.conf\n  x;\n  ```\n- b\n\n    code\n\n> q\n", 40, true)
	for _, s := range []string{"", "#", "```", "- ", "1. x\n   ```\n", "|a|\n|-|\n", "> > x", "**a*b**c*", "[a](b", "`", "\t- x\n\t\t- y", "| a | b |\n|:-:|--:|\n| 日本 |"} {
		f.Add(s, 10, true)
	}
	f.Fuzz(func(t *testing.T, md string, width int, color bool) {
		width %= 500
		out := Render(md, Options{Width: width, Color: color})
		if !strings.HasSuffix(out, "\n") {
			t.Fatalf("no final newline: %q", out)
		}
		if utf8.ValidString(md) && !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 out of valid input: %q", out)
		}
		if !color && strings.Contains(out, "\x1b") {
			t.Fatalf("escape sequence without colour: %q", out)
		}
	})
}
