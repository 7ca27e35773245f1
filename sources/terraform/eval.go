package terraform

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
)

// symbol marks a value that stands for an object's ID known only after
// apply ("cloudflare_load_balancer_pool.a"): it ties a reference to the
// object it names, and is unknown as any other value.
type symbol struct{}

func symbolic(addr string) cty.Value { return cty.StringVal(addr).Mark(symbol{}) }

// maxInstances bounds count and for_each: a count of a billion is a
// typo or an attack, and either way unknown.
const maxInstances = 1000

// evaluator evaluates the expressions of one module.
type evaluator struct {
	m     *module
	funcs map[string]function.Function
}

// scope is where an expression stands: inside a resource instance (count
// and each) and inside dynamic blocks (their iterators).
type scope struct {
	inst *instance
	// call is the instance of a module block whose arguments are
	// evaluated (its count and each).
	call  *callInst
	extra map[string]cty.Value
}

// iteration is the count or for_each instance the scope stands in.
func (s *scope) iteration() (iteration, bool) {
	switch {
	case s == nil:
	case s.inst != nil:
		return s.inst.iteration, true
	case s.call != nil:
		return s.call.iteration, true
	}
	return iteration{}, false
}

func (s *scope) with(name string, v cty.Value) *scope {
	n := &scope{extra: map[string]cty.Value{name: v}}
	if s != nil {
		n.inst = s.inst
		n.call = s.call
		for k, x := range s.extra {
			if k != name {
				n.extra[k] = x
			}
		}
	}
	return n
}

func newEvaluator(m *module) *evaluator {
	return &evaluator{m: m, funcs: functions()}
}

