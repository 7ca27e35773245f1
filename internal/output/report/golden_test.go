package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/edgelint/edgelint/internal/processors"
	"github.com/edgelint/edgelint/internal/testsupport/golden"
	"github.com/edgelint/edgelint/lint"
)

// Rules of the fixed report: EL9901 (warning, a doc with a first
// paragraph), EL9902 (error), EL9903 (a Cloudflare rule whose doc is only
// a heading, so SARIF falls back to the title).
var (
	markerRule = &lint.Rule{
		ID: "EL9901", Name: "test-marker", Category: lint.CategoryOther, Title: "test marker",
		Doc:      "# EL9901 test-marker\n\nReports test markers\nin add_header.\n\n## Bad\n\n```nginx\nadd_header X-Lint bad;\n```\n",
		Severity: lint.Warning, Sources: []lint.SourceKind{lint.Nginx, lint.Apache},
	}
	errorRule = &lint.Rule{
		ID: "EL9902", Name: "test-error-marker", Category: lint.CategoryOther, Title: "test error marker",
		Doc: "# EL9902 test-error-marker\n\nReports error markers.\n", Severity: lint.Error, Sources: []lint.SourceKind{lint.Nginx},
	}
	recordRule = &lint.Rule{
		ID: "EL9903", Name: "test-proxied-record", Category: lint.CategoryReachability, Title: "test proxied record",
		Doc: "# EL9903 test-proxied-record\n", Severity: lint.Warning, Sources: []lint.SourceKind{lint.Cloudflare},
	}
)

func docsURL(r *lint.Rule) string {
	return "https://github.com/edgelint/edgelint/blob/main/docs/rules/" + r.ID + ".md"
}

// escapes is a file name every format must escape: "," and ":" in GitHub
// properties, "%" everywhere, ":" in a relative SARIF URI.
const escapes = "a,b:c%.conf"

