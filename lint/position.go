// Package lint holds edgelint's common model of proxy and CDN configuration,
// the rule type, the runner and findings. Sources (nginx, Apache, Cloudflare)
// build the model; rules read it; processors and reporters consume findings.
package lint

import (
	"fmt"
	"strings"
)

// Position says where a value came from: a file position for local
// configuration, or a resource for live objects
// ("cloudflare:zone/example.com/settings/ssl").
type Position struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Col      int    `json:"column"`
	Resource string `json:"resource"`
	// Module is the Terraform module instance a value in a called
	// module's files belongs to, as Terraform writes its address
	// (`module.site["example.com"]`, `module.a[0].module.b`); empty
	// outside modules. Instances of one module share its files, so File
	// and Line are the same for each: Module tells them apart, in every
	// output and in fingerprints. (Not the message: the instance is the
	// source's knowledge, not each rule's, and a message naming the zone
	// would change the fingerprints of findings outside modules too.)
	Module string `json:"module,omitempty"`
	// EndLine is the last line of the directive or block that starts at
	// Line (0 when unknown). Suppressions use it to scope a comment to the
	// whole block it precedes; it is not part of any output.
	EndLine int `json:"-"`
}

// IsZero reports whether the position says nothing.
func (p Position) IsZero() bool {
	return p.File == "" && p.Resource == "" && p.Line == 0
}

func (p Position) String() string {
	if p.Resource != "" && p.File == "" {
		return p.Resource
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
	if p.Module == "" {
		return p.String()
	}
	return p.String() + " in " + p.Module
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
	if p.Module != q.Module {
		return p.Module < q.Module
	}
	return p.Resource < q.Resource
}

// Related is a secondary position a finding points at ("upstream defined here").
type Related struct {
	Pos     Position
	Message string
}