// value evaluates expr; any error makes it unknown.
func (ev *evaluator) value(expr hcl.Expression, sc *scope) (v cty.Value) {
	if expr == nil {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	defer func() {
		// A malformed expression may panic inside cty (a type it did
		// not expect): that is an unknown value, not a crash.
		if r := recover(); r != nil {
			v = cty.DynamicVal
		}
	}()
	ev.stubFunctions(expr)
	ctx := &hcl.EvalContext{Variables: ev.variables(expr, sc), Functions: ev.funcs}
	v, diags := expr.Value(ctx)
	if diags.HasErrors() {
		return cty.DynamicVal
	}
	return v
}

// stubFunctions gives every function the expression calls that is not
// implemented a stand-in returning an unknown value, so one such call
// leaves the rest of a list or object known.
func (ev *evaluator) stubFunctions(expr hcl.Expression) {
	n, ok := expr.(hclsyntax.Node)
	if !ok {
		ev.stubJSON(expr, 0)
		return
	}
	ev.stubNative(n)
}

// stubJSON finds the calls in a JSON value's strings, which are
// templates.
func (ev *evaluator) stubJSON(expr hcl.Expression, depth int) {
	if depth > 100 {
		return
	}
	if items, diags := hcl.ExprList(expr); !diags.HasErrors() && items != nil {
		for _, x := range items {
			ev.stubJSON(x, depth+1)
		}
		return
	}
	if pairs, diags := hcl.ExprMap(expr); !diags.HasErrors() && pairs != nil {
		for _, kv := range pairs {
			ev.stubJSON(kv.Key, depth+1)
			ev.stubJSON(kv.Value, depth+1)
		}
		return
	}
	v, diags := expr.Value(nil)
	if diags.HasErrors() || v.Type() != cty.String || v.IsNull() {
		return
	}
	t, diags := hclsyntax.ParseTemplate([]byte(v.AsString()), "", hcl.InitialPos)
	if diags.HasErrors() {
		return
	}
	ev.stubNative(t)
}

func (ev *evaluator) stubNative(n hclsyntax.Node) {
	_ = hclsyntax.VisitAll(n, func(n hclsyntax.Node) hcl.Diagnostics {
		if call, ok := n.(*hclsyntax.FunctionCallExpr); ok {
			if _, known := ev.funcs[call.Name]; !known {
				ev.funcs[call.Name] = unknownFunc
			}
		}
		return nil
	})
}

// variables builds the variables an expression refers to.
func (ev *evaluator) variables(expr hcl.Expression, sc *scope) map[string]cty.Value {
	type want struct {
		all   bool
		names map[string]bool
		data  map[string]map[string]bool
	}
	needs := map[string]*want{}
	for _, tr := range expr.Variables() {
		root := tr.RootName()
		w := needs[root]
		if w == nil {
			w = &want{names: map[string]bool{}, data: map[string]map[string]bool{}}
			needs[root] = w
		}
		name, ok := attrStep(tr, 1)
		if !ok {
			w.all = true
			continue
		}
		w.names[name] = true
		if root == "data" {
			dn, ok := attrStep(tr, 2)
			if w.data[name] == nil {
				w.data[name] = map[string]bool{}
			}
			if ok {
				w.data[name][dn] = true
			} else {
				w.data[name]["*"] = true
			}
		}
	}
	out := map[string]cty.Value{}
	for root, w := range needs {
		if sc != nil {
			if v, ok := sc.extra[root]; ok {
				out[root] = v
				continue
			}
		}
		switch root {
		case "var":
			attrs := map[string]cty.Value{}
			for name, v := range ev.m.vars {
				if w.all || w.names[name] {
					attrs[name] = ev.variable(v)
				}
			}
			out[root] = cty.ObjectVal(attrs)
		case "module":
			attrs := map[string]cty.Value{}
			for _, c := range ev.m.calls {
				if w.all || w.names[c.name] {
					attrs[c.name] = ev.callValue(c)
				}
			}
			out[root] = cty.ObjectVal(attrs)
		case "local":
			attrs := map[string]cty.Value{}
			for name, l := range ev.m.locals {
				if w.all || w.names[name] {
					attrs[name] = ev.local(l)
				}
			}
			out[root] = cty.ObjectVal(attrs)
		case "count":
			if it, ok := sc.iteration(); ok && it.count >= 0 {
				out[root] = cty.ObjectVal(map[string]cty.Value{"index": cty.NumberIntVal(int64(it.count))})
			} else {
				out[root] = cty.DynamicVal
			}
		case "each":
			if it, ok := sc.iteration(); ok && it.key != cty.NilVal && it.count < 0 {
				out[root] = cty.ObjectVal(map[string]cty.Value{"key": it.key, "value": it.each})
			} else {
				out[root] = cty.DynamicVal
			}
		case "path":
			d, r := cty.StringVal(ev.m.dir), cty.StringVal(ev.m.dir)
			if ev.m.root != nil {
				r = cty.StringVal(ev.m.root.dir)
			}
			out[root] = cty.ObjectVal(map[string]cty.Value{"module": d, "root": r, "cwd": r})
		case "data":
			types := map[string]cty.Value{}
			for typ, names := range w.data {
				objs := map[string]cty.Value{}
				for _, r := range ev.m.byType["data."+typ] {
					if names["*"] || names[r.name] {
						objs[r.name] = ev.ref(r)
					}
				}
				types[typ] = cty.ObjectVal(objs)
			}
			out[root] = cty.ObjectVal(types)
		default:
			rs, ok := ev.m.byType[root]
			if !ok {
				out[root] = cty.DynamicVal // a module output, self, terraform.workspace, a resource of another module
				continue
			}
			objs := map[string]cty.Value{}
			for _, r := range rs {
				if w.all || w.names[r.name] {
					objs[r.name] = ev.ref(r)
				}
			}
			out[root] = cty.ObjectVal(objs)
		}
	}
	return out
}

func attrStep(tr hcl.Traversal, i int) (string, bool) {
	if len(tr) <= i {
		return "", false
	}
	if a, ok := tr[i].(hcl.TraverseAttr); ok {
		return a.Name, true
	}
	return "", false
}

// variable is a variable's value: its call's argument (a called
// module), else its given value (tfvars, the root's), else its default,
// converted to its type; unknown without any.
func (ev *evaluator) variable(v *variable) cty.Value {
	switch v.state {
	case evaluating:
		return cty.DynamicVal // a cycle through module calls
	case done:
		return v.val
	}
	v.state = evaluating
	v.val = ev.variableValue(v)
	v.state = done
	return v.val
}

func (ev *evaluator) variableValue(v *variable) (out cty.Value) {
	defer func() {
		if recover() != nil {
			out = cty.DynamicVal
		}
	}()
	val := cty.DynamicVal
	switch {
	case v.arg != nil && ev.m.caller != nil:
		c := ev.m.caller
		val = c.call.mod.evaluator().value(v.arg, &scope{call: c})
	case v.given != cty.NilVal:
		val = v.given
	case v.def != nil:
		// Defaults are literals: Terraform refuses references there.
		d, diags := v.def.Value(nil)
		if diags.HasErrors() {
			return cty.DynamicVal
		}
		val = d
	default:
		return cty.DynamicVal
	}
	if v.typ == nil {
		return val
	}
	ty, defaults, diags := typeexpr.TypeConstraintWithDefaults(v.typ)
	if diags.HasErrors() {
		return val
	}
	val, marks := val.UnmarkDeepWithPaths()
	if defaults != nil {
		val = defaults.Apply(val)
	}
	conv, err := convert.Convert(val, ty)
	if err != nil {
		return cty.DynamicVal
	}
	return conv.MarkWithPaths(marks)
}

// callValue is what module.NAME gives: the outputs of its module, a
// tuple of them (count), or an object keyed like for_each; unknown for
// a call that is not followed.
func (ev *evaluator) callValue(c *call) cty.Value {
	if c.state == evaluating {
		return cty.DynamicVal
	}
	ev.expandCall(c)
	if !c.known {
		return cty.DynamicVal
	}
	switch {
	case c.countExpr != nil:
		if len(c.insts) == 0 {
			return cty.EmptyTupleVal
		}
		var vs []cty.Value
		for _, i := range c.insts {
			vs = append(vs, i.child.outputValues())
		}
		return cty.TupleVal(vs)
	case c.forEachExpr != nil:
		m := map[string]cty.Value{}
		for _, i := range c.insts {
			m[i.key.AsString()] = i.child.outputValues()
		}
		return cty.ObjectVal(m)
	}
	if len(c.insts) == 0 {
		return cty.DynamicVal
	}
	return c.insts[0].child.outputValues()
}

// outputValues is the object of a module's outputs.
func (m *module) outputValues() cty.Value {
	ev := m.evaluator()
	attrs := map[string]cty.Value{}
	for name, o := range m.outputs {
		switch o.state {
		case evaluating:
			attrs[name] = cty.DynamicVal
			continue
		case done:
			attrs[name] = o.val
			continue
		}
		o.state = evaluating
		o.val = ev.value(o.expr, nil)
		o.state = done
		attrs[name] = o.val
	}
	return cty.ObjectVal(attrs)
}

func (ev *evaluator) local(l *local) cty.Value {
	switch l.state {
	case evaluating:
		return cty.DynamicVal // a cycle: Terraform refuses it
	case done:
		return l.val
	}
	l.state = evaluating
	l.val = ev.value(l.expr, nil)
	l.state = done
	return l.val
}

const (
	notYet = iota
	evaluating
	done
)

// expand computes a resource's instances from count or for_each; known
// is false when they depend on something unknown.
func (ev *evaluator) expand(r *resource) {
	if r.state != notYet {
		return
	}
	r.state = evaluating
	defer func() { r.state = done }()
	its, known := ev.iterations(r.countExpr, r.forEachExpr)
	if !known {
		return
	}
	r.known = true
	for _, it := range its {
		r.insts = append(r.insts, &instance{res: r, iteration: it})
	}
}

// iterations are the instances count or for_each (of a resource or a
// module call) make, evaluated in the module; known is false when they
// depend on something unknown. Without either there is one.
func (ev *evaluator) iterations(countExpr, forEachExpr hcl.Expression) (out []iteration, known bool) {
	switch {
	case countExpr != nil:
		v := ev.value(countExpr, nil)
		v, _ = v.Unmark()
		if !v.IsKnown() || v.IsNull() || !v.Type().Equals(cty.Number) {
			return nil, false
		}
		bf := v.AsBigFloat()
		if !bf.IsInt() {
			return nil, false
		}
		n, _ := bf.Int64()
		if n < 0 || n > maxInstances {
			return nil, false
		}
		for i := 0; i < int(n); i++ {
			out = append(out, iteration{count: i, key: cty.NumberIntVal(int64(i))})
		}
	case forEachExpr != nil:
		v := ev.value(forEachExpr, nil)
		v, _ = v.UnmarkDeep()
		if !v.IsKnown() || v.IsNull() {
			return nil, false
		}
		ty := v.Type()
		switch {
		case ty.IsMapType() || ty.IsObjectType():
			if v.LengthInt() > maxInstances {
				return nil, false
			}
			for it := v.ElementIterator(); it.Next(); {
				k, e := it.Element()
				out = append(out, iteration{count: -1, key: k, each: e})
			}
		case ty.IsSetType() || ty.IsListType() || ty.IsTupleType():
			// Terraform takes a set of strings; a list is an error there,
			// so a module that writes one gives nothing to lint.
			if !ty.IsSetType() || !v.IsWhollyKnown() || v.LengthInt() > maxInstances {
				return nil, false
			}
			for it := v.ElementIterator(); it.Next(); {
				_, e := it.Element()
				s, err := convert.Convert(e, cty.String)
				if err != nil || s.IsNull() {
					return nil, false
				}
				out = append(out, iteration{count: -1, key: s, each: s})
			}
		default:
			return nil, false
		}
	default:
		out = []iteration{{count: -1}}
	}
	return out, true
}

// ref is the value an expression gets for a resource or data source: its
// object, a tuple of them (count), or an object keyed like for_each.
func (ev *evaluator) ref(r *resource) cty.Value {
	if r.state == evaluating {
		return cty.DynamicVal
	}
	ev.expand(r)
	if !r.known {
		return cty.DynamicVal
	}
	switch {
	case r.countExpr != nil:
		if len(r.insts) == 0 {
			return cty.EmptyTupleVal
		}
		var vs []cty.Value
		for _, i := range r.insts {
			vs = append(vs, ev.object(i))
		}
		return cty.TupleVal(vs)
	case r.forEachExpr != nil:
		m := map[string]cty.Value{}
		for _, i := range r.insts {
			m[i.key.AsString()] = ev.object(i)
		}
		return cty.ObjectVal(m)
	}
	return ev.object(r.insts[0])
}

// object is an instance as other expressions see it: the attributes its
// body sets, its nested blocks, and its ID, which is known only after
// apply and so stands as a symbol of the instance's address. Computed
// attributes the body does not set are absent: a reference to one is
// unknown.
func (ev *evaluator) object(i *instance) cty.Value {
	switch i.objState {
	case evaluating:
		return cty.DynamicVal
	case done:
		return i.obj
	}
	i.objState = evaluating
	sc := &scope{inst: i}
	attrs := map[string]cty.Value{}
	body := i.res.block.body
	for name, a := range body.attrs {
		if !metaArguments[name] {
			attrs[name] = ev.value(a.expr, sc)
		}
	}
	for typ, blocks := range ev.blocks(body, sc, "", nil) {
		if _, ok := attrs[typ]; !ok {
			attrs[typ] = blocks
		}
	}
	id := symbolic(i.addr())
	if i.res.mode == dataMode && i.res.typ == "cloudflare_zone" {
		// A zone data source looked up by its ID has that ID.
		if z, ok := attrs["zone_id"]; ok && knownString(z) {
			id = z
		}
		if _, ok := attrs["name"]; !ok {
			if f, ok := attrs["filter"]; ok {
				if n := getAttr(f, "name"); knownString(n) {
					attrs["name"] = n
				}
			}
		}
		attrs["zone_id"] = id
	}
	attrs["id"] = id
	i.obj = cty.ObjectVal(attrs)
	i.objState = done
	return i.obj
}

// blocks evaluates the nested blocks of body, dynamic blocks expanded, as
// a tuple of objects per block type; a type with a dynamic block over an
// unknown collection is unknown. pos, when not nil, records each block's
// range under path.
func (ev *evaluator) blocks(body *body, sc *scope, path string, pos map[string]hcl.Range) map[string]cty.Value {
	groups := map[string][]cty.Value{}
	unknown := map[string]bool{}
	var order []string
	add := func(typ string, v cty.Value, rng hcl.Range) {
		if _, ok := groups[typ]; !ok {
			order = append(order, typ)
		}
		if pos != nil {
			pos[join(path, typ, fmt.Sprint(len(groups[typ])))] = rng
		}
		groups[typ] = append(groups[typ], v)
	}
	for _, b := range body.blocks {
		switch b.typ {
		case "lifecycle", "provisioner", "connection", "precondition", "postcondition":
			continue
		case "dynamic":
			if len(b.labels) != 1 {
				continue
			}
			typ := b.labels[0]
			if _, ok := groups[typ]; !ok {
				groups[typ] = nil
				order = append(order, typ)
			}
			iter := typ
			if a, ok := b.body.attrs["iterator"]; ok {
				if t, diags := hcl.AbsTraversalForExpr(a.expr); !diags.HasErrors() && len(t) == 1 {
					iter = t.RootName()
				}
			}
			var content *block
			for _, c := range b.body.blocks {
				if c.typ == "content" {
					content = c
				}
			}
			fe, ok := b.body.attrs["for_each"]
			if !ok || content == nil {
				continue
			}
			coll := ev.value(fe.expr, sc)
			coll, _ = coll.UnmarkDeep()
			if !coll.IsKnown() || coll.IsNull() || !coll.CanIterateElements() || coll.LengthInt() > maxInstances {
				unknown[typ] = true
				continue
			}
			for it := coll.ElementIterator(); it.Next(); {
				k, e := it.Element()
				inner := sc.with(iter, cty.ObjectVal(map[string]cty.Value{"key": k, "value": e}))
				idx := len(groups[typ])
				add(typ, ev.body(content.body, inner, join(path, typ, fmt.Sprint(idx)), pos), content.rng)
			}
		default:
			idx := len(groups[b.typ])
			add(b.typ, ev.body(b.body, sc, join(path, b.typ, fmt.Sprint(idx)), pos), b.rng)
		}
	}
	out := map[string]cty.Value{}
	for _, typ := range order {
		switch {
		case unknown[typ]:
			out[typ] = cty.DynamicVal
		case len(groups[typ]) == 0:
			out[typ] = cty.EmptyTupleVal
		default:
			out[typ] = cty.TupleVal(groups[typ])
		}
	}
	return out
}

// body evaluates a block body into an object of its attributes and
// nested blocks.
func (ev *evaluator) body(body *body, sc *scope, path string, pos map[string]hcl.Range) cty.Value {
	attrs := map[string]cty.Value{}
	names := make([]string, 0, len(body.attrs))
	for name := range body.attrs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if path == "" && metaArguments[name] {
			continue
		}
		a := body.attrs[name]
		attrs[name] = ev.value(a.expr, sc)
		if pos != nil {
			p := join(path, name)
			pos[p] = a.rng
			exprPositions(a.expr, p, pos)
		}
	}
	for typ, v := range ev.blocks(body, sc, path, pos) {
		if _, ok := attrs[typ]; !ok {
			attrs[typ] = v
		}
	}
	return cty.ObjectVal(attrs)
}