// fullReport holds one of everything a reporter prints: findings in two
// files (one name needing escapes), on a live resource and in an absolute
// path; related locations in the same file, a sibling file and a resource;
// two findings sharing a fingerprint; a finding of a rule the registry
// does not list; a message long enough to wrap; load errors on a file, a
// resource and nothing in particular; a notice; a hidden finding; a clean
// file and a zone.
func fullReport() *Report {
	marker := func(file string, line int, fp string) lint.Finding {
		return lint.Finding{RuleID: "EL9901", Name: "test-marker", Category: lint.CategoryOther, Severity: lint.Warning,
			Source: lint.Nginx, Message: "marker bad found → test failure",
			Pos:         lint.At(file, line, 13),
			Related:     []lint.Related{{Pos: lint.At(file, 1, 1), Message: "file starts here"}},
			Fingerprint: fp}
	}
	hidden := marker("legacy/old.conf", 3, "5d41402abc4b2a76")
	return &Report{
		Tool:    Tool{Name: "edgelint", Version: "0.0.0-golden", InformationURI: "https://github.com/edgelint/edgelint"},
		Rules:   []*lint.Rule{markerRule, errorRule, recordRule},
		DocsURL: docsURL,
		Findings: []lint.Finding{
			marker(escapes, 6, "9b2c8f6e1d0a4b3c"),
			{RuleID: "EL9902", Name: "test-error-marker", Category: lint.CategoryOther, Severity: lint.Error, Source: lint.Nginx,
				Message: `error marker: "a, b: 100%" <&>`, Pos: lint.At(escapes, 7, 13), Fingerprint: "0f1e2d3c4b5a6978"},
			marker(escapes, 9, "9b2c8f6e1d0a4b3c"),
			{RuleID: "EL9901", Name: "test-marker", Category: lint.CategoryOther, Severity: lint.Warning, Source: lint.Nginx,
				Message: "proxy_pass http://backend_pool sends Host: backend_pool, which no server block of the backend names → 404 from its default server when the backend routes by name",
				Pos:     lint.At("sites/app.conf", 4, 9),
				Related: []lint.Related{
					{Pos: lint.At("sites/upstream.conf", 2, 5), Message: "the pool is defined here"},
					{Pos: lint.AtResource("cloudflare:zone/example.com/dns_records/app.example.com"), Message: "the record that sends traffic here"},
				},
				Fingerprint: "1a2b3c4d5e6f7a8b"},
			{RuleID: "EL9903", Name: "test-proxied-record", Category: lint.CategoryReachability, Severity: lint.Warning, Source: lint.Cloudflare,
				Message: "record www.example.com is proxied",
				Pos:     lint.AtResource("cloudflare:zone/example.com/dns_records/www.example.com"),
				Related: []lint.Related{{Pos: lint.AtResource("cloudflare:zone/example.com/settings/ssl"), Message: "SSL mode full"}}},
			{RuleID: "EL9905", Name: "test-unlisted", Category: lint.CategoryTimeout, Severity: lint.Info, Source: lint.Nginx,
				Message: "a rule the registry does not list", Pos: lint.At("/etc/nginx/nginx.conf", 3, 0),
				Docs: "https://example.test/EL9905"},
		},
		Errors: []lint.LoadError{
			{Pos: lint.At("broken.conf", 2, 1), Message: `unexpected end of file, expecting "}"`},
			{Pos: lint.AtResource("cloudflare:zone/example.org"), Message: "API: 403 Forbidden"},
			{Message: "rule EL9904 crashed: boom"},
		},
		Notices: []lint.Notice{
			{Pos: lint.At("sites/example.conf", 4, 5), Message: `not linted: include "/etc/letsencrypt/options-ssl-nginx.conf" is outside the repository; its settings are unknown (--strict-includes makes this an error)`},
		},
		Hidden: []processors.Dropped{{Finding: hidden, Processor: "exclude", Reason: "excluded by .edgelint.yaml:2: being rewritten"}},
		Files:  []string{"/etc/nginx/nginx.conf", escapes, "broken.conf", "clean.conf", "sites/app.conf"},
		Zones:  []string{"cloudflare:zone/example.com"},
	}
}

// instancesReport has what Terraform module instances give: two instances
// of one module broken the same way (one file:line, one message, the
// zone only in the resource), one of them with a related position in its
// own instance and one in another instance's, beside the root module's
// finding on a line of its own.
func instancesReport() *Report {
	ssl := func(zone, fp string) lint.Finding {
		mod := `module.site["` + zone + `"]`
		return lint.Finding{RuleID: "EL9903", Name: "test-proxied-record", Category: lint.CategoryReachability, Severity: lint.Warning,
			Source: lint.Cloudflare, Message: "SSL mode flexible connects to port 80, where no origin site listens",
			Pos: lint.At("modules/site/main.tf", 23, 5).WithModule(mod).WithResource("cloudflare:zone/" + zone + "/settings/ssl"),
			Related: []lint.Related{
				{Pos: lint.At("modules/site/main.tf", 16, 1).WithModule(mod).WithResource("cloudflare:zone/" + zone), Message: "the zone"},
				{Pos: lint.At("origin/nginx.conf", 4, 5), Message: "the origin site"},
			},
			Fingerprint: fp}
	}
	other := ssl("example.net", "bbbbbbbbbbbbbbbb")
	other.Related = append(other.Related, lint.Related{
		Pos: lint.At("modules/site/main.tf", 23, 5).WithModule(`module.site["example.com"]`), Message: "the other instance"})
	return &Report{
		Tool:    Tool{Name: "edgelint", Version: "0.0.0-golden", InformationURI: "https://github.com/edgelint/edgelint"},
		Rules:   []*lint.Rule{recordRule},
		DocsURL: docsURL,
		Findings: []lint.Finding{
			{RuleID: "EL9903", Name: "test-proxied-record", Category: lint.CategoryReachability, Severity: lint.Warning, Source: lint.Cloudflare,
				Message: "record www.example.org is proxied", Fingerprint: "cccccccccccccccc",
				Pos: lint.At("main.tf", 30, 1).WithResource("cloudflare:zone/example.org/dns_records/www.example.org")},
			ssl("example.com", "aaaaaaaaaaaaaaaa"),
			other,
		},
		Files: []string{"main.tf", "modules/site/main.tf", "origin/nginx.conf"},
		Zones: []string{"cloudflare:zone/example.com", "cloudflare:zone/example.net", "cloudflare:zone/example.org"},
	}
}

