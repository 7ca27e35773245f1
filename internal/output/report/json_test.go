package report

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/edgelint/edgelint/internal/processors"
	"github.com/edgelint/edgelint/lint"
)

// The streamed JSON report must be byte for byte what encoding/json writes
// for the v1 structure (the writer before streaming): refJSON is that
// writer, kept here as the reference.

type refReport struct {
	Version  int          `json:"version"`
	Tool     refTool      `json:"tool"`
	Findings []refFinding `json:"findings"`
	Errors   []refError   `json:"errors"`
	Notices  []refError   `json:"notices,omitempty"`
	Hidden   []refHidden  `json:"hidden,omitempty"`
}

type refTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Config  string `json:"config,omitempty"`
}

type refFinding struct {
	Rule     string       `json:"rule"`
	Name     string       `json:"name"`
	Category string       `json:"category"`
	Severity string       `json:"severity"`
	Source   string       `json:"source"`
	Message  string       `json:"message"`
	File     string       `json:"file"`
	Line     int          `json:"line"`
	Column   int          `json:"column"`
	Resource string       `json:"resource"`
	Module   string       `json:"module,omitempty"`
	Related  []refRelated `json:"related"`
	Docs     string       `json:"docs"`
}

type refHidden struct {
	refFinding
	Processor string `json:"processor"`
	Reason    string `json:"reason"`
}

type refRelated struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Resource string `json:"resource"`
	Module   string `json:"module,omitempty"`
	Message  string `json:"message"`
}

type refError struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Resource string `json:"resource"`
	Message  string `json:"message"`
}

func refJSON(r *Report) []byte {
	finding := func(f lint.Finding) refFinding {
		jf := refFinding{
			Rule: f.RuleID, Name: f.Name, Category: string(f.Category), Severity: f.Severity.String(),
			Source: string(f.Source), Message: f.Message,
			File: f.Pos.File(), Line: int(f.Pos.Line), Column: int(f.Pos.Col), Resource: f.Pos.Resource(), Module: f.Pos.Module(),
			Related: []refRelated{}, Docs: r.docs(f),
		}
		for _, rel := range f.Related {
			jf.Related = append(jf.Related, refRelated{File: rel.Pos.File(), Line: int(rel.Pos.Line), Column: int(rel.Pos.Col), Resource: rel.Pos.Resource(), Module: rel.Pos.Module(), Message: rel.Message})
		}
		return jf
	}
	out := refReport{Version: 1, Tool: refTool{Name: r.Tool.Name, Version: r.Tool.Version, Config: r.Tool.Config},
		Findings: []refFinding{}, Errors: []refError{}}
	for _, f := range r.Findings {
		out.Findings = append(out.Findings, finding(f))
	}
	for _, e := range r.Errors {
		out.Errors = append(out.Errors, refError{File: e.Pos.File(), Line: int(e.Pos.Line), Column: int(e.Pos.Col), Resource: e.Pos.Resource(), Message: e.Message})
	}
	for _, n := range r.Notices {
		out.Notices = append(out.Notices, refError{File: n.Pos.File(), Line: int(n.Pos.Line), Column: int(n.Pos.Col), Resource: n.Pos.Resource(), Message: n.Message})
	}
	for _, h := range r.Hidden {
		out.Hidden = append(out.Hidden, refHidden{refFinding: finding(h.Finding), Processor: h.Processor, Reason: h.Reason})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func TestJSONMatchesEncodingJSON(t *testing.T) {
	reports := []*Report{fullReport(), cleanReport(), {}}
	withConfig := fullReport()
	withConfig.Tool.Config = "sub/.edgelint.yaml"
	noDocs := fullReport()
	noDocs.DocsURL = nil
	emptyHidden := cleanReport()
	emptyHidden.Hidden = []processors.Dropped{{}}
	reports = append(reports, withConfig, noDocs, emptyHidden)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		reports = append(reports, randomReport(rng))
	}
	for i, r := range reports {
		var got bytes.Buffer
		if err := writeJSON(&got, r); err != nil {
			t.Fatal(err)
		}
		if want := refJSON(r); !bytes.Equal(got.Bytes(), want) {
			t.Fatalf("report %d: streamed JSON differs from encoding/json:\n%s\nwant:\n%s", i, got.Bytes(), want)
		}
	}
}

// FuzzJSONString checks the string encoding against encoding/json's on
// any bytes (invalid UTF-8, control characters, U+2028).
func FuzzJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", "a\"b\\c", "\x00\x01\b\f\n\r\t\x1f\x7f", "<&>", "\u2028\u2029", "\xff\xfe", "é→\U0001F600", "\xed\xa0\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		got := append(appendJSONString(nil, s), '\n')
		if !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("appendJSONString(%q) = %s, encoding/json %s", s, got, want.Bytes())
		}
	})
}

func randomReport(rng *rand.Rand) *Report {
	alphabet := []string{"a", "Z", " ", "\"", "\\", "\n", "\t", "\x00", "\x1f", "\x7f", "<", "&", "é", "→", "\u2028", "\u2029", "\xff", "\xc3", "😀"}
	str := func() string {
		n := rng.IntN(8)
		var b []byte
		for range n {
			b = append(b, alphabet[rng.IntN(len(alphabet))]...)
		}
		return string(b)
	}
	pos := func() lint.Position {
		p := lint.At(str(), rng.IntN(3000)-5, rng.IntN(200)).WithResource(str())
		if rng.IntN(3) == 0 {
			p.SetModule(str())
		}
		return p
	}
	ids := []string{"EL9901", "EL9902", "EL9903", "EL0000"}
	finding := func() lint.Finding {
		f := lint.Finding{RuleID: ids[rng.IntN(len(ids))], Name: str(), Category: lint.Category(str()),
			Severity: lint.Severity(rng.IntN(4)), Source: lint.SourceKind(str()), Message: str(), Pos: pos()}
		if rng.IntN(3) == 0 {
			f.Docs = str()
		}
		for range rng.IntN(3) {
			f.Related = append(f.Related, lint.Related{Pos: pos(), Message: str()})
		}
		return f
	}
	r := fullReport()
	r.Tool.Name, r.Tool.Version = str(), str()
	if rng.IntN(2) == 0 {
		r.Tool.Config = str()
	}
	r.Findings, r.Errors, r.Notices, r.Hidden = nil, nil, nil, nil
	for range rng.IntN(5) {
		r.Findings = append(r.Findings, finding())
	}
	for range rng.IntN(3) {
		r.Errors = append(r.Errors, lint.LoadError{Pos: pos(), Message: str()})
	}
	for range rng.IntN(3) {
		r.Notices = append(r.Notices, lint.Notice{Pos: pos(), Message: str()})
	}
	for range rng.IntN(3) {
		r.Hidden = append(r.Hidden, processors.Dropped{Finding: finding(), Processor: str(), Reason: str()})
	}
	return r
}
