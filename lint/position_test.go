package lint

import (
	"encoding/json"
	"testing"
)

// Rules key maps by Position and compare with ==: positions built apart
// with the same file, resource and module must be equal, different ones
// not.
func TestPositionCompareByValue(t *testing.T) {
	res := "cloudflare:zone/" + string([]byte("example.com")) // not the same string header
	a := At("main.tf", 3, 0).WithResource("cloudflare:zone/example.com").WithModule(`module.a`)
	b := InFile(string([]byte("main.tf"))).At(3, 0).WithModule(`module.a`).WithResource(res)
	if a != b {
		t.Errorf("%v != %v", a, b)
	}
	seen := map[Position]bool{a: true}
	if !seen[b] {
		t.Error("equal positions are different map keys")
	}
	if c := b.WithModule(`module.b`); c == a || c.Module() != `module.b` || c.Resource() != res {
		t.Errorf("WithModule: %v %q %q", c, c.Module(), c.Resource())
	}
	if c := a.WithResource("").WithModule(""); c != (At("main.tf", 3, 0)) || c.File() != "main.tf" {
		t.Errorf("clearing the extras leaves %#v", c)
	}
	if c := a.WithFile("other.tf"); c == a || c.File() != "other.tf" || c.Resource() != res || !a.Less(c) {
		t.Errorf("WithFile: %v %q", c, c.Resource())
	}
	if (Position{}) != AtFile("") || !AtFile("").IsZero() || AtFile("a.conf").IsZero() {
		t.Error("the zero position is not the position of no file")
	}
	if !(Position{}.WithModule("module.a")).IsZero() {
		t.Error("a module alone says nothing about where")
	}
	if AtResource("r").IsZero() {
		t.Error("a resource is a position")
	}
	if !a.Less(a.WithModule("module.b")) || a.Less(b) || b.Less(a) {
		t.Error("Less does not order by module")
	}
}

// The JSON form is the one Position had with Resource and Module as fields.
func TestPositionJSON(t *testing.T) {
	for _, c := range []struct {
		p    Position
		want string
	}{
		{Span("a.conf", 3, 5, 9), `{"file":"a.conf","line":3,"column":5,"resource":""}`},
		{At("m.tf", 1, 0).WithResource("cloudflare:zone/<x>").WithModule(`module.s["a"]`),
			`{"file":"m.tf","line":1,"column":0,"resource":"cloudflare:zone/\u003cx\u003e","module":"module.s[\"a\"]"}`},
	} {
		b, err := json.Marshal(c.p)
		if err != nil || string(b) != c.want {
			t.Errorf("Marshal(%v) = %s, %v; want %s", c.p, b, err, c.want)
		}
		var back Position
		if err := json.Unmarshal(b, &back); err != nil || back != (Position{where: c.p.where, Line: c.p.Line, Col: c.p.Col}) {
			t.Errorf("Unmarshal(%s) = %#v, %v", b, back, err)
		}
	}
}
