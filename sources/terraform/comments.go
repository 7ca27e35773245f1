package terraform

import (
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/edgelint/edgelint/lint"
)

// item is a block or an attribute, what a suppression comment governs.
type item struct{ start, end int }

// comments returns the comments of a file with the item each governs:
// the block or attribute on the next line for a comment on its own line
// (so a comment above a resource covers the whole resource), the one it
// ends for a trailing comment. "# edgelint:ignore EL1201 reason" above a
// cloudflare_record suppresses the record's findings, as above an nginx
// server block.
func comments(f *file) []lint.Comment {
	var items []item
	if f.json {
		return jsonComments(f)
	}
	var walk func(b *body)
	walk = func(b *body) {
		for _, a := range b.attrs {
			items = append(items, item{a.rng.Start.Line, a.rng.End.Line})
		}
		for _, blk := range b.blocks {
			r := blk.rng
			items = append(items, item{r.Start.Line, r.End.Line})
			walk(blk.body)
		}
	}
	walk(f.body)
	sort.Slice(items, func(i, j int) bool {
		if items[i].start != items[j].start {
			return items[i].start < items[j].start
		}
		return items[i].end > items[j].end
	})
	first := 0
	if len(items) > 0 {
		first = items[0].start
	}

	tokens, _ := hclsyntax.LexConfig(f.data, f.display, hcl.InitialPos)
	var out []lint.Comment
	codeLine := 0 // the last line a token other than a comment or newline stood on
	for _, t := range tokens {
		switch t.Type {
		case hclsyntax.TokenNewline, hclsyntax.TokenEOF:
			continue
		case hclsyntax.TokenComment:
		default:
			codeLine = t.Range.End.Line
			continue
		}
		line := t.Range.Start.Line
		c := lint.Comment{
			Pos:                  lint.At(f.display, line, t.Range.Start.Column),
			Text:                 commentText(string(t.Bytes)),
			Trailing:             codeLine == line,
			BeforeFirstDirective: first == 0 || line < first,
		}
		// A line comment's token ends after its newline, on the next line.
		end := line + strings.Count(strings.TrimRight(string(t.Bytes), "\r\n"), "\n")
		if s, ok := scopeOf(items, line, c.Trailing, end); ok {
			c.Scope = lint.Span(f.display, s.start, 0, s.end)
		}
		out = append(out, c)
	}
	return out
}

func scopeOf(items []item, line int, trailing bool, endLine int) (item, bool) {
	if trailing {
		// the innermost item the comment's line ends
		best, found := item{}, false
		for _, it := range items {
			if it.start <= line && it.end >= line && (!found || it.end-it.start <= best.end-best.start) {
				best, found = it, true
			}
		}
		return best, found
	}
	for _, it := range items {
		if it.start > endLine {
			return it, true
		}
	}
	return item{}, false
}

// commentText strips the comment markers: "# x", "// x", "/* x */".
func commentText(s string) string {
	s = strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(s, "#"):
		s = s[1:]
	case strings.HasPrefix(s, "//"):
		s = s[2:]
	case strings.HasPrefix(s, "/*"):
		s = strings.TrimSuffix(s[2:], "*/")
	}
	return strings.TrimSpace(s)
}

// jsonComments are a JSON file's comments, its "//" properties
// (Terraform ignores them): one in a block's object covers the block (a
// resource), one in the file's object stands above every block, where
// edgelint:ignore-file belongs.
func jsonComments(f *file) []lint.Comment {
	var out []lint.Comment
	add := func(a *attr, scope lint.Position, top bool) {
		v, diags := a.expr.Value(nil)
		if diags.HasErrors() || v.IsNull() || !v.IsKnown() {
			return
		}
		var texts []string
		switch {
		case v.Type() == cty.String:
			texts = []string{v.AsString()}
		case v.Type().IsTupleType() || v.Type().IsListType():
			for it := v.ElementIterator(); it.Next(); {
				if _, e := it.Element(); e.Type() == cty.String && !e.IsNull() && e.IsKnown() {
					texts = append(texts, e.AsString())
				}
			}
		}
		for _, t := range texts {
			out = append(out, lint.Comment{
				Pos:                  lint.At(f.display, a.rng.Start.Line, a.rng.Start.Column),
				Text:                 strings.TrimSpace(t),
				BeforeFirstDirective: top,
				Scope:                scope,
			})
		}
	}
	for _, a := range f.body.notes {
		add(a, lint.Position{}, true)
	}
	var walk func(b *block)
	walk = func(b *block) {
		scope := lint.Span(f.display, b.rng.Start.Line, 0, b.rng.End.Line)
		for _, a := range b.body.notes {
			add(a, scope, false)
		}
		for _, c := range b.body.blocks {
			walk(c)
		}
	}
	for _, b := range f.body.blocks {
		walk(b)
	}
	return out
}
