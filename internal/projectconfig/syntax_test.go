package projectconfig

import (
	"strings"
	"testing"
)

// A YAML syntax error points at the line and column of the mistake, not at
// line 1 (where yaml.v3 puts a bad key deep in a mapping) or nowhere.
func TestSyntaxErrorPosition(t *testing.T) {
	reg := testRegistry(t)
	for _, c := range []struct{ yaml, want string }{
		{"rules:\n  EL4001:\n    severity: error\n   options: x\n", "e.yaml:4:4: did not find expected key"},
		{"enable: [EL4001]\nexclude:\n  - paths: [a]\n    reason: b\n   rules: c\n", "e.yaml:5:4: did not find expected '-' indicator"},
		{"enable: [EL4001]\ndisable: [EL4002\nrules: {}\n", "e.yaml:2:1: did not find expected ',' or ']'"},
		{"nginx-version: 1.25: x\n", "e.yaml:1:20: mapping values are not allowed in this context"},
		{"enable:\n  - EL4001\n\t- EL4002\n", "e.yaml:3:1: found a tab character"},
		{"nginx-version: @x\n", "e.yaml:1:16: found character that cannot start any token"},
		{"enable: [EL4001]\nnginx-version: \"1.25\n", "e.yaml:2:16: found unexpected end of stream"},
	} {
		_, err := Parse("e.yaml", []byte(c.yaml), reg)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q:\n got %v\nwant %s", c.yaml, err, c.want)
		}
	}
}