// metaArguments are Terraform's, not the provider's.
var metaArguments = map[string]bool{"count": true, "for_each": true, "depends_on": true, "provider": true}

// exprPositions records where the items of object and tuple
// constructors stand (v5's rules = [{ … }], origins = [{ … }]).
func exprPositions(expr hcl.Expression, path string, pos map[string]hcl.Range) {
	if _, native := expr.(hclsyntax.Expression); !native {
		jsonPositions(expr, path, pos, 0)
		return
	}
	switch e := expr.(type) {
	case *hclsyntax.TupleConsExpr:
		for i, x := range e.Exprs {
			p := join(path, fmt.Sprint(i))
			pos[p] = x.Range()
			exprPositions(x, p, pos)
		}
	case *hclsyntax.ObjectConsExpr:
		for _, item := range e.Items {
			key := objectKey(item.KeyExpr)
			if key == "" {
				continue
			}
			p := join(path, key)
			pos[p] = hcl.RangeBetween(item.KeyExpr.Range(), item.ValueExpr.Range())
			exprPositions(item.ValueExpr, p, pos)
		}
	}
}

// jsonPositions records where the items of JSON arrays and objects
// stand.
func jsonPositions(expr hcl.Expression, path string, pos map[string]hcl.Range, depth int) {
	if depth > 100 {
		return
	}
	if items, diags := hcl.ExprList(expr); !diags.HasErrors() && items != nil {
		for i, x := range items {
			p := join(path, fmt.Sprint(i))
			pos[p] = x.Range()
			jsonPositions(x, p, pos, depth+1)
		}
		return
	}
	if pairs, diags := hcl.ExprMap(expr); !diags.HasErrors() && pairs != nil {
		for _, kv := range pairs {
			k, diags := kv.Key.Value(nil)
			if diags.HasErrors() || k.Type() != cty.String || k.IsNull() {
				continue
			}
			p := join(path, k.AsString())
			pos[p] = hcl.RangeBetween(kv.Key.Range(), kv.Value.Range())
			jsonPositions(kv.Value, p, pos, depth+1)
		}
	}
}

