package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// formatsFixture has findings in a file whose name and messages need
// escaping in every format, and findings on live resources.
var formatsFixture = map[string]string{
	"a,b:c%.conf": nginxConf("        location / {\n            add_header X-Lint bad;\n            add_header X-Lint-Error \"a, b: 100%\";\n        }\n"),
	"snapshot.json": `{"format": "edgelint-cloudflare-snapshot", "version": 1,
 "zones": [{"zone": {"id": "z1", "name": "example.com", "account": {"id": "a1"}},
   "dns_records": [
     {"id": "r1", "type": "CNAME", "name": "www.example.com", "content": "origin.example.com", "proxied": true, "ttl": 1},
     {"id": "r2", "type": "A", "name": "origin.example.com", "content": "198.51.100.4", "proxied": false, "ttl": 300}]}]}
`,
}

// One run writes every format, each to its own file, and each carries the
// run's findings (the JSON's). How each format writes them — escaping,
// grouping, metadata, and that every format reads back the same — is
// internal/output/report's golden and agreement tests.
func TestEveryFormatHasTheSameFindings(t *testing.T) {
	useTestRules(t)
	inTemp(t, formatsFixture)
	args := []string{"check"}
	for _, f := range []string{"json", "sarif", "github", "checkstyle", "junit", "text"} {
		args = append(args, "--format", f+"=out."+f)
	}
	run(t, args...).expect(t, 1)
	read := func(f string) string {
		b, err := os.ReadFile("out." + f)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	o := decodeJSON(t, read("json"))
	if got := strings.Join(o.keys(), "; "); got != "EL9903 :0cloudflare:zone/example.com/dns_records/www.example.com; EL9901 a,b:c%.conf:6; EL9902 a,b:c%.conf:7" {
		t.Fatalf("json findings: %s", got)
	}
	for _, format := range []string{"sarif", "github", "checkstyle", "junit", "text"} {
		out := read(format)
		for _, f := range o.Findings {
			if !strings.Contains(out, f.Rule+" ") && !strings.Contains(out, `"`+f.Rule+`"`) && !strings.Contains(out, "."+f.Rule+".") {
				t.Errorf("%s lacks %s:\n%s", format, f.Rule, out)
			}
		}
	}
	if text := read("text"); !strings.Contains(text, "3 findings (1 error, 2 warnings) in 2 files") {
		t.Errorf("text summary:\n%s", text)
	}
}

func TestSARIFValidatesAgainstTheSchema(t *testing.T) {
	useTestRules(t)
	inTemp(t, formatsFixture)
	// with a load error too, which SARIF carries as a tool notification
	writeFiles(t, ".", map[string]string{"broken.conf": "server {\n"})
	r := run(t, "check", "--format", "sarif").expect(t, 2)
	validateSARIF(t, r.stdout)

	var doc struct {
		Runs []struct {
			Invocations []struct {
				ExecutionSuccessful bool  `json:"executionSuccessful"`
				Notifications       []any `json:"toolExecutionNotifications"`
			} `json:"invocations"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if inv := doc.Runs[0].Invocations[0]; inv.ExecutionSuccessful || len(inv.Notifications) != 1 {
		t.Errorf("invocation %+v", inv)
	}
}

func validateSARIF(t *testing.T, doc string) {
	t.Helper()
	c := jsonschema.NewCompiler()
	// the OASIS SARIF 2.1.0 schema, checked in beside the reporter
	sch, err := c.Compile(filepath.Join(repoRoot, "internal", "output", "report", "testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("SARIF does not validate: %v", err)
	}
}

// sarifDoc is what the fingerprint test reads of SARIF.
type sarifDoc struct {
	Runs []struct {
		Results []struct {
			Locations []struct {
				PhysicalLocation struct {
					Region struct {
						StartLine int `json:"startLine"`
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
		} `json:"results"`
	} `json:"runs"`
}

// SARIF fingerprints identify a finding across line moves, and tell two
// findings apart.
func TestSARIFFingerprintsSurviveLineMoves(t *testing.T) {
	useTestRules(t)
	inTemp(t, map[string]string{"nginx.conf": twoMarkers})
	prints := func() (map[string]int, []int) {
		var doc sarifDoc
		if err := json.Unmarshal([]byte(run(t, "check", "--format", "sarif").expect(t, 1).stdout), &doc); err != nil {
			t.Fatal(err)
		}
		fps := map[string]int{}
		var lines []int
		for _, r := range doc.Runs[0].Results {
			fps[r.PartialFingerprints["edgelint/v1"]]++
			lines = append(lines, r.Locations[0].PhysicalLocation.Region.StartLine)
		}
		return fps, lines
	}
	before, linesBefore := prints()
	writeFiles(t, ".", map[string]string{"nginx.conf": "# moved down\n\n" + twoMarkers})
	after, linesAfter := prints()
	if fmt.Sprint(before) != fmt.Sprint(after) || len(before) != 2 {
		t.Errorf("fingerprints changed with the lines: %v -> %v", before, after)
	}
	if fmt.Sprint(linesBefore) == fmt.Sprint(linesAfter) {
		t.Errorf("lines did not move: %v", linesAfter)
	}
	writeFiles(t, ".", map[string]string{"nginx.conf": strings.Replace(twoMarkers, "location /b", "location /c", 1)})
	if same, _ := prints(); fmt.Sprint(same) != fmt.Sprint(before) {
		t.Errorf("fingerprint depends on an unrelated line")
	}
}
