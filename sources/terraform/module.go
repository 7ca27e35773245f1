package terraform

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
	"github.com/edgelint/edgelint/sources/template"
)

const (
	managedMode = "resource"
	dataMode    = "data"
)

// module is one directory of .tf files, read as Terraform reads it.
type module struct {
	dir      string // display path
	files    []*file
	vars     map[string]*variable
	locals   map[string]*local
	byType   map[string][]*resource // "cloudflare_record", "data.cloudflare_zone"
	order    []*resource            // file order
	comments []lint.Comment
	errs     []lint.LoadError
	// broken: a file does not parse, so Terraform refuses the module.
	broken bool
	// calls counts the module blocks: modules it calls, not read with it.
	calls int
}

type file struct {
	path    string // as read
	display string
	data    []byte
	body    *hclsyntax.Body
}

type variable struct {
	name  string
	def   hcl.Expression
	typ   hcl.Expression
	given cty.Value // from terraform.tfvars or *.auto.tfvars; NilVal when none
}

type local struct {
	expr  hcl.Expression
	val   cty.Value
	state int
}

type resource struct {
	mode, typ, name string
	block           *hclsyntax.Block
	file            *file
	countExpr       hcl.Expression
	forEachExpr     hcl.Expression

	state int
	known bool // the instances are known
	insts []*instance
}

type instance struct {
	res *resource
	// count is the count.index (-1 without count); key is count.index or
	// each.key (NilVal for a resource without either), each each.value.
	count    int
	key      cty.Value
	each     cty.Value
	obj      cty.Value
	objState int
}

// addr is the instance's address as Terraform writes it.
func (i *instance) addr() string {
	a := i.res.typ + "." + i.res.name
	if i.res.mode == dataMode {
		a = "data." + a
	}
	switch {
	case i.count >= 0:
		a += fmt.Sprintf("[%d]", i.count)
	case i.key != cty.NilVal:
		a += fmt.Sprintf("[%q]", i.key.AsString())
	}
	return a
}

// IsModuleFile reports whether path is a file of a Terraform module's
// configuration in the native syntax.
func IsModuleFile(path string) bool {
	return strings.EqualFold(filepath.Ext(path), ".tf")
}

// readModule reads every .tf file of dir, its terraform.tfvars and
// *.auto.tfvars. Templates (Go fmt test fixtures) are left out: the
// caller notices them.
func readModule(dir string, opts input.Options) *module {
	m := &module{dir: input.Display(dir), vars: map[string]*variable{}, locals: map[string]*local{}, byType: map[string][]*resource{}}
	entries, err := os.ReadDir(dir)
	if err != nil {
		m.errs = append(m.errs, lint.Errorf(lint.Position{File: m.dir}, "cannot read: %v", err))
		return m
	}
	var tfvars []string
	for _, e := range entries {
		name := e.Name()
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err != nil || !st.Mode().IsRegular() {
			continue
		}
		switch {
		case IsModuleFile(name):
			m.readFile(p, opts)
		case name == "terraform.tfvars":
			tfvars = append([]string{p}, tfvars...) // read first: auto files override it
		case strings.HasSuffix(name, ".auto.tfvars"):
			tfvars = append(tfvars, p)
		}
	}
	if len(m.files) == 0 {
		return m
	}
	for _, p := range tfvars {
		m.readVarFile(p, opts)
	}
	return m
}

