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

// maxModuleDepth bounds how deeply module calls nest; Terraform sets no
// limit, but a chain this long is a loop through symlinks or an attack.
const maxModuleDepth = 16

// loader reads one configuration: a root module and, through their
// calls, the local modules it calls. Every file is read and parsed once,
// however many instances of its module there are.
type loader struct {
	opts   input.Options
	parsed map[string]*file // by display path; nil: left out (a template)
	byName map[string]*file // by display path
	files  []*file          // every file read, in order
	errs   []lint.LoadError
	// broken: a file does not parse, or a module is invalid, so Terraform
	// refuses the configuration.
	broken bool
	// unfollowed counts the module calls whose modules are not read
	// (remote sources, unknown count or for_each, …): they may declare
	// more of any zone.
	unfollowed int
	instances  int // module instances read
}

// module is one instance of a module: the root, or a child at one of its
// calls' instances. Its files are its directory's; its values are its own.
type module struct {
	l      *loader
	dir    string // display path
	path   string // as read, to resolve the sources of its calls
	canon  string
	addr   string // "" for the root, else module.a["x"].module.b
	root   *module
	chain  []string // canonical directories from the root, for loops
	caller *callInst

	files   []*file
	vars    map[string]*variable
	locals  map[string]*local
	outputs map[string]*output
	byType  map[string][]*resource // "cloudflare_record", "data.cloudflare_zone"
	order   []*resource            // file order
	calls   []*call
	ev      *evaluator
}

type file struct {
	path    string // as read
	display string
	data    []byte
	body    *body
	json    bool
}

type variable struct {
	name  string
	def   hcl.Expression
	typ   hcl.Expression
	given cty.Value // from terraform.tfvars or *.auto.tfvars; NilVal when none
	// arg is the value the calling module's block gives it, evaluated
	// there.
	arg   hcl.Expression
	val   cty.Value
	state int
}

type local struct {
	expr  hcl.Expression
	val   cty.Value
	state int
}

type output struct {
	expr  hcl.Expression
	val   cty.Value
	state int
}

type resource struct {
	mod             *module
	mode, typ, name string
	block           *block
	countExpr       hcl.Expression
	forEachExpr     hcl.Expression

	state int
	known bool // the instances are known
	insts []*instance
}

// iteration is one instance of a count or for_each: count is the
// count.index (-1 without count); key is count.index or each.key (NilVal
// without either), each each.value.
type iteration struct {
	count int
	key   cty.Value
	each  cty.Value
}

func (it iteration) suffix() string {
	switch {
	case it.count >= 0:
		return fmt.Sprintf("[%d]", it.count)
	case it.key != cty.NilVal:
		return fmt.Sprintf("[%q]", it.key.AsString())
	}
	return ""
}

type instance struct {
	res *resource
	iteration
	obj      cty.Value
	objState int
}

// addr is the instance's address as Terraform writes it.
func (i *instance) addr() string {
	a := i.res.typ + "." + i.res.name
	if i.res.mode == dataMode {
		a = "data." + a
	}
	if i.res.mod.addr != "" {
		a = i.res.mod.addr + "." + a
	}
	return a + i.suffix()
}

// call is a module block.
type call struct {
	mod         *module // the calling module
	name        string
	block       *block
	source      string
	countExpr   hcl.Expression
	forEachExpr hcl.Expression

	state int
	known bool // followed, with its instances known
	insts []*callInst
}

// callInst is one instance of a call, with the module it reads.
type callInst struct {
	call *call
	iteration
	child *module
}

func (c *callInst) addr() string {
	a := "module." + c.call.name + c.suffix()
	if c.call.mod.addr != "" {
		a = c.call.mod.addr + "." + a
	}
	return a
}

// IsModuleFile reports whether path is a file of a Terraform module's
// configuration: .tf, or .tf.json in the JSON syntax.
func IsModuleFile(path string) bool {
	return strings.EqualFold(filepath.Ext(path), ".tf") || hasSuffixFold(path, ".tf.json")
}

func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}

