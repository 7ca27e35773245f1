package projectconfig

import "testing"

func TestStrictIncludes(t *testing.T) {
	reg := testRegistry(t)
	for _, c := range []struct {
		yaml string
		want bool
	}{
		{"strict-includes: true\n", true},
		{"strict-includes: false\n", false},
		{"nginx-version: 1.26.3\n", false},
	} {
		cfg, err := Parse("e.yaml", []byte(c.yaml), reg)
		if err != nil || cfg.StrictIncludes != c.want {
			t.Errorf("%q: StrictIncludes %v (%v), want %v", c.yaml, cfg != nil && cfg.StrictIncludes, err, c.want)
		}
	}
}