// cleanReport is a run with nothing to say: empty lists, not absent ones.
func cleanReport() *Report {
	return &Report{
		Tool:    Tool{Name: "edgelint", Version: "0.0.0-golden", InformationURI: "https://github.com/edgelint/edgelint"},
		Rules:   []*lint.Rule{markerRule},
		DocsURL: docsURL,
		Files:   []string{"nginx.conf"},
	}
}

// extension is each format's golden file extension.
var extension = map[string]string{
	"text": "txt", "compact": "compact", "json": "json", "sarif": "sarif", "github": "github", "checkstyle": "checkstyle", "junit": "junit", "html": "html",
}

// workDirURI stands for the working directory in golden SARIF: the one
// thing in the output that depends on where the test runs.
const workDirURI = "file:///WORKDIR/"

func write(t *testing.T, format string, r *Report) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, format, r); err != nil {
		t.Fatal(err)
	}
	out := b.Bytes()
	if format == "sarif" {
		wd, err := os.Getwd()
		if err != nil {
			t.Fatal(err)
		}
		out = bytes.ReplaceAll(out, []byte(`"`+fileURI(wd)+`/"`), []byte(`"`+workDirURI+`"`))
	}
	return out
}

// TestGolden writes the fixed reports in every format and compares them
// byte for byte with testdata/golden/<report>.<ext> (go test -update
// rewrites them; review the diff).
func TestGolden(t *testing.T) {
	if len(extension) != len(Formats) {
		t.Fatalf("formats %v, golden extensions %v", Formats, extension)
	}
	full, clean := fullReport(), cleanReport()
	for _, format := range Formats {
		t.Run(format, func(t *testing.T) {
			golden.Compare(t, filepath.Join("testdata", "golden", "full."+extension[format]), write(t, format, full))
			golden.Compare(t, filepath.Join("testdata", "golden", "clean."+extension[format]), write(t, format, clean))
			golden.Compare(t, filepath.Join("testdata", "golden", "instances."+extension[format]), write(t, format, instancesReport()))
		})
	}
	colored := fullReport()
	colored.Color = true
	golden.Compare(t, filepath.Join("testdata", "golden", "full-color.txt"), write(t, "text", colored))
}

// Writing is deterministic and leaves the report as it was.
func TestWriteIsRepeatable(t *testing.T) {
	r := fullReport()
	for _, format := range Formats {
		first := write(t, format, r)
		if again := write(t, format, r); !bytes.Equal(first, again) {
			t.Errorf("%s differs between two writes", format)
		}
	}
	if fmt.Sprint(r) != fmt.Sprint(fullReport()) {
		t.Errorf("writing changed the report")
	}
}

// Without colour, the text has no escape sequence at all.
func TestTextWithoutColor(t *testing.T) {
	if out := write(t, "text", fullReport()); bytes.Contains(out, []byte("\x1b[")) {
		t.Errorf("colour without Color:\n%s", out)
	}
}

