package lint

import (
	"encoding/json"
	"testing"
)

// Rules key maps by Position and compare with ==: positions built apart
// with the same resource and module must be equal, different ones not.
func TestPositionExtrasCompareByValue(t *testing.T) {
	res := "cloudflare:zone/" + string([]byte("example.com")) // not the same string header
	a := Position{File: "main.tf", Line: 3}.WithResource("cloudflare:zone/example.com").WithModule(`module.a`)
	b := Position{File: "main.tf", Line: 3}.WithModule(`module.a`).WithResource(res)
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
	if c := a.WithResource("").WithModule(""); c != (Position{File: "main.tf", Line: 3}) {
		t.Errorf("clearing the extras leaves %#v", c)
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
		{Position{File: "a.conf", Line: 3, Col: 5, EndLine: 9}, `{"file":"a.conf","line":3,"column":5,"resource":""}`},
		{Position{File: "m.tf", Line: 1}.WithResource("cloudflare:zone/<x>").WithModule(`module.s["a"]`),
			`{"file":"m.tf","line":1,"column":0,"resource":"cloudflare:zone/\u003cx\u003e","module":"module.s[\"a\"]"}`},
	} {
		b, err := json.Marshal(c.p)
		if err != nil || string(b) != c.want {
			t.Errorf("Marshal(%v) = %s, %v; want %s", c.p, b, err, c.want)
		}
		var back Position
		if err := json.Unmarshal(b, &back); err != nil || back != (Position{File: c.p.File, Line: c.p.Line, Col: c.p.Col, extra: c.p.extra}) {
			t.Errorf("Unmarshal(%s) = %#v, %v", b, back, err)
		}
	}
}
