package cli

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
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

// finding is what every format must agree on.
type finding struct {
	rule, where string
	line        int
	message     string
}

func (f finding) String() string {
	return fmt.Sprintf("%s %s:%d %s", f.rule, f.where, f.line, f.message)
}

func sorted(fs []finding) string {
	var s []string
	for _, f := range fs {
		s = append(s, f.String())
	}
	sort.Strings(s)
	return strings.Join(s, "\n")
}

func TestEveryFormatHasTheSameFindings(t *testing.T) {
	useTestRules(t)
	inTemp(t, formatsFixture)
	args := []string{"check"}
	for _, f := range []string{"json", "sarif", "github", "checkstyle", "junit", "text"} {
		args = append(args, "--format", f+"=out."+f)
	}
	run(t, args...).expect(t, 1)
	read := func(f string) []byte {
		b, err := os.ReadFile("out." + f)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}

	var want []finding
	for _, f := range decodeJSON(t, string(read("json"))).Findings {
		where := f.File
		if where == "" {
			where = f.Resource
		}
		want = append(want, finding{f.Rule, where, f.Line, f.Message})
	}
	if len(want) != 3 {
		t.Fatalf("json findings: %v", want)
	}
	formats := map[string][]finding{
		"sarif":      fromSARIF(t, read("sarif")),
		"github":     fromGitHub(t, string(read("github"))),
		"checkstyle": fromCheckstyle(t, read("checkstyle")),
		"junit":      fromJUnit(t, read("junit")),
	}
	for name, got := range formats {
		if sorted(got) != sorted(want) {
			t.Errorf("%s findings:\n%s\nwant (json):\n%s", name, sorted(got), sorted(want))
		}
	}
	text := string(read("text"))
	for _, f := range want {
		if !strings.Contains(text, f.rule) || (f.line > 0 && !strings.Contains(text, strconv.Itoa(f.line)+":")) {
			t.Errorf("text lacks %v:\n%s", f, text)
		}
	}
	if !strings.Contains(text, "3 findings (1 error, 2 warnings) in 2 files") {
		t.Errorf("text summary:\n%s", text)
	}
}

type sarifDoc struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Rules []struct {
					ID string `json:"id"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex int    `json:"ruleIndex"`
			Message   struct {
				Text string `json:"text"`
			} `json:"message"`
			Locations []struct {
				PhysicalLocation *struct {
					ArtifactLocation struct {
						URI string `json:"uri"`
					} `json:"artifactLocation"`
					Region struct {
						StartLine int `json:"startLine"`
					} `json:"region"`
				} `json:"physicalLocation"`
				LogicalLocations []struct {
					FullyQualifiedName string `json:"fullyQualifiedName"`
				} `json:"logicalLocations"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
		} `json:"results"`
	} `json:"runs"`
}

func fromSARIF(t *testing.T, b []byte) []finding {
	t.Helper()
	var doc sarifDoc
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var out []finding
	run := doc.Runs[0]
	for _, r := range run.Results {
		if run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("ruleIndex %d does not point at %s", r.RuleIndex, r.RuleID)
		}
		f := finding{rule: r.RuleID, message: r.Message.Text}
		loc := r.Locations[0]
		if loc.PhysicalLocation != nil {
			uri := loc.PhysicalLocation.ArtifactLocation.URI
			// a relative reference: percent-decoding gives the path back
			path, err := urlUnescape(uri)
			if err != nil {
				t.Errorf("uri %q: %v", uri, err)
			}
			f.where, f.line = path, loc.PhysicalLocation.Region.StartLine
		} else {
			f.where = loc.LogicalLocations[0].FullyQualifiedName
		}
		out = append(out, f)
	}
	return out
}

