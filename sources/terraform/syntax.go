package terraform

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/json"
)

// body is a block body in either of Terraform's syntaxes: the native one
// (.tf) and JSON (.tf.json), so that evaluation, override merging and
// positions read both alike.
type body struct {
	attrs  map[string]*attr
	blocks []*block
	// notes are a JSON body's "//" properties, its comments.
	notes []*attr
}

type attr struct {
	expr hcl.Expression
	rng  hcl.Range // the whole argument: name = value
}

type block struct {
	typ    string
	labels []string
	body   *body
	def    hcl.Range // the header: type and labels
	rng    hcl.Range // the whole block
}

// nativeBody converts a native syntax body.
func nativeBody(b *hclsyntax.Body) *body {
	out := &body{attrs: map[string]*attr{}}
	for name, a := range b.Attributes {
		out.attrs[name] = &attr{expr: a.Expr, rng: a.SrcRange}
	}
	for _, blk := range b.Blocks {
		out.blocks = append(out.blocks, &block{typ: blk.Type, labels: blk.Labels, body: nativeBody(blk.Body), def: blk.DefRange(), rng: blk.Range()})
	}
	return out
}

// topSchema is the top-level blocks read from a JSON file: JSON has no
// block syntax of its own, so its objects are unpacked by the labels each
// block type has.
var topSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "//"}}, Blocks: []hcl.BlockHeaderSchema{
	{Type: "resource", LabelNames: []string{"type", "name"}},
	{Type: "data", LabelNames: []string{"type", "name"}},
	{Type: "variable", LabelNames: []string{"name"}},
	{Type: "locals"},
	{Type: "module", LabelNames: []string{"name"}},
	{Type: "output", LabelNames: []string{"name"}},
}}

// jsonFile converts the top level of a JSON configuration file.
func jsonFile(f *hcl.File) (*body, hcl.Diagnostics) {
	content, _, diags := f.Body.PartialContent(topSchema)
	out := &body{attrs: map[string]*attr{}}
	if content == nil {
		return out, diags
	}
	if a, ok := content.Attributes["//"]; ok {
		out.notes = append(out.notes, &attr{expr: a.Expr, rng: a.Range})
	}
	for _, b := range content.Blocks {
		inner, d := jsonBody(b.Body)
		diags = append(diags, d...)
		out.blocks = append(out.blocks, &block{typ: b.Type, labels: b.Labels, body: inner, def: b.DefRange, rng: extent(b.DefRange, inner)})
	}
	return out, diags
}

var dynamicSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "//"}}, Blocks: []hcl.BlockHeaderSchema{{Type: "dynamic", LabelNames: []string{"type"}}}}

var dynamicBodySchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "for_each"}, {Name: "iterator"}, {Name: "labels"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "content"}},
}

// jsonBody converts a JSON block body. Without the provider's schema a
// nested block cannot be told from an object argument, and need not be:
// every property is an argument, and its object or array of objects reads
// as a v4 block and a v5 attribute alike (node.one, node.list). "dynamic"
// is Terraform's own and is read as dynamic blocks.
func jsonBody(b hcl.Body) (*body, hcl.Diagnostics) {
	out := &body{attrs: map[string]*attr{}}
	content, rest, diags := b.PartialContent(dynamicSchema)
	if content != nil {
		if a, ok := content.Attributes["//"]; ok {
			out.notes = append(out.notes, &attr{expr: a.Expr, rng: a.Range})
		}
		for _, d := range content.Blocks {
			dyn, _, dd := d.Body.PartialContent(dynamicBodySchema)
			diags = append(diags, dd...)
			if dyn == nil {
				continue
			}
			db := &body{attrs: map[string]*attr{}}
			for name, a := range dyn.Attributes {
				db.attrs[name] = &attr{expr: a.Expr, rng: a.Range}
			}
			for _, c := range dyn.Blocks {
				cb, cd := jsonBody(c.Body)
				diags = append(diags, cd...)
				db.blocks = append(db.blocks, &block{typ: c.Type, body: cb, def: c.DefRange, rng: extent(c.DefRange, cb)})
			}
			out.blocks = append(out.blocks, &block{typ: d.Type, labels: d.Labels, body: db, def: d.DefRange, rng: extent(d.DefRange, db)})
		}
	}
	if rest == nil {
		return out, diags
	}
	attrs, d := rest.JustAttributes()
	diags = append(diags, d...)
	for name, a := range attrs {
		out.attrs[name] = &attr{expr: a.Expr, rng: a.Range}
	}
	return out, diags
}

// extent is a JSON block's range: its header to the last of its
// arguments and blocks (the JSON reader keeps no range of the object).
func extent(def hcl.Range, b *body) hcl.Range {
	r := def
	grow := func(x hcl.Range) {
		if x.Filename == r.Filename && x.End.Byte > r.End.Byte {
			r.End = x.End
		}
	}
	for _, a := range b.attrs {
		grow(a.rng)
	}
	for _, a := range b.notes {
		grow(a.rng)
	}
	for _, blk := range b.blocks {
		grow(blk.rng)
	}
	return r
}

// parseJSON parses a JSON configuration file; display names it in
// ranges.
func parseJSON(data []byte, display string) (*hcl.File, hcl.Diagnostics) {
	return json.Parse(data, display)
}

// isJSON reports whether path is in the JSON syntax (.tf.json,
// .tfvars.json).
func isJSON(path string) bool {
	return hasSuffixFold(path, ".json")
}