// The SARIF output is valid against the OASIS SARIF 2.1.0 schema, checked
// in beside the reporter; load errors are tool notifications that make the
// invocation unsuccessful, and every rule carries the metadata code
// scanning shows.
func TestSARIFValidatesAgainstTheSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	sch, err := c.Compile(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]*Report{"full": fullReport(), "clean": cleanReport(), "instances": instancesReport()} {
		var b bytes.Buffer
		if err := Write(&b, "sarif", r); err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(inst); err != nil {
			t.Errorf("%s: SARIF does not validate: %v", name, err)
		}
	}
	var doc sarifDoc
	if err := json.Unmarshal(write(t, "sarif", fullReport()), &doc); err != nil {
		t.Fatal(err)
	}
	run := doc.Runs[0]
	inv := run.Invocations[0]
	if inv.ExecutionSuccessful || len(inv.Notifications) != 4 {
		t.Errorf("invocation %+v: want unsuccessful, 3 errors and 1 notice", inv)
	}
	for _, rule := range run.Tool.Driver.Rules {
		for k, v := range map[string]string{"id": rule.ID, "name": rule.Name, "shortDescription": rule.ShortDescription.Text,
			"fullDescription": rule.FullDescription.Text, "helpUri": rule.HelpURI, "defaultConfiguration": rule.DefaultConfiguration.Level,
			"properties": rule.Properties.Category} {
			if v == "" {
				t.Errorf("rule %s metadata lacks %s", rule.ID, k)
			}
		}
	}
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

// Every format carries the same findings, read back the way its consumers
// read it (JSON decoding, SARIF with percent-decoded URIs, the Actions
// runner's workflow-command parser, XML); the text format names each.
func TestEveryFormatHasTheSameFindings(t *testing.T) {
	r := fullReport()
	var want []finding
	for _, f := range fromJSON(t, write(t, "json", r)) {
		want = append(want, f)
	}
	if len(want) != len(r.Findings) {
		t.Fatalf("json findings: %v", want)
	}
	for name, got := range map[string][]finding{
		"sarif":      fromSARIF(t, write(t, "sarif", r)),
		"github":     fromGitHub(t, string(write(t, "github", r))),
		"checkstyle": fromCheckstyle(t, write(t, "checkstyle", r)),
		"junit":      fromJUnit(t, write(t, "junit", r)),
	} {
		if sorted(got) != sorted(want) {
			t.Errorf("%s findings:\n%s\nwant (json):\n%s", name, sorted(got), sorted(want))
		}
	}
	text := string(write(t, "text", r))
	for _, f := range want {
		if !strings.Contains(text, f.rule) || (f.line > 0 && !strings.Contains(text, strconv.Itoa(f.line))) {
			t.Errorf("text lacks %v:\n%s", f, text)
		}
	}
}

