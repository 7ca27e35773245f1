package lint

import (
	"fmt"
	"testing"
)

// DirectiveAt finds the first directive written at a position (a file
// included twice lists its directives twice); Inside lists a block's
// directives in line order even when includes interleave files.
func TestDirectiveIndex(t *testing.T) {
	d := func(file string, line, col, end int, name string) *Directive {
		return &Directive{Name: name, Pos: Span(file, line, col, end), Block: end > line}
	}
	server := d("a.conf", 1, 1, 9, "server")
	first := d("b.conf", 1, 1, 1, "proxy_pass")
	c := &Config{Directives: []*Directive{
		server,
		d("a.conf", 2, 5, 2, "listen"),
		d("a.conf", 3, 5, 3, "include"),
		first,
		d("b.conf", 2, 1, 2, "proxy_read_timeout"),
		d("a.conf", 8, 5, 8, "root"),
		d("a.conf", 4, 5, 4, "index"), // out of order: sorted into place
		d("b.conf", 1, 1, 1, "proxy_pass"),
		d("a.conf", 12, 1, 12, "outside"),
		{Name: "record", Pos: AtResource("cloudflare:zone/x")},
		{Name: "in-a", Pos: At("m.tf", 3, 1).WithModule("module.a")},
		{Name: "in-b", Pos: At("m.tf", 3, 1).WithModule("module.b")},
	}}
	if got := c.DirectiveAt(At("m.tf", 3, 1).WithModule("module.b")); got == nil || got.Name != "in-b" {
		t.Errorf("DirectiveAt(module.b) = %v, want the module's own", got)
	}
	if got := c.DirectiveAt(Span("b.conf", 1, 1, 7)); got != first {
		t.Errorf("DirectiveAt = %v, want the first directive written there", got)
	}
	if got := c.DirectiveAt(AtResource("cloudflare:zone/x")); got == nil || got.Name != "record" {
		t.Errorf("DirectiveAt(resource) = %v", got)
	}
	if got := c.DirectiveAt(At("a.conf", 5, 5)); got != nil {
		t.Errorf("DirectiveAt(nothing there) = %v", got)
	}
	var names []string
	for _, x := range c.Inside(server) {
		names = append(names, fmt.Sprintf("%s:%d", x.Name, x.Pos.Line))
	}
	if got, want := fmt.Sprint(names), "[listen:2 include:3 index:4 root:8]"; got != want {
		t.Errorf("Inside(server) = %s, want %s", got, want)
	}
}