func (m *module) readFile(p string, opts input.Options) {
	display := input.Display(p)
	data, err := input.ReadFile(p, opts.Limits)
	if err != nil {
		m.errs = append(m.errs, lint.Errorf(lint.Position{File: display}, "%v", err))
		return
	}
	if template.Detect(p, data, template.HCL) != nil {
		return
	}
	if n := input.LongLine(data, opts.Limits.MaxLineLength); n > 0 {
		m.errs = append(m.errs, lint.Errorf(lint.Position{File: display, Line: n}, "line is longer than %d bytes", opts.Limits.MaxLineLength))
		return
	}
	f, diags := hclsyntax.ParseConfig(data, display, hcl.InitialPos)
	m.diagnostics(diags)
	if f == nil || diags.HasErrors() {
		// Terraform refuses the module: what it would apply is unknown.
		m.broken = true
		return
	}
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		return
	}
	tf := &file{path: p, display: display, data: data, body: body}
	m.files = append(m.files, tf)
	m.comments = append(m.comments, comments(tf)...)
	if depth := maxDepth(body, 0); opts.Limits.MaxBlockDepth > 0 && depth > opts.Limits.MaxBlockDepth {
		m.errs = append(m.errs, lint.Errorf(lint.Position{File: display}, "blocks nest %d deep, over the limit of %d", depth, opts.Limits.MaxBlockDepth))
		return
	}
	for _, b := range body.Blocks {
		switch b.Type {
		case "variable":
			if len(b.Labels) != 1 {
				continue
			}
			v := &variable{name: b.Labels[0]}
			if a, ok := b.Body.Attributes["default"]; ok {
				v.def = a.Expr
			}
			if a, ok := b.Body.Attributes["type"]; ok {
				v.typ = a.Expr
			}
			if _, dup := m.vars[v.name]; !dup {
				m.vars[v.name] = v
			}
		case "module":
			m.calls++
		case "locals":
			for name, a := range b.Body.Attributes {
				if _, dup := m.locals[name]; !dup {
					m.locals[name] = &local{expr: a.Expr}
				}
			}
		case "resource", "data":
			if len(b.Labels) != 2 {
				continue
			}
			mode := managedMode
			key := b.Labels[0]
			if b.Type == "data" {
				mode = dataMode
				key = "data." + key
			}
			r := &resource{mode: mode, typ: b.Labels[0], name: b.Labels[1], block: b, file: tf}
			if a, ok := b.Body.Attributes["count"]; ok {
				r.countExpr = a.Expr
			}
			if a, ok := b.Body.Attributes["for_each"]; ok {
				r.forEachExpr = a.Expr
			}
			dup := false
			for _, o := range m.byType[key] {
				dup = dup || o.name == r.name
			}
			if dup {
				// terraform validate refuses the module: one address, two
				// blocks.
				m.errs = append(m.errs, lint.Errorf(position(tf, b.DefRange()), "duplicate %s %q %q: Terraform refuses a second block with the same address", b.Type, b.Labels[0], b.Labels[1]))
				m.broken = true
				continue
			}
			m.byType[key] = append(m.byType[key], r)
			m.order = append(m.order, r)
		}
	}
}

// readVarFile reads the values a .tfvars file gives variables. Values
// are literals there; one that is not is unknown.
func (m *module) readVarFile(p string, opts input.Options) {
	display := input.Display(p)
	data, err := input.ReadFile(p, opts.Limits)
	if err != nil {
		m.errs = append(m.errs, lint.Errorf(lint.Position{File: display}, "%v", err))
		return
	}
	if template.Detect(p, data, template.HCL) != nil {
		opts.Notice(lint.Position{File: display}, "not read: %s is a template; the variables it sets are unknown", display)
		for _, v := range m.vars {
			v.given = cty.DynamicVal
		}
		return
	}
	f, diags := hclsyntax.ParseConfig(data, display, hcl.InitialPos)
	m.diagnostics(diags)
	if f == nil || diags.HasErrors() {
		m.broken = true
		return
	}
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		return
	}
	m.files = append(m.files, &file{path: p, display: display, data: data, body: &hclsyntax.Body{}})
	for name, a := range body.Attributes {
		v, ok := m.vars[name]
		if !ok {
			continue // Terraform warns; the value goes nowhere
		}
		val, diags := a.Expr.Value(nil)
		if diags.HasErrors() {
			val = cty.DynamicVal
		}
		v.given = val
	}
}

func (m *module) diagnostics(diags hcl.Diagnostics) {
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		pos := lint.Position{}
		if d.Subject != nil {
			pos = lint.Position{File: d.Subject.Filename, Line: d.Subject.Start.Line, Col: d.Subject.Start.Column}
		}
		msg := d.Summary
		if d.Detail != "" {
			msg += ": " + strings.TrimSuffix(d.Detail, ".")
		}
		m.errs = append(m.errs, lint.LoadError{Pos: pos, Message: msg})
	}
}

// maxDepth is how deeply blocks nest in body.
func maxDepth(body *hclsyntax.Body, d int) int {
	best := d
	for _, b := range body.Blocks {
		best = max(best, maxDepth(b.Body, d+1))
	}
	return best
}

// position converts an HCL range to a lint position in f.
func position(f *file, r hcl.Range) lint.Position {
	return lint.Position{File: f.display, Line: r.Start.Line, Col: r.Start.Column, EndLine: r.End.Line}
}

// resources lists the module's resources and data sources of the given
// types, in file order.
func (m *module) resources(types map[string]bool) []*resource {
	var out []*resource
	for _, r := range m.order {
		key := r.typ
		if r.mode == dataMode {
			key = "data." + r.typ
		}
		if types[key] {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.file.display != b.file.display {
			return a.file.display < b.file.display
		}
		return a.block.TypeRange.Start.Byte < b.block.TypeRange.Start.Byte
	})
	return out
}