// isOverride reports whether a module file is an override file
// (override.tf, *_override.tf and their .tf.json forms), merged into the
// others after them.
func isOverride(name string) bool {
	base := strings.ToLower(filepath.Base(name))
	base = strings.TrimSuffix(strings.TrimSuffix(base, ".json"), ".tf")
	return base == "override" || strings.HasSuffix(base, "_override")
}

func newLoader(opts input.Options) *loader {
	return &loader{opts: opts, parsed: map[string]*file{}, byName: map[string]*file{}}
}

// readRoot reads the root module of dir.
func (l *loader) readRoot(dir string) *module {
	m := l.readModule(dir, nil, nil)
	m.root = m
	return m
}

// readModule reads the module of dir: the root's (caller nil) with its
// terraform.tfvars and *.auto.tfvars, or a child's at a call's instance,
// its variables given by the call. Templates (Go fmt test fixtures) are
// left out: the caller notices them.
func (l *loader) readModule(dir string, parent *module, caller *callInst) *module {
	m := &module{l: l, dir: input.Display(dir), path: dir, vars: map[string]*variable{}, locals: map[string]*local{},
		outputs: map[string]*output{}, byType: map[string][]*resource{}, caller: caller}
	m.canon, _ = filepath.Abs(dir)
	if c, err := input.Canonical(dir); err == nil {
		m.canon = c
	}
	if parent != nil {
		m.root = parent.root
		m.chain = append(append([]string(nil), parent.chain...), m.canon)
		m.addr = caller.addr()
	} else {
		m.chain = []string{m.canon}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		l.errs = append(l.errs, lint.Errorf(lint.AtFile(m.dir), "cannot read: %v", err))
		return m
	}
	var primary, overrides, tfvars []string
	for _, e := range entries {
		name := e.Name()
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err != nil || !st.Mode().IsRegular() {
			continue
		}
		switch {
		case IsModuleFile(name) && isOverride(name):
			overrides = append(overrides, p)
		case IsModuleFile(name):
			primary = append(primary, p)
		case name == "terraform.tfvars" || name == "terraform.tfvars.json":
			tfvars = append([]string{p}, tfvars...) // read first: auto files override it
		case strings.HasSuffix(name, ".auto.tfvars") || strings.HasSuffix(name, ".auto.tfvars.json"):
			tfvars = append(tfvars, p)
		}
	}
	for _, p := range primary {
		if f := l.file(p); f != nil {
			m.files = append(m.files, f)
			m.index(f)
		}
	}
	// Override files are merged after every other file, in lexical
	// order of their names (os.ReadDir's order).
	for _, p := range overrides {
		if f := l.file(p); f != nil {
			m.files = append(m.files, f)
			m.override(f)
		}
	}
	if len(m.files) == 0 || caller != nil {
		// A called module's variables are its call's arguments: its
		// .tfvars files are not read (Terraform reads the root's only).
		return m
	}
	for _, p := range tfvars {
		m.readVarFile(p)
	}
	return m
}