// fromGitHub parses workflow commands the way the Actions runner does
// (ActionCommand.TryParseV2): "::command k=v,k=v::data", properties split
// on "," and the first "=", then unescaped (%3A :, %2C ,, %0D, %0A, %25),
// data unescaped (%0D, %0A, %25).
func fromGitHub(t *testing.T, s string) []finding {
	t.Helper()
	unescapeData := strings.NewReplacer("%0D", "\r", "%0A", "\n", "%25", "%")
	unescapeProp := strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%")
	var out []finding
	for _, line := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		if !strings.HasPrefix(line, "::") {
			t.Fatalf("not a workflow command: %q", line)
		}
		end := strings.Index(line[2:], "::")
		if end < 0 {
			t.Fatalf("no data separator: %q", line)
		}
		cmdInfo, data := line[2:2+end], line[2+end+2:]
		cmd, props, _ := strings.Cut(cmdInfo, " ")
		if cmd != "error" && cmd != "warning" && cmd != "notice" {
			t.Errorf("command %q", cmd)
		}
		p := map[string]string{}
		for _, kv := range strings.Split(props, ",") {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				t.Fatalf("property %q in %q", kv, line)
			}
			p[k] = unescapeProp.Replace(v)
		}
		id, _, _ := strings.Cut(p["title"], " ")
		f := finding{rule: id, where: p["file"], message: unescapeData.Replace(data)}
		if p["line"] != "" {
			f.line, _ = strconv.Atoi(p["line"])
		}
		if f.where == "" {
			// live objects carry their resource in the message
			f.where, f.message, _ = strings.Cut(f.message, ": ")
		}
		out = append(out, f)
	}
	return out
}

func fromCheckstyle(t *testing.T, b []byte) []finding {
	t.Helper()
	var doc struct {
		Files []struct {
			Name   string `xml:"name,attr"`
			Errors []struct {
				Line    int    `xml:"line,attr"`
				Message string `xml:"message,attr"`
				Source  string `xml:"source,attr"`
			} `xml:"error"`
		} `xml:"file"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var out []finding
	for _, f := range doc.Files {
		for _, e := range f.Errors {
			parts := strings.Split(e.Source, ".")
			out = append(out, finding{rule: parts[1], where: f.Name, line: e.Line, message: e.Message})
		}
	}
	return out
}

var junitNameRE = regexp.MustCompile(`^(EL\d{4}) \S+ at (.*?)(?::(\d+)(?::\d+)?)?$`)

func fromJUnit(t *testing.T, b []byte) []finding {
	t.Helper()
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Cases []struct {
				Name      string `xml:"name,attr"`
				Classname string `xml:"classname,attr"`
				Failure   *struct {
					Message string `xml:"message,attr"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var out []finding
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			if c.Failure == nil {
				continue
			}
			m := junitNameRE.FindStringSubmatch(c.Name)
			if m == nil {
				t.Fatalf("test case name %q", c.Name)
			}
			line, _ := strconv.Atoi(m[3])
			out = append(out, finding{rule: m[1], where: c.Classname, line: line, message: c.Failure.Message})
		}
	}
	if doc.Failures != len(out) {
		t.Errorf("failures=%d, %d failing cases", doc.Failures, len(out))
	}
	return out
}

func urlUnescape(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			n, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
			if err != nil {
				return "", err
			}
			b.WriteByte(byte(n))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String(), nil
}

func TestSARIFValidatesAgainstTheSchema(t *testing.T) {
	useTestRules(t)
	inTemp(t, formatsFixture)
	// with a load error too, which SARIF carries as a tool notification
	writeFiles(t, ".", map[string]string{"broken.conf": "server {\n"})
	r := run(t, "check", "--format", "sarif").expect(t, 2)
	validateSARIF(t, r.stdout)

	var doc map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	runs := doc["runs"].([]any)[0].(map[string]any)
	inv := runs["invocations"].([]any)[0].(map[string]any)
	if inv["executionSuccessful"] != false || len(inv["toolExecutionNotifications"].([]any)) != 1 {
		t.Errorf("invocation %v", inv)
	}
	rules := runs["tool"].(map[string]any)["driver"].(map[string]any)["rules"].([]any)
	rule := rules[0].(map[string]any)
	for _, k := range []string{"id", "name", "shortDescription", "fullDescription", "helpUri", "defaultConfiguration", "properties"} {
		if rule[k] == nil {
			t.Errorf("rule metadata lacks %s: %v", k, rule)
		}
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
