package lint

import "testing"

// TestSpliced: an include that read files is replaced by their top
// levels, recursively; one that read nothing stays, Blind unless it names
// a stock file.
func TestSpliced(t *testing.T) {
	inner := &IncludedFile{Path: "inner.conf", Body: []*Block{{Name: "b"}}}
	outer := &IncludedFile{Path: "outer.conf", Body: []*Block{
		{Name: "include", Include: &Inclusion{Files: []*IncludedFile{inner}}},
		{Name: "c"},
	}}
	missing := &Block{Name: "include", Args: []string{"missing.conf"}, Include: &Inclusion{}}
	stock := &Block{Name: "include", Args: []string{"mime.types"}, Include: &Inclusion{Stock: true}}
	body := []*Block{
		{Name: "a"},
		{Name: "include", Include: &Inclusion{Files: []*IncludedFile{outer, inner}}},
		missing, stock,
	}
	var names []string
	for _, b := range Spliced(body) {
		names = append(names, b.Name)
	}
	if got := len(names); got != 6 || names[0] != "a" || names[1] != "b" || names[2] != "c" || names[3] != "b" || names[4] != "include" || names[5] != "include" {
		t.Errorf("spliced %v", names)
	}
	if !missing.Blind() || stock.Blind() || body[0].Blind() {
		t.Error("Blind: only the include that read nothing and names no stock file")
	}
	plain := []*Block{{Name: "a"}}
	if got := Spliced(plain); len(got) != 1 || got[0] != plain[0] {
		t.Errorf("a body without includes: %v", got)
	}
}