// file reads and parses one file, once per load; nil when it does not
// parse or is left out.
func (l *loader) file(p string) *file {
	// keyed by the display path, which is clean: a module two calls
	// reach by different relative paths is one
	display := input.Display(p)
	if f, ok := l.parsed[display]; ok {
		return f
	}
	l.parsed[display] = nil
	data, err := input.ReadFile(p, l.opts.Limits)
	if err != nil {
		l.errs = append(l.errs, lint.Errorf(lint.AtFile(display), "%v", err))
		return nil
	}
	if template.Detect(p, data, template.HCL) != nil {
		return nil
	}
	if n := input.LongLine(data, l.opts.Limits.MaxLineLength); n > 0 {
		l.errs = append(l.errs, lint.Errorf(lint.At(display, n, 0), "line is longer than %d bytes", l.opts.Limits.MaxLineLength))
		l.broken = true
		return nil
	}
	f := &file{path: p, display: display, data: data, json: isJSON(p)}
	limit := l.opts.Limits.MaxBlockDepth
	if f.json {
		if depth := jsonDepth(data); limit > 0 && depth > limit {
			l.errs = append(l.errs, lint.Errorf(lint.AtFile(display), "values nest %d deep, over the limit of %d", depth, limit))
			l.broken = true
			return nil
		}
		hf, diags := parseJSON(data, display)
		l.diagnostics(diags)
		if hf == nil || diags.HasErrors() {
			l.broken = true // Terraform refuses the module: what it would apply is unknown
			return nil
		}
		b, diags := jsonFile(hf)
		l.diagnostics(diags)
		if diags.HasErrors() {
			l.broken = true
			return nil
		}
		f.body = b
	} else {
		hf, diags := hclsyntax.ParseConfig(data, display, hcl.InitialPos)
		l.diagnostics(diags)
		if hf == nil || diags.HasErrors() {
			l.broken = true
			return nil
		}
		native, ok := hf.Body.(*hclsyntax.Body)
		if !ok {
			return nil
		}
		if depth := maxDepth(native, 0); limit > 0 && depth > limit {
			l.errs = append(l.errs, lint.Errorf(lint.AtFile(display), "blocks nest %d deep, over the limit of %d", depth, limit))
			l.broken = true
			return nil
		}
		f.body = nativeBody(native)
	}
	l.parsed[display] = f
	l.byName[display] = f
	l.files = append(l.files, f)
	return f
}

// jsonDepth is how deeply JSON arrays and objects nest in data.
func jsonDepth(data []byte) int {
	depth, best, inString, escaped := 0, 0, false, false
	for _, c := range data {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
			best = max(best, depth)
		case c == '}' || c == ']':
			depth--
		}
	}
	return best
}

// index adds a primary file's top-level blocks to the module.
func (m *module) index(f *file) {
	for _, b := range f.body.blocks {
		switch b.typ {
		case "variable":
			if len(b.labels) != 1 {
				continue
			}
			if _, dup := m.vars[b.labels[0]]; !dup {
				m.vars[b.labels[0]] = m.variable(f, b)
			}
		case "locals":
			for name, a := range b.body.attrs {
				if _, dup := m.locals[name]; !dup {
					m.locals[name] = &local{expr: a.expr}
				}
			}
		case "output":
			if a, ok := b.body.attrs["value"]; ok && len(b.labels) == 1 {
				m.outputs[b.labels[0]] = &output{expr: a.expr}
			}
		case "module":
			if len(b.labels) != 1 {
				continue
			}
			if m.callNamed(b.labels[0]) != nil {
				m.refuse(b, "duplicate module call %q: Terraform refuses a second block with the same name", b.labels[0])
				continue
			}
			c := &call{mod: m, name: b.labels[0], block: b}
			c.read()
			m.calls = append(m.calls, c)
		case "resource", "data":
			if len(b.labels) != 2 {
				continue
			}
			r := &resource{mod: m, mode: managedMode, typ: b.labels[0], name: b.labels[1], block: b}
			if b.typ == "data" {
				r.mode = dataMode
			}
			if m.resourceNamed(r.key(), r.name) != nil {
				// terraform validate refuses the module: one address, two
				// blocks.
				m.refuse(b, "duplicate %s %q %q: Terraform refuses a second block with the same address", b.typ, b.labels[0], b.labels[1])
				continue
			}
			r.read()
			m.byType[r.key()] = append(m.byType[r.key()], r)
			m.order = append(m.order, r)
		}
	}
}

// variable reads a variable block; a JSON file writes its type as a
// string holding the type expression.
func (m *module) variable(f *file, b *block) *variable {
	v := &variable{name: b.labels[0]}
	if a, ok := b.body.attrs["default"]; ok {
		v.def = a.expr
	}
	if a, ok := b.body.attrs["type"]; ok {
		v.typ = typeExpr(f, a.expr)
	}
	return v
}

func typeExpr(f *file, e hcl.Expression) hcl.Expression {
	if !f.json {
		return e
	}
	s, diags := e.Value(nil)
	if diags.HasErrors() || s.Type() != cty.String || s.IsNull() {
		return nil
	}
	x, diags := hclsyntax.ParseExpression([]byte(s.AsString()), f.display, e.Range().Start)
	if diags.HasErrors() {
		return nil
	}
	return x
}

