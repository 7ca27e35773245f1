package terraform

import (
	"math/big"
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/edgelint/edgelint/lint"
)

// object is one resource or data source instance with its evaluated
// values, from a module's .tf files or from a plan. v4 blocks and v5
// attributes read alike: a block is a list of objects, a nested object
// attribute an object, and node.one reads either.
type object struct {
	mode string
	typ  string
	addr string
	v    cty.Value
	// id is the object's own ID: known (a plan of existing objects, a
	// zone data source's zone_id), a symbol of its address, or unknown.
	id cty.Value
	// aliases are other names of the object references may use (a
	// plan's address of an object whose ID is known).
	aliases []string
	// at returns where the value at path ("settings.0.ssl") was written,
	// the nearest enclosing item when the path itself was not.
	at func(path string) lint.Position
	// text returns the source text of the expression at path, "" when
	// there is none (plans).
	text func(path string) string
	// maybe: the object's count or for_each is unknown, so it may exist
	// any number of times (none included) and its values are possible,
	// not certain.
	maybe bool
}

func (o *object) root() node { return wrap(o.v, "", o) }

// node is a value inside an object, with its path for positions.
type node struct {
	v    cty.Value // unmarked
	sym  bool      // the value stood for an ID known only after apply
	path string
	o    *object
}

// state says whether a value was written, and whether it is known.
type state int

const (
	absent  state = iota // not written (null): the provider's default applies
	known                // written and known
	unknown              // written, but known only later (or never statically)
)

func wrap(v cty.Value, path string, o *object) node {
	sym := v.HasMark(symbol{})
	v, _ = v.Unmark()
	return node{v: v, sym: sym, path: path, o: o}
}

func (n node) pos() lint.Position { return n.o.at(n.path) }

// get is the attribute name of an object (or map); a missing attribute
// is absent, an attribute of an unknown object unknown.
func (n node) get(name string) node {
	p := join(n.path, name)
	v := n.v
	switch {
	case v == cty.NilVal || v.IsNull():
		return node{v: cty.NullVal(cty.DynamicPseudoType), path: p, o: n.o}
	case !v.IsKnown():
		return node{v: cty.DynamicVal, path: p, o: n.o}
	}
	ty := v.Type()
	switch {
	case ty.IsObjectType() && ty.HasAttribute(name):
		return wrap(v.GetAttr(name), p, n.o)
	case ty.IsMapType():
		k := cty.StringVal(name)
		if h := v.HasIndex(k); h.IsKnown() && h.True() {
			return wrap(v.Index(k), p, n.o)
		}
	}
	return node{v: cty.NullVal(cty.DynamicPseudoType), path: p, o: n.o}
}

// one reads a nested block of at most one (v4: a list of one object) or
// a nested object attribute (v5) as the object.
func (n node) one() node {
	if n.v == cty.NilVal || n.v.IsNull() || !n.v.IsKnown() {
		return n
	}
	ty := n.v.Type()
	if ty.IsListType() || ty.IsTupleType() || ty.IsSetType() {
		items, _ := n.list()
		if len(items) == 0 {
			return node{v: cty.NullVal(cty.DynamicPseudoType), path: n.path, o: n.o}
		}
		return items[0]
	}
	return n
}

// list reads a list, set or tuple (v4 repeated blocks, v5 lists of
// objects); an object stands for a list of one. st is unknown when the
// collection is.
func (n node) list() ([]node, state) {
	switch {
	case n.v == cty.NilVal || n.v.IsNull():
		return nil, absent
	case !n.v.IsKnown():
		return nil, unknown
	}
	ty := n.v.Type()
	if ty.IsObjectType() {
		return []node{n}, known
	}
	if !ty.IsListType() && !ty.IsTupleType() && !ty.IsSetType() {
		return nil, unknown
	}
	var out []node
	i := 0
	for it := n.v.ElementIterator(); it.Next(); i++ {
		_, e := it.Element()
		out = append(out, wrap(e, join(n.path, strconv.Itoa(i)), n.o))
	}
	return out, known
}

// entries reads a map or object as its keys and values (v5's
// region_pools = { WNAM = [ … ] }).
func (n node) entries() (map[string]node, state) {
	switch {
	case n.v == cty.NilVal || n.v.IsNull():
		return nil, absent
	case !n.v.IsKnown():
		return nil, unknown
	}
	ty := n.v.Type()
	if !ty.IsObjectType() && !ty.IsMapType() {
		return nil, unknown
	}
	out := map[string]node{}
	for it := n.v.ElementIterator(); it.Next(); {
		k, e := it.Element()
		k, _ = k.Unmark()
		if !k.IsKnown() || k.Type() != cty.String {
			return nil, unknown
		}
		out[k.AsString()] = wrap(e, join(n.path, k.AsString()), n.o)
	}
	return out, known
}

// str reads text. Numbers and booleans read as Terraform converts them;
// an ID known only after apply is unknown text.
func (n node) str() (string, state) {
	v := n.v
	switch {
	case v == cty.NilVal || v.IsNull():
		return "", absent
	case !v.IsKnown() || n.sym:
		return "", unknown
	}
	switch v.Type() {
	case cty.String:
		return v.AsString(), known
	case cty.Number:
		return v.AsBigFloat().Text('f', -1), known
	case cty.Bool:
		return strconv.FormatBool(v.True()), known
	}
	return "", unknown
}

// ref reads an ID that names another object: a known ID, or the symbol
// of the object a reference names.
func (n node) ref() (string, state) {
	v := n.v
	switch {
	case v == cty.NilVal || v.IsNull():
		return "", absent
	case !v.IsKnown() || v.Type() != cty.String:
		return "", unknown
	}
	return v.AsString(), known
}

func (n node) boolean() (bool, state) {
	s, st := n.str()
	if st != known {
		return false, st
	}
	switch strings.ToLower(s) {
	case "true", "on":
		return true, known
	case "false", "off":
		return false, known
	}
	return false, unknown
}

func (n node) number() (float64, state) {
	s, st := n.str()
	if st != known {
		return 0, st
	}
	f, _, err := big.ParseFloat(strings.TrimSpace(s), 10, 64, big.ToNearestEven)
	if err != nil {
		return 0, unknown
	}
	x, _ := f.Float64()
	return x, known
}

// strs reads a list of text; unknown when the list or any element is.
func (n node) strs() ([]string, state) {
	items, st := n.list()
	if st != known {
		return nil, st
	}
	var out []string
	for _, it := range items {
		s, st := it.str()
		if st != known {
			return nil, unknown
		}
		out = append(out, s)
	}
	return out, known
}
