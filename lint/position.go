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
// The model holds a Position in every setting, so its size is most of the
// model's memory. Resource and Module are set only by the Cloudflare,
// Terraform and cloudflared sources, so they live behind one interned
// handle that is the zero handle everywhere else. Line, Col and EndLine
// are int32 for the same reason: no configuration file has 2^31 lines
// (At and Span build a Position from ints). 40 bytes instead of 72.
type Position struct {
	File string
	Line int32
	Col  int32
	// EndLine is the last line of the directive or block that starts at
	// Line (0 when unknown). Suppressions use it to scope a comment to the
	// whole block it precedes; it is not part of any output.
	EndLine int32
	// extra holds Resource and Module, interned (see internExtra) so
	// that Positions stay comparable by value with == and as map keys.
	// The zero handle means neither is set.
	extra unique.Handle[posExtra]
}

type posExtra struct {
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

// internExtra makes equal Resource and Module pairs share one handle:
// rules and indexes compare Positions with == and key maps by them, and
// the compiler's equality compares the handle's pointer, not what it
// points at. Interning keeps that equality by value without a method every
// caller would have to remember. unique drops an entry once no Position
// holds it, so a long run does not keep every resource it ever saw.
func internExtra(e posExtra) unique.Handle[posExtra] {
	if e == (posExtra{}) {
		return noExtra
	}
	return unique.Make(e)
}

var noExtra unique.Handle[posExtra]

// At is the position of line and column col (0 when unknown) in file.
func At(file string, line, col int) Position {
	return Position{File: file, Line: int32(line), Col: int32(col)}
}

// Span is At for a directive or block that ends on endLine.
func Span(file string, line, col, endLine int) Position {
	return Position{File: file, Line: int32(line), Col: int32(col), EndLine: int32(endLine)}
}

// AtResource is the position of a live object that has no file.
func AtResource(resource string) Position {
	return Position{}.WithResource(resource)
}

// Resource is the live object the value came from
// ("cloudflare:zone/example.com/settings/ssl"), or "" for local
// configuration.
func (p Position) Resource() string {
	if p.extra == noExtra {
		return ""
	}
	return p.extra.Value().resource
}

// Module is the Terraform module instance the value belongs to
// (`module.site["example.com"]`), or "" outside modules.
func (p Position) Module() string {
	if p.extra == noExtra {
		return ""
	}
	return p.extra.Value().module
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

// SetResource sets the live object p names.
func (p *Position) SetResource(resource string) {
	if resource == p.Resource() {
		return
	}
	p.extra = internExtra(posExtra{resource: resource, module: p.Module()})
}

// SetModule sets the Terraform module instance p belongs to.
func (p *Position) SetModule(module string) {
	if module == p.Module() {
		return
	}
	p.extra = internExtra(posExtra{resource: p.Resource(), module: module})
}

// positionJSON is Position's JSON form, as it was when Resource and Module
// were plain fields.
type positionJSON struct {
	File     string `json:"file"`
	Line     int32  `json:"line"`
	Col      int32  `json:"column"`
	Resource string `json:"resource"`
	Module   string `json:"module,omitempty"`
}

// MarshalJSON keeps the JSON form of a Position as it was with Resource and
// Module as fields (EndLine stays out).
func (p Position) MarshalJSON() ([]byte, error) {
	return json.Marshal(positionJSON{File: p.File, Line: p.Line, Col: p.Col, Resource: p.Resource(), Module: p.Module()})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (p *Position) UnmarshalJSON(b []byte) error {
	var j positionJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*p = Position{File: j.File, Line: j.Line, Col: j.Col}.WithResource(j.Resource).WithModule(j.Module)
	return nil
}

// IsZero reports whether the position says nothing.
func (p Position) IsZero() bool {
	return p.File == "" && p.Resource() == "" && p.Line == 0
}

func (p Position) String() string {
	if p.File == "" && p.Resource() != "" {
		return p.Resource()
	}
	var b strings.Builder
	b.WriteString(p.File)
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
	if p.File != q.File {
		return p.File < q.File
	}
	if p.Line != q.Line {
		return p.Line < q.Line
	}
	if p.Col != q.Col {
		return p.Col < q.Col
	}
	if p.extra == q.extra {
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