// refuse records what makes Terraform refuse the module.
func (m *module) refuse(b *block, format string, args ...any) {
	m.l.errs = append(m.l.errs, lint.Errorf(rangePos(b.def), format, args...))
	m.l.broken = true
}

func (r *resource) key() string {
	if r.mode == dataMode {
		return "data." + r.typ
	}
	return r.typ
}

// read takes the meta-arguments from the (merged) block.
func (r *resource) read() {
	r.countExpr, r.forEachExpr = nil, nil
	if a, ok := r.block.body.attrs["count"]; ok {
		r.countExpr = a.expr
	}
	if a, ok := r.block.body.attrs["for_each"]; ok {
		r.forEachExpr = a.expr
	}
}

func (c *call) read() {
	c.countExpr, c.forEachExpr, c.source = nil, nil, ""
	attrs := c.block.body.attrs
	if a, ok := attrs["count"]; ok {
		c.countExpr = a.expr
	}
	if a, ok := attrs["for_each"]; ok {
		c.forEachExpr = a.expr
	}
	if a, ok := attrs["source"]; ok {
		// Terraform requires a literal source.
		if v, diags := a.expr.Value(nil); !diags.HasErrors() && v.Type() == cty.String && !v.IsNull() {
			c.source = v.AsString()
		}
	}
}

func (m *module) resourceNamed(key, name string) *resource {
	for _, o := range m.byType[key] {
		if o.name == name {
			return o
		}
	}
	return nil
}

func (m *module) callNamed(name string) *call {
	for _, c := range m.calls {
		if c.name == name {
			return c
		}
	}
	return nil
}

// override merges an override file's top-level blocks into the blocks
// they name, as Terraform does
// (developer.hashicorp.com/terraform/language/files/override): an
// argument replaces the argument of the same name, a nested block type
// replaces every block of that type (dynamic ones included), locals are
// replaced one by one. A block that names nothing is an error in
// Terraform.
func (m *module) override(f *file) {
	for _, b := range f.body.blocks {
		switch b.typ {
		case "resource", "data":
			if len(b.labels) != 2 {
				continue
			}
			key := b.labels[0]
			if b.typ == "data" {
				key = "data." + key
			}
			r := m.resourceNamed(key, b.labels[1])
			if r == nil {
				m.refuse(b, "missing %s %q %q to override: an override file only changes blocks the module's other files declare", b.typ, b.labels[0], b.labels[1])
				continue
			}
			r.block = mergeBlock(r.block, b)
			r.read()
		case "variable":
			if len(b.labels) != 1 {
				continue
			}
			v, ok := m.vars[b.labels[0]]
			if !ok {
				m.refuse(b, "missing variable %q to override", b.labels[0])
				continue
			}
			if a, ok := b.body.attrs["default"]; ok {
				v.def = a.expr
			}
			if a, ok := b.body.attrs["type"]; ok {
				v.typ = typeExpr(f, a.expr)
			}
		case "locals":
			for name, a := range b.body.attrs {
				l, ok := m.locals[name]
				if !ok {
					m.l.errs = append(m.l.errs, lint.Errorf(rangePos(a.rng), "missing local value %q to override", name))
					m.l.broken = true
					continue
				}
				l.expr = a.expr
			}
		case "output":
			if len(b.labels) != 1 {
				continue
			}
			o, ok := m.outputs[b.labels[0]]
			if !ok {
				// (an output without a value is invalid in Terraform too)
				m.refuse(b, "missing output %q to override", b.labels[0])
				continue
			}
			if a, ok := b.body.attrs["value"]; ok {
				o.expr = a.expr
			}
		case "module":
			if len(b.labels) != 1 {
				continue
			}
			c := m.callNamed(b.labels[0])
			if c == nil {
				m.refuse(b, "missing module call %q to override", b.labels[0])
				continue
			}
			c.block = mergeBlock(c.block, b)
			c.read()
		}
	}
}