// objectKey is the static name of an object constructor's key.
func objectKey(e hclsyntax.Expression) string {
	if k, ok := e.(*hclsyntax.ObjectConsKeyExpr); ok {
		if name := hcl.ExprAsKeyword(k.Wrapped); name != "" {
			return name
		}
		e = k.Wrapped
	}
	if t, ok := e.(*hclsyntax.TemplateExpr); ok && t.IsStringLiteral() {
		v, _ := t.Value(nil)
		return v.AsString()
	}
	return ""
}

func join(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p)
	}
	return b.String()
}

func knownString(v cty.Value) bool {
	if v.IsMarked() {
		return false
	}
	return v.IsKnown() && !v.IsNull() && v.Type() == cty.String
}

// getAttr reads an attribute of an object (or the first element of a
// block list), null when there is none.
func getAttr(v cty.Value, name string) cty.Value {
	v, marks := v.Unmark()
	if !v.IsKnown() {
		return cty.DynamicVal
	}
	if v.IsNull() {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	ty := v.Type()
	if (ty.IsListType() || ty.IsTupleType()) && v.LengthInt() > 0 {
		return getAttr(v.Index(cty.NumberIntVal(0)).WithMarks(marks), name)
	}
	if ty.IsObjectType() && ty.HasAttribute(name) {
		return v.GetAttr(name).WithMarks(marks)
	}
	if ty.IsMapType() {
		if e := cty.StringVal(name); v.HasIndex(e).True() {
			return v.Index(e).WithMarks(marks)
		}
	}
	return cty.NullVal(cty.DynamicPseudoType)
}