func fromJSON(t *testing.T, b []byte) []finding {
	t.Helper()
	var doc struct {
		Findings []struct {
			Rule, File, Resource, Message string
			Line                          int
		}
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var out []finding
	for _, f := range doc.Findings {
		where := f.File
		if where == "" {
			where = f.Resource
		}
		out = append(out, finding{f.Rule, where, f.Line, f.Message})
	}
	return out
}

type sarifDoc struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Rules []struct {
					ID               string `json:"id"`
					Name             string `json:"name"`
					ShortDescription struct {
						Text string `json:"text"`
					} `json:"shortDescription"`
					FullDescription struct {
						Text string `json:"text"`
					} `json:"fullDescription"`
					HelpURI              string `json:"helpUri"`
					DefaultConfiguration struct {
						Level string `json:"level"`
					} `json:"defaultConfiguration"`
					Properties struct {
						Category string `json:"category"`
					} `json:"properties"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Invocations []struct {
			ExecutionSuccessful bool  `json:"executionSuccessful"`
			Notifications       []any `json:"toolExecutionNotifications"`
		} `json:"invocations"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex int    `json:"ruleIndex"`
			Message   struct {
				Text string `json:"text"`
			} `json:"message"`
			Locations []struct {
				PhysicalLocation *struct {
					ArtifactLocation struct {
						URI       string `json:"uri"`
						URIBaseID string `json:"uriBaseId"`
					} `json:"artifactLocation"`
					Region struct {
						StartLine int `json:"startLine"`
					} `json:"region"`
				} `json:"physicalLocation"`
				LogicalLocations []struct {
					FullyQualifiedName string `json:"fullyQualifiedName"`
				} `json:"logicalLocations"`
			} `json:"locations"`
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
			art := loc.PhysicalLocation.ArtifactLocation
			// a relative reference against SRCROOT, or a file: URI;
			// percent-decoding gives the path back
			u, err := url.Parse(art.URI)
			if err != nil {
				t.Errorf("uri %q: %v", art.URI, err)
				continue
			}
			if (art.URIBaseID == "") != (u.Scheme == "file") {
				t.Errorf("uri %q with base %q", art.URI, art.URIBaseID)
			}
			f.where, f.line = u.Path, loc.PhysicalLocation.Region.StartLine
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
// data unescaped (%0D, %0A, %25). Load errors and notices are left out.
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
		if !strings.HasPrefix(id, "EL") {
			continue
		}
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
			if e.Source == loadErrorSource {
				continue
			}
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
		Errors   int `xml:"errors,attr"`
		Suites   []struct {
			Cases []struct {
				Name      string `xml:"name,attr"`
				Classname string `xml:"classname,attr"`
				Failure   *struct {
					Message string `xml:"message,attr"`
				} `xml:"failure"`
				Error *struct{} `xml:"error"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var out []finding
	tests, errs := 0, 0
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			tests++
			if c.Error != nil {
				errs++
			}
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
	if doc.Failures != len(out) || doc.Errors != errs || doc.Tests != tests {
		t.Errorf("tests=%d failures=%d errors=%d; counted %d cases, %d failing, %d erroring", doc.Tests, doc.Failures, doc.Errors, tests, len(out), errs)
	}
	return out
}

// Every format tells two instances of one Terraform module apart: both
// stand at modules/site/main.tf:23:5 with one message, and only the
// instance differs (for text formats in the message, for JSON in
// "module", for SARIF in a logical location too).
func TestEveryFormatNamesModuleInstances(t *testing.T) {
	r := instancesReport()
	for _, format := range Formats {
		out := string(write(t, format, r))
		for _, zone := range []string{"example.com", "example.net"} {
			re := regexp.MustCompile(`module\.site\[(\\"|"|&#34;)` + regexp.QuoteMeta(zone))
			if n := len(re.FindAllString(out, -1)); n == 0 {
				t.Errorf("%s does not name the instance module.site[%q]:\n%s", format, zone, out)
			}
		}
	}
	// the line formats give two different lines
	for _, format := range []string{"compact", "github"} {
		var at23 []string
		for _, line := range strings.Split(string(write(t, format, r)), "\n") {
			if strings.Contains(line, "23") && strings.Contains(line, "SSL mode") {
				at23 = append(at23, line)
			}
		}
		if len(at23) != 2 || at23[0] == at23[1] {
			t.Errorf("%s: the two instances' lines %q", format, at23)
		}
	}
	// JSON: "module" is present for the instances only, the message as the
	// rule wrote it
	var doc struct {
		Findings []map[string]any `json:"findings"`
	}
	if err := json.Unmarshal(write(t, "json", r), &doc); err != nil {
		t.Fatal(err)
	}
	var mods []string
	for _, f := range doc.Findings {
		m, ok := f["module"].(string)
		if _, present := f["module"]; present != (f["file"] == "modules/site/main.tf") {
			t.Errorf("finding at %v: module %q", f["file"], m)
		}
		if strings.HasPrefix(f["message"].(string), "module.") {
			t.Errorf("JSON message changed: %q", f["message"])
		}
		if ok {
			mods = append(mods, m)
		}
	}
	if strings.Join(mods, " ") != `module.site["example.com"] module.site["example.net"]` {
		t.Errorf("JSON modules %q", mods)
	}
}