// mergeBlock is base with over merged in; neither is changed. A nested
// block type in over (or a dynamic block of it) replaces every block of
// that type in base, static and dynamic, and an argument of over replaces
// base's argument or blocks of its name (JSON writes blocks as
// arguments). The contents of nested blocks are not merged.
func mergeBlock(base, over *block) *block {
	out := *base
	nb := &body{attrs: map[string]*attr{}}
	replaced := map[string]bool{}
	for _, b := range over.body.blocks {
		replaced[blockType(b)] = true
	}
	for name, a := range base.body.attrs {
		if !replaced[name] {
			nb.attrs[name] = a
		}
	}
	for name, a := range over.body.attrs {
		nb.attrs[name] = a
		replaced[name] = true
	}
	for _, b := range base.body.blocks {
		if !replaced[blockType(b)] {
			nb.blocks = append(nb.blocks, b)
		}
	}
	nb.blocks = append(nb.blocks, over.body.blocks...)
	out.body = nb
	return &out
}

// blockType is the type a nested block gives: a dynamic block's label.
func blockType(b *block) string {
	if b.typ == "dynamic" && len(b.labels) == 1 {
		return b.labels[0]
	}
	return b.typ
}

// readVarFile reads the values a .tfvars file gives variables. Values
// are literals there; one that is not is unknown.
func (m *module) readVarFile(p string) {
	display := input.Display(p)
	data, err := input.ReadFile(p, m.l.opts.Limits)
	if err != nil {
		m.l.errs = append(m.l.errs, lint.Errorf(lint.AtFile(display), "%v", err))
		return
	}
	if template.Detect(p, data, template.HCL) != nil {
		m.l.opts.Notice(lint.AtFile(display), "not read: %s is a template; the variables it sets are unknown", display)
		for _, v := range m.vars {
			v.given = cty.DynamicVal
		}
		return
	}
	var attrs hcl.Attributes
	if isJSON(p) {
		if limit := m.l.opts.Limits.MaxBlockDepth; limit > 0 && jsonDepth(data) > limit {
			m.l.errs = append(m.l.errs, lint.Errorf(lint.AtFile(display), "values nest %d deep, over the limit of %d", jsonDepth(data), limit))
			m.l.broken = true
			return
		}
		f, diags := parseJSON(data, display)
		m.l.diagnostics(diags)
		if f == nil || diags.HasErrors() {
			m.l.broken = true
			return
		}
		attrs, diags = f.Body.JustAttributes()
		m.l.diagnostics(diags)
	} else {
		f, diags := hclsyntax.ParseConfig(data, display, hcl.InitialPos)
		m.l.diagnostics(diags)
		if f == nil || diags.HasErrors() {
			m.l.broken = true
			return
		}
		attrs, diags = f.Body.JustAttributes()
		m.l.diagnostics(diags)
	}
	vf := &file{path: p, display: display, data: data, body: &body{attrs: map[string]*attr{}}}
	if _, seen := m.l.byName[display]; !seen {
		m.l.byName[display] = vf
		m.l.files = append(m.l.files, vf)
	}
	for name, a := range attrs {
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

func (l *loader) diagnostics(diags hcl.Diagnostics) {
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		pos := lint.Position{}
		if d.Subject != nil {
			pos = lint.At(d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column)
		}
		msg := d.Summary
		if d.Detail != "" {
			msg += ": " + strings.TrimSuffix(d.Detail, ".")
		}
		l.errs = append(l.errs, lint.LoadError{Pos: pos, Message: msg})
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

// rangePos converts an HCL range to a lint position (ranges carry the
// file's display path).
func rangePos(r hcl.Range) lint.Position {
	return lint.Span(r.Filename, r.Start.Line, r.Start.Column, r.End.Line)
}

// resources lists the module's resources and data sources of the given
// types, in file order.
func (m *module) resources(types map[string]bool) []*resource {
	var out []*resource
	for _, r := range m.order {
		if types[r.key()] {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].block.def, out[j].block.def
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		return a.Start.Byte < b.Start.Byte
	})
	return out
}

// evaluator is the module's, made once.
func (m *module) evaluator() *evaluator {
	if m.ev == nil {
		m.ev = newEvaluator(m)
	}
	return m.ev
}

// localSource reports whether a module source is a local path, which
// Terraform reads in place; anything else (the registry, git, a URL) is
// installed by terraform init.
func localSource(s string) bool {
	return strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") || s == "." || s == ".."
}

// expandCall computes a call's instances and reads the module of each.
// A call that is not followed (a remote source, an unknown count or
// for_each, a loop) counts as unfollowed.
func (ev *evaluator) expandCall(c *call) {
	if c.state != notYet {
		return
	}
	c.state = evaluating
	defer func() { c.state = done }()
	m := c.mod
	l := m.l
	if !localSource(c.source) {
		l.unfollowed++
		at := rangePos(c.block.def)
		if a, ok := c.block.body.attrs["source"]; ok {
			at = rangePos(a.rng)
		}
		what := fmt.Sprintf("source %q is not a local path", c.source)
		if c.source == "" {
			what = "no literal source"
		}
		l.opts.Notice(at, "module %q not read: %s; the zones it may change count as not wholly read (--terraform-plan reads what it declares)", c.name, what)
		return
	}
	dir := filepath.Join(m.path, filepath.FromSlash(c.source))
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		l.unfollowed++
		l.opts.Notice(rangePos(c.block.def), "module %q not read: %s is not a directory (terraform init refuses the call)", c.name, input.Display(dir))
		return
	}
	canon, err := input.Canonical(dir)
	if err != nil {
		canon = dir
	}
	for _, d := range m.chain {
		if d == canon {
			l.unfollowed++
			l.opts.Notice(rangePos(c.block.def), "module %q not read: it calls a module that calls it (%s)", c.name, input.Display(dir))
			return
		}
	}
	if len(m.chain) >= maxModuleDepth {
		l.unfollowed++
		l.opts.Notice(rangePos(c.block.def), "module %q not read: module calls nest more than %d deep", c.name, maxModuleDepth)
		return
	}
	its, known := ev.iterations(c.countExpr, c.forEachExpr)
	if !known || l.instances+len(its) > maxInstances {
		l.unfollowed++ // how many instances, or which, is known only to a plan
		return
	}
	l.instances += len(its)
	c.known = true
	for _, it := range its {
		ci := &callInst{call: c, iteration: it}
		ci.child = l.readModule(dir, m, ci)
		for name, v := range ci.child.vars {
			if a, ok := c.block.body.attrs[name]; ok && !callMeta[name] {
				v.arg = a.expr
			}
		}
		c.insts = append(c.insts, ci)
	}
}

// callMeta are a module block's own arguments, not its variables'.
var callMeta = map[string]bool{"source": true, "version": true, "count": true, "for_each": true, "providers": true, "depends_on": true}

// objects evaluates the instances of the resources and data sources that
// are read, in this module and the modules it calls. A resource whose
// count or for_each is unknown gives one object marked maybe: it may
// exist any number of times.
func (m *module) objects() []*object {
	ev := m.evaluator()
	var out []*object
	for _, r := range m.resources(Types) {
		ev.expand(r)
		if !r.known {
			out = append(out, m.object(ev, &instance{res: r, iteration: iteration{count: -1}}, true))
			continue
		}
		for _, i := range r.insts {
			out = append(out, m.object(ev, i, false))
		}
	}
	for _, c := range m.calls {
		ev.expandCall(c)
		for _, ci := range c.insts {
			out = append(out, ci.child.objects()...)
		}
	}
	return out
}

// Calls returns the local module directories the module in dir calls
// (their literal sources, as written), for a walk to know which of the
// modules it finds are read through a call. Files that do not parse are
// passed over: the load says why.
func Calls(dir string, opts input.Options) []string {
	if opts.Limits == (input.Limits{}) {
		opts.Limits = input.DefaultLimits
	}
	l := newLoader(opts)
	l.opts.Notify = func(lint.Notice) {}
	m := l.readModule(dir, nil, nil)
	var out []string
	for _, c := range m.calls {
		if localSource(c.source) {
			out = append(out, filepath.Join(dir, filepath.FromSlash(c.source)))
		}
	}
	return out
}
