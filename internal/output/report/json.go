package report

import (
	"bufio"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/edgelint/edgelint/lint"
)

// JSON v1 (CLI.md). Field order and names are the contract:
//
//	{
//	  "version": 1,
//	  "tool": {"name", "version", "config" (only when a configuration file was read)},
//	  "findings": [{"rule", "name", "category", "severity", "source", "message",
//	                "file", "line", "column", "resource", "module" (only in a
//	                Terraform module instance), "related": [{"file", "line",
//	                "column", "resource", "module" (as above), "message"}],
//	                "docs"}],
//	  "errors": [{"file", "line", "column", "resource", "message"}],
//	  "notices": [...]  an extension of v1, present only when something was
//	                    left out of the lint, so reports without notices keep
//	                    v1's exact shape (the fields of errors)
//	  "hidden": [...]   an extension present only with --verbose: the
//	                    findings suppressions, exclusions, a baseline or
//	                    --new-from-rev hid, each a finding plus "processor"
//	                    and "reason"
//	}
//
// The report is streamed: each finding is written as it is reached, so a
// report of many thousand findings is never held whole in memory. The
// bytes are those encoding/json writes for the same structure with
// SetIndent("", "  ") and SetEscapeHTML(false) (json_test.go compares the
// two).
func writeJSON(w io.Writer, r *Report) error {
	j := &jsonWriter{w: bufio.NewWriterSize(w, 64<<10), docs: r.docsByRule()}
	j.raw("{\n  \"version\": 1,\n  \"tool\": {\n    \"name\": ")
	j.str(r.Tool.Name)
	j.raw(",\n    \"version\": ")
	j.str(r.Tool.Version)
	if r.Tool.Config != "" {
		j.raw(",\n    \"config\": ")
		j.str(r.Tool.Config)
	}
	j.raw("\n  },\n  \"findings\": ")
	j.list(len(r.Findings), func(i int) { j.finding(r.Findings[i], false, "", "") })
	j.raw(",\n  \"errors\": ")
	j.list(len(r.Errors), func(i int) { e := r.Errors[i]; j.message(e.Pos, e.Message) })
	if len(r.Notices) > 0 {
		j.raw(",\n  \"notices\": ")
		j.list(len(r.Notices), func(i int) { n := r.Notices[i]; j.message(n.Pos, n.Message) })
	}
	if len(r.Hidden) > 0 {
		j.raw(",\n  \"hidden\": ")
		j.list(len(r.Hidden), func(i int) { h := r.Hidden[i]; j.finding(h.Finding, true, h.Processor, h.Reason) })
	}
	j.raw("\n}\n")
	if j.err != nil {
		return j.err
	}
	return j.w.Flush()
}

// docsByRule is the documentation address of each rule, looked up once
// per report rather than once per finding.
func (r *Report) docsByRule() map[string]string {
	m := make(map[string]string, len(r.Rules))
	if r.DocsURL == nil {
		return m
	}
	for _, rule := range r.Rules {
		if _, ok := m[rule.ID]; !ok {
			m[rule.ID] = r.DocsURL(rule)
		}
	}
	return m
}

type jsonWriter struct {
	w    *bufio.Writer
	buf  []byte
	docs map[string]string
	err  error
}

func (j *jsonWriter) raw(s string) {
	if j.err == nil {
		_, j.err = j.w.WriteString(s)
	}
}

func (j *jsonWriter) str(s string) {
	j.buf = appendJSONString(j.buf[:0], s)
	if j.err == nil {
		_, j.err = j.w.Write(j.buf)
	}
}

func (j *jsonWriter) int(n int32) {
	j.buf = strconv.AppendInt(j.buf[:0], int64(n), 10)
	if j.err == nil {
		_, j.err = j.w.Write(j.buf)
	}
}

// list writes an array of n objects at the top level's indentation: []
// when empty, as encoding/json writes an empty slice.
func (j *jsonWriter) list(n int, item func(i int)) {
	if n == 0 {
		j.raw("[]")
		return
	}
	j.raw("[\n    ")
	for i := range n {
		if i > 0 {
			j.raw(",\n    ")
		}
		item(i)
	}
	j.raw("\n  ]")
}

// message writes an error or a notice.
func (j *jsonWriter) message(p lint.Position, msg string) {
	j.raw("{\n      \"file\": ")
	j.str(p.File())
	j.raw(",\n      \"line\": ")
	j.int(p.Line)
	j.raw(",\n      \"column\": ")
	j.int(p.Col)
	j.raw(",\n      \"resource\": ")
	j.str(p.Resource())
	j.raw(",\n      \"message\": ")
	j.str(msg)
	j.raw("\n    }")
}

// finding writes a finding; a hidden one also has the processor that hid
// it and why.
func (j *jsonWriter) finding(f lint.Finding, hidden bool, processor, reason string) {
	j.raw("{\n      \"rule\": ")
	j.str(f.RuleID)
	j.raw(",\n      \"name\": ")
	j.str(f.Name)
	j.raw(",\n      \"category\": ")
	j.str(string(f.Category))
	j.raw(",\n      \"severity\": ")
	j.str(f.Severity.String())
	j.raw(",\n      \"source\": ")
	j.str(string(f.Source))
	j.raw(",\n      \"message\": ")
	j.str(f.Message)
	j.raw(",\n      \"file\": ")
	j.str(f.Pos.File())
	j.raw(",\n      \"line\": ")
	j.int(f.Pos.Line)
	j.raw(",\n      \"column\": ")
	j.int(f.Pos.Col)
	j.raw(",\n      \"resource\": ")
	j.str(f.Pos.Resource())
	if f.Pos.Module() != "" {
		// an extension of v1, only for a finding in a Terraform module
		// instance, so other findings keep v1's exact shape
		j.raw(",\n      \"module\": ")
		j.str(f.Pos.Module())
	}
	j.raw(",\n      \"related\": ")
	if len(f.Related) == 0 {
		j.raw("[]")
	} else {
		j.raw("[\n        ")
		for i, rel := range f.Related {
			if i > 0 {
				j.raw(",\n        ")
			}
			j.raw("{\n          \"file\": ")
			j.str(rel.Pos.File())
			j.raw(",\n          \"line\": ")
			j.int(rel.Pos.Line)
			j.raw(",\n          \"column\": ")
			j.int(rel.Pos.Col)
			j.raw(",\n          \"resource\": ")
			j.str(rel.Pos.Resource())
			if rel.Pos.Module() != "" {
				j.raw(",\n          \"module\": ")
				j.str(rel.Pos.Module())
			}
			j.raw(",\n          \"message\": ")
			j.str(rel.Message)
			j.raw("\n        }")
		}
		j.raw("\n      ]")
	}
	j.raw(",\n      \"docs\": ")
	docs := f.Docs
	if docs == "" {
		docs = j.docs[f.RuleID]
	}
	j.str(docs)
	if hidden {
		j.raw(",\n      \"processor\": ")
		j.str(processor)
		j.raw(",\n      \"reason\": ")
		j.str(reason)
	}
	j.raw("\n    }")
}

const jsonHex = "0123456789abcdef"

// appendJSONString is encoding/json's string encoding without HTML
// escaping: control characters escaped, invalid UTF-8 replaced by
// U+FFFD, U+2028 and U+2029 escaped.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', jsonHex[b>>4], jsonHex[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', jsonHex[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
