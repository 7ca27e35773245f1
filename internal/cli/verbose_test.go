package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// --verbose says why each hidden finding was hidden, on stderr and in JSON;
// without it JSON keeps v1's exact shape.
func TestVerboseExplainsHiddenFindings(t *testing.T) {
	useTestRules(t)
	inTemp(t, map[string]string{
		"nginx.conf":      "events {}\nhttp {\n    include sites/*.conf;\n    include legacy/*.conf;\n}\n",
		"sites/a.conf":    "server {\n    listen 80;\n    # edgelint:ignore EL9901 the marker is expected here\n    add_header X-Lint bad;\n    add_header X-Lint bad;\n}\n",
		"legacy/old.conf": "server {\n    listen 81;\n    add_header X-Lint bad;\n}\n",
		".edgelint.yaml":  "exclude:\n  - paths: [\"legacy/**\"]\n    reason: being rewritten\n",
	})

	r := run(t, "check", "--format", "json", "--fail-on", "none").expect(t, 0)
	if strings.Contains(r.stdout, `"hidden"`) || r.stderr != "" {
		t.Errorf("hidden findings shown without --verbose:\n%s\n%s", r.stdout, r.stderr)
	}
	decodeJSON(t, r.stdout) // v1's exact shape

	type hidden struct {
		Rule      string `json:"rule"`
		File      string `json:"file"`
		Line      int    `json:"line"`
		Processor string `json:"processor"`
		Reason    string `json:"reason"`
	}
	verbose := func(args ...string) (findings []string, hid []hidden, stderr string) {
		t.Helper()
		r := run(t, append([]string{"check", "--verbose", "--format", "json", "--fail-on", "none"}, args...)...).expect(t, 0)
		var out struct {
			Findings []struct {
				Rule string `json:"rule"`
				File string `json:"file"`
				Line int    `json:"line"`
			} `json:"findings"`
			Hidden []hidden `json:"hidden"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
			t.Fatal(err)
		}
		for _, f := range out.Findings {
			findings = append(findings, f.Rule+" "+f.File+":"+itoa(f.Line))
		}
		return findings, out.Hidden, r.stderr
	}

	kept, hid, stderr := verbose()
	if strings.Join(kept, ",") != "EL9901 sites/a.conf:5" {
		t.Errorf("findings %v", kept)
	}
	want := []hidden{
		{"EL9901", "sites/a.conf", 4, "suppress", `suppressed by "edgelint:ignore EL9901 the marker is expected here" at sites/a.conf:3:5`},
		{"EL9901", "legacy/old.conf", 3, "exclude", "excluded by .edgelint.yaml:2: being rewritten"},
	}
	if len(hid) != len(want) {
		t.Fatalf("hidden %+v", hid)
	}
	for i := range want {
		if hid[i] != want[i] {
			t.Errorf("hidden %d:\n  %+v\nwant\n  %+v", i, hid[i], want[i])
		}
	}
	wantErr := "edgelint: using configuration .edgelint.yaml\n" +
		"edgelint: hid EL9901 at sites/a.conf:4:5 (suppress): suppressed by \"edgelint:ignore EL9901 the marker is expected here\" at sites/a.conf:3:5\n" +
		"edgelint: hid EL9901 at legacy/old.conf:3:5 (exclude): excluded by .edgelint.yaml:2: being rewritten\n"
	if stderr != wantErr {
		t.Errorf("stderr:\n%s\nwant\n%s", stderr, wantErr)
	}

	run(t, "check", "--write-baseline", "base.json").expect(t, 0)
	kept, hid, _ = verbose("--baseline", "base.json")
	if len(kept) != 0 || len(hid) != 3 || hid[2].Processor != "baseline" || !strings.HasPrefix(hid[2].Reason, "recorded in the baseline base.json (fingerprint ") {
		t.Errorf("findings %v, hidden %+v", kept, hid)
	}
}
