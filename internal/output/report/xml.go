package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"sort"
)

// Checkstyle XML, as read by Jenkins warnings-ng, reviewdog and GitLab
// converters.
type checkstyleRoot struct {
	XMLName xml.Name         `xml:"checkstyle"`
	Version string           `xml:"version,attr"`
	Files   []checkstyleFile `xml:"file"`
}

type checkstyleFile struct {
	Name   string            `xml:"name,attr"`
	Errors []checkstyleError `xml:"error"`
}

type checkstyleError struct {
	Line     int32  `xml:"line,attr"`
	Column   int32  `xml:"column,attr,omitempty"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}

// loadErrorSource is the checkstyle source and JUnit type of inputs that
// could not be linted.
const loadErrorSource = "edgelint.load-error"

func writeCheckstyle(w io.Writer, r *Report) error {
	byPlace := map[string][]checkstyleError{}
	for _, f := range r.Findings {
		p := place(f.Pos)
		byPlace[p] = append(byPlace[p], checkstyleError{
			Line: f.Pos.Line, Column: f.Pos.Col, Severity: f.Severity.String(),
			Message: instanceMessage(f.Pos, f.Message), Source: "edgelint." + f.RuleID + "." + f.Name,
		})
	}
	for _, e := range r.Errors {
		p := place(e.Pos)
		byPlace[p] = append(byPlace[p], checkstyleError{
			Line: e.Pos.Line, Column: e.Pos.Col, Severity: "error", Message: e.Message, Source: loadErrorSource,
		})
	}
	root := checkstyleRoot{Version: "4.3"}
	for _, p := range sortedKeys(byPlace) {
		root.Files = append(root.Files, checkstyleFile{Name: p, Errors: byPlace[p]})
	}
	return writeXML(w, root)
}

// JUnit XML: one test suite per file, one failing test case per finding,
// an erroring case per input that could not be linted, and a passing case
// for each clean file so CI dashboards count what was checked.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func writeJUnit(w io.Writer, r *Report) error {
	cases := map[string][]junitCase{}
	for _, f := range append(append([]string{}, r.Files...), r.Zones...) {
		cases[f] = nil
	}
	for _, f := range r.Findings {
		p := place(f.Pos)
		cases[p] = append(cases[p], junitCase{
			Name:      fmt.Sprintf("%s %s at %s", f.RuleID, f.Name, f.Pos.Where()),
			Classname: p,
			Failure: &junitProblem{Message: instanceMessage(f.Pos, f.Message), Type: f.Severity.String(),
				Text: fmt.Sprintf("%s: %s %s [%s]: %s\n%s", f.Pos.Where(), f.RuleID, f.Name, f.Severity, f.Message, r.docs(f))},
		})
	}
	for _, e := range r.Errors {
		p := place(e.Pos)
		cases[p] = append(cases[p], junitCase{
			Name: "could not lint " + e.Pos.String(), Classname: p,
			Error: &junitProblem{Message: e.Message, Type: loadErrorSource, Text: e.Error()},
		})
	}
	root := junitSuites{Name: "edgelint"}
	for _, p := range sortedKeys(cases) {
		s := junitSuite{Name: p, Cases: cases[p]}
		if len(s.Cases) == 0 {
			s.Cases = []junitCase{{Name: "edgelint " + p, Classname: p}}
		}
		for _, c := range s.Cases {
			s.Tests++
			if c.Failure != nil {
				s.Failures++
			}
			if c.Error != nil {
				s.Errors++
			}
		}
		root.Tests += s.Tests
		root.Failures += s.Failures
		root.Errors += s.Errors
		root.Suites = append(root.Suites, s)
	}
	return writeXML(w, root)
}

func writeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
