// Package lint holds edgelint's common model of proxy and CDN configuration,
// the rule type, the runner and findings. Sources (nginx, Apache, Cloudflare)
// build the model; rules read it; processors and reporters consume findings.
package lint

import (
	"encoding/json"
	"fmt"
	"strings"
	"unique"
)

// Position says where a value came from: a file position for local
// configuration, or a resource for live objects
// ("cloudflare:zone/example.com/settings/ssl").
//
// The model holds a Position in every setting, directive and block, so
// its size is most of the model's memory: the file name, and the resource
// and module instance that only the Cloudflare, Terraform and cloudflared
// sources set, live behind one interned handle (a file's positions share
// it), and lines and columns are int32 (no configuration file has 2^31
// lines). 24 bytes instead of 72. At, Span and InFile make positions.
type Position struct {
	// where holds File, Resource and Module, interned so that Positions
	// stay comparable by value with == and as map keys. The zero handle
	// means none is set.
	where unique.Handle[posWhere]
	Line  int32
	Col   int32
	// EndLine is the last line of the directive or block that starts at
	// Line (0 when unknown). Suppressions use it to scope a comment to the
	// whole block it precedes; it is not part of any output.
	EndLine int32
}

type posWhere struct {
	file     string
	resource string
	// module is the Terraform module instance a value in a called
	// module's files belongs to, as Terraform writes its address
	// (`module.site["example.com"]`, `module.a[0].module.b`); empty
	// outside modules. Instances of one module share its files, so File
	// and Line are the same for each: Module tells them apart, in every
	// output and in fingerprints. (Not the message: the instance is the
	// source's knowledge, not each rule's, and a message naming the zone
	// would change the fingerprints of findings outside modules too.)
	module string
}

// intern makes equal file, resource and module triples share one handle:
// rules and indexes compare Positions with == and key maps by them, and
// the compiler's equality compares the handle's pointer, not what it
// points at. Interning keeps that equality by value without a method every
// caller would have to remember. unique drops an entry once no Position
// holds it, so memory follows the trees loaded, not every file ever seen.
func intern(w posWhere) unique.Handle[posWhere] {
	if w == (posWhere{}) {
		return nowhere
	}
	return unique.Make(w)
}

var nowhere unique.Handle[posWhere]

func (p Position) get() posWhere {
	if p.where == nowhere {
		return posWhere{}
	}
	return p.where.Value()
}

// A FileRef is a file's interned name: sources that make many positions
// in one file intern its name once (unique.Make hashes the name each time).
// The zero FileRef is no file.
type FileRef struct{ where unique.Handle[posWhere] }

// InFile interns file's name.
func InFile(file string) FileRef { return FileRef{intern(posWhere{file: file})} }

// At is the position of line and column col (0 when unknown) in f.
func (f FileRef) At(line, col int) Position {
	return Position{where: f.where, Line: int32(line), Col: int32(col)}
}

// Span is At for a directive or block that ends on endLine.
func (f FileRef) Span(line, col, endLine int) Position {
	return Position{where: f.where, Line: int32(line), Col: int32(col), EndLine: int32(endLine)}
}

// At is the position of line and column col (0 when unknown) in file.
func At(file string, line, col int) Position { return InFile(file).At(line, col) }

// Span is At for a directive or block that ends on endLine.
func Span(file string, line, col, endLine int) Position {
	return InFile(file).Span(line, col, endLine)
}

// AtFile is the position of a whole file (no line known).
func AtFile(file string) Position { return InFile(file).At(0, 0) }

// AtResource is the position of a live object that has no file.
func AtResource(resource string) Position {
	return Position{}.WithResource(resource)
}

// File is the file the value came from, as the user named it, or "" when
// there is none (a live object read from the API or a snapshot).
func (p Position) File() string { return p.get().file }

// Resource is the live object the value came from
// ("cloudflare:zone/example.com/settings/ssl"), or "" for local
// configuration.
func (p Position) Resource() string { return p.get().resource }

// Module is the Terraform module instance the value belongs to
// (`module.site["example.com"]`), or "" outside modules.
func (p Position) Module() string { return p.get().module }

// WithFile returns p in file.
func (p Position) WithFile(file string) Position {
	p.SetFile(file)
	return p
}

// WithResource returns p naming resource as its live object.
func (p Position) WithResource(resource string) Position {
	p.SetResource(resource)
	return p
}

// WithModule returns p in the Terraform module instance module.
func (p Position) WithModule(module string) Position {
	p.SetModule(module)
	return p
}

// SetFile sets the file p is in.
func (p *Position) SetFile(file string) {
	if w := p.get(); w.file != file {
		w.file = file
		p.where = intern(w)
	}
}

// SetResource sets the live object p names.
func (p *Position) SetResource(resource string) {
	if w := p.get(); w.resource != resource {
		w.resource = resource
		p.where = intern(w)
	}
}

// SetModule sets the Terraform module instance p belongs to.
func (p *Position) SetModule(module string) {
	if w := p.get(); w.module != module {
		w.module = module
		p.where = intern(w)
	}
}

// positionJSON is Position's JSON form, as it was when File, Resource and
// Module were plain fields.
type positionJSON struct {
	File     string `json:"file"`
	Line     int32  `json:"line"`
	Col      int32  `json:"column"`
	Resource string `json:"resource"`
	Module   string `json:"module,omitempty"`
}

// MarshalJSON keeps the JSON form of a Position as it was with File,
// Resource and Module as fields (EndLine stays out).
func (p Position) MarshalJSON() ([]byte, error) {
	w := p.get()
	return json.Marshal(positionJSON{File: w.file, Line: p.Line, Col: p.Col, Resource: w.resource, Module: w.module})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (p *Position) UnmarshalJSON(b []byte) error {
	var j positionJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*p = Position{where: intern(posWhere{file: j.File, resource: j.Resource, module: j.Module}), Line: j.Line, Col: j.Col}
	return nil
}

// IsZero reports whether the position says nothing.
func (p Position) IsZero() bool {
	w := p.get()
	return w.file == "" && w.resource == "" && p.Line == 0
}

func (p Position) String() string {
	w := p.get()
	if w.file == "" && w.resource != "" {
		return w.resource
	}
	var b strings.Builder
	b.WriteString(w.file)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Col > 0 {
			fmt.Fprintf(&b, ":%d", p.Col)
		}
	}
	return b.String()
}

// Where is String for people: with the module instance when there is one,
// "modules/site/main.tf:23:5 in module.site[\"shop\"]". String stays the
// bare "file:line:col" that editors and problem matchers parse.
func (p Position) Where() string {
	if p.Module() == "" {
		return p.String()
	}
	return p.String() + " in " + p.Module()
}

// Less orders positions by file, line, column, module instance, then
// resource.
func (p Position) Less(q Position) bool {
	if p.where != q.where && p.File() != q.File() {
		return p.File() < q.File()
	}
	if p.Line != q.Line {
		return p.Line < q.Line
	}
	if p.Col != q.Col {
		return p.Col < q.Col
	}
	if p.where == q.where {
		return false
	}
	if p.Module() != q.Module() {
		return p.Module() < q.Module()
	}
	return p.Resource() < q.Resource()
}

// Related is a secondary position a finding points at ("upstream defined here").
type Related struct {
	Pos     Position
	Message string
}
