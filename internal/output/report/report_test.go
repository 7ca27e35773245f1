package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/lint"
)

func TestSummary(t *testing.T) {
	f := func(s lint.Severity) lint.Finding { return lint.Finding{RuleID: "EL4001", Severity: s} }
	for _, c := range []struct {
		r    Report
		want string
	}{
		{Report{}, "no findings in 0 files"},
		{Report{Files: []string{"a"}}, "no findings in 1 file"},
		{Report{Findings: []lint.Finding{f(lint.Error), f(lint.Warning), f(lint.Warning)}, Files: []string{"a", "b", "c", "d"},
			Errors: []lint.LoadError{{Pos: lint.At("x.conf", 3, 0)}, {Pos: lint.At("x.conf", 9, 0)}}},
			"3 findings (1 error, 2 warnings) in 4 files; 1 file could not be linted"},
		{Report{Findings: []lint.Finding{f(lint.Info)}, Zones: []string{"cloudflare:zone/a"},
			Errors: []lint.LoadError{{Pos: lint.AtResource("cloudflare:zone/b")}, {Message: "rule crashed"}}},
			"1 finding (1 info) in 1 zone; 1 resource could not be read; 1 other error"},
		{Report{Files: []string{"a", "b"}, Zones: []string{"z"}}, "no findings in 2 files and 1 zone"},
	} {
		if got := Summary(&c.r); got != c.want {
			t.Errorf("Summary = %q, want %q", got, c.want)
		}
	}
}

// Workflow command escaping follows actions/toolkit: data escapes % \r \n;
// properties also escape : and ,.
func TestGitHubEscaping(t *testing.T) {
	r := &Report{
		Findings: []lint.Finding{
			{RuleID: "EL4001", Name: "x", Severity: lint.Warning, Message: "100% of a, b: c\nd\re",
				Pos: lint.At("dir,1/a:b%.conf", 3, 7)},
			{RuleID: "EL1201", Name: "y", Severity: lint.Info, Message: "m",
				Pos: lint.AtResource("cloudflare:zone/example.com/dns_records/www")},
		},
		Errors: []lint.LoadError{{Pos: lint.At("b.conf", 2, 0), Message: "unexpected \"}\""}},
	}
	var b bytes.Buffer
	if err := Write(&b, "github", r); err != nil {
		t.Fatal(err)
	}
	want := "::warning file=dir%2C1/a%3Ab%25.conf,line=3,col=7,title=EL4001 x::100%25 of a, b: c%0Ad%0De\n" +
		"::notice title=EL1201 y::cloudflare:zone/example.com/dns_records/www: m\n" +
		"::error file=b.conf,line=2,title=edgelint could not lint this input::unexpected \"}\"\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestUnknownFormat(t *testing.T) {
	if err := Write(&bytes.Buffer{}, "yaml", &Report{}); err == nil || !strings.Contains(err.Error(), "text, compact, json, sarif") {
		t.Errorf("err = %v", err)
	}
}

func TestFirstParagraph(t *testing.T) {
	doc := "# EL4001 x\n\nFirst line\ncontinues.\n\nSecond.\n"
	if got := firstParagraph(doc); got != "First line continues." {
		t.Errorf("%q", got)
	}
	if got := fullDescription(&lint.Rule{Title: "t", Doc: "# only a heading\n"}); got != "t" {
		t.Errorf("%q", got)
	}
}

// Every compact line is "file:line:col: severity: message", the form vim's
// default errorformat and VS Code's $gcc-style problem matchers read; the
// rule closes a finding's line and related positions are indented below it.
func TestCompactLines(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, "compact", fullReport()); err != nil {
		t.Fatal(err)
	}
	top := regexp.MustCompile(`^(\S.*?)(:\d+(:\d+)?)?: (error|warning|info|notice): \S`)
	findings := 0
	for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		if strings.HasPrefix(line, "    ") {
			continue
		}
		m := top.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("not file:line:col: severity: message: %q", line)
			continue
		}
		if strings.HasSuffix(line, "]") && regexp.MustCompile(` \[EL\d{4} [a-z-]+\]$`).MatchString(line) {
			findings++
		}
	}
	if want := len(fullReport().Findings); findings != want {
		t.Errorf("%d finding lines, want %d:\n%s", findings, want, b.String())
	}
	if !strings.Contains(b.String(), "\n    sites/upstream.conf:2:5: the pool is defined here\n") {
		t.Errorf("related position not indented below its finding:\n%s", b.String())
	}
}
