package buffers

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

//go:embed docs/response-header-buffer-small.md
var smallDoc string

// SmallOptions tune response-header-buffer-small.
type SmallOptions struct {
	// Floor is the smallest response-header buffer that is not reported:
	// one 4k page, nginx's default and the smallest size real-world
	// cookies and authentication headers stay within.
	Floor string `yaml:"floor"`
}

// Validate: a floor of zero would report nothing.
func (o *SmallOptions) Validate() error {
	if n, ok := parseSize(o.Floor); !ok || n <= 0 {
		return lint.BadOption("floor", o.Floor, "is not a positive size like 4k")
	}
	return nil
}

// Small reports a response-header buffer written smaller than the floor.
// Only explicit values count: the defaults (one page for nginx, 8192 bytes
// a line for Apache) are what most backends are written against.
var Small = &lint.Rule{
	ID:       "EL6002",
	Name:     "response-header-buffer-small",
	Category: lint.CategoryBuffer,
	Title:    "response-header buffer written smaller than one page",
	Doc:      smallDoc,
	Severity: lint.Warning,
	Sources:  []lint.SourceKind{lint.Nginx, lint.Apache},
	Options:  lint.OptionsOf(func() SmallOptions { return SmallOptions{Floor: "4k"} }),
	Check:    checkSmall,
}

func checkSmall(p *lint.Pass) error {
	floor, _ := parseSize(lint.Opts[SmallOptions](p).Floor)
	reported := map[lint.Position]bool{}
	for r := range p.Config.Routes() {
		b := r.Buffers.BufferSize
		if p.Config.Source == lint.Apache {
			b = r.Buffers.FieldSize
		}
		if !b.Set || int64(b.Value) >= floor || reported[b.Pos] {
			continue
		}
		reported[b.Pos] = true
		p.Report(b.Pos, message(p.Config.Source, b, floor))
	}
	return nil
}

func message(src lint.SourceKind, b lint.Setting[lint.Size], floor int64) string {
	if src == lint.Apache {
		return fmt.Sprintf("%s%d is smaller than %s → 502 (AH10124, \"response header field … exceeds the limit of ResponseFieldSize\") "+
			"when one response header line is longer than %d bytes, e.g. a session cookie",
			b.Directive, int64(b.Value), lint.Size(floor), int64(b.Value))
	}
	log := "upstream sent too big header while reading response header from upstream"
	if strings.HasPrefix(b.Directive, "grpc") {
		log = "upstream sent too large http2 frame"
	}
	return fmt.Sprintf("%s %s is smaller than %s → 502 (\"%s\") when the backend's response header "+
		"(status line, cookies, auth tokens) is larger than %s", b.Directive, b.Value, lint.Size(floor), log, b.Value)
}
