package cli

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/edgelint/edgelint/internal/testsupport/cfapitest"
)

// fakeAPI serves snapshotTwoRecords from the fake Cloudflare API and points
// the environment at it.
func fakeAPI(t *testing.T) *cfapitest.Server {
	t.Helper()
	var data cfapitest.Data
	if err := json.Unmarshal([]byte(snapshotTwoRecords), &data); err != nil {
		t.Fatal(err)
	}
	srv := cfapitest.New(t, data)
	t.Setenv("CLOUDFLARE_API_TOKEN", srv.Token)
	t.Setenv("CLOUDFLARE_BASE_URL", srv.URL)
	return srv
}

func TestAuditCloudflare(t *testing.T) {
	useTestRules(t)
	inTemp(t, map[string]string{"origin/nginx.conf": twoMarkers})
	fakeAPI(t)
	live := []string{
		"EL9903 0 record api.example.com is proxied",
		"EL9903 0 record www.example.com is proxied",
	}
	expectFindings(t, commandFindings(t, "audit", "cloudflare"), live...)
	expectFindings(t, commandFindings(t, "audit", "cloudflare", "--zone", "example.com", "--origin", "origin"),
		append(live, "EL9901 6 ", "EL9901 9 ")...)
	if r := run(t, "audit", "cloudflare", "--origin", "origin").expect(t, 1); !strings.Contains(r.stdout, "4 findings (4 warnings) in 1 file and 1 zone") {
		t.Errorf("summary:\n%s", r.stdout)
	}
	o := decodeJSON(t, run(t, "audit", "cloudflare", "--format", "json").expect(t, 1).stdout)
	if f := o.Findings[0]; f.File != "" || f.Resource != "cloudflare:zone/example.com/dns_records/api.example.com" || f.Source != "cloudflare" {
		t.Errorf("live finding %+v", f)
	}
	// resource exclusions in the config apply to live objects
	writeFiles(t, ".", map[string]string{".edgelint.yaml": "exclude:\n  - resources: [\"cloudflare:zone/example.com/dns_records/www.*\"]\n    reason: www is DNS-only on purpose\n"})
	expectFindings(t, commandFindings(t, "audit", "cloudflare"), live[0])
}

func TestDumpThenCheckFindsWhatAuditFinds(t *testing.T) {
	useTestRules(t)
	inTemp(t, nil)
	srv := fakeAPI(t)
	r := run(t, "dump", "cloudflare", "--output", "zones.json").expect(t, 0)
	snap, err := os.ReadFile("zones.json")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(snap), srv.Token) || strings.Contains(r.stderr, srv.Token) {
		t.Fatal("the token reached the snapshot or the output")
	}
	audit := commandFindings(t, "audit", "cloudflare")
	check := findings(t, "zones.json")
	if strings.Join(audit, "\n") != strings.Join(check, "\n") || len(check) != 2 {
		t.Errorf("audit:\n%s\ncheck of the dump:\n%s", strings.Join(audit, "\n"), strings.Join(check, "\n"))
	}
	// to standard output
	r = run(t, "dump", "cloudflare").expect(t, 0)
	if !strings.HasPrefix(r.stdout, "{") || !strings.Contains(r.stdout, `"format": "edgelint-cloudflare-snapshot"`) {
		t.Errorf("stdout %q", r.stdout)
	}
}

func TestCloudflareErrors(t *testing.T) {
	useTestRules(t)
	inTemp(t, nil)
	srv := fakeAPI(t)
	run(t, "audit").expect(t, 3)
	run(t, "dump", "aws").expect(t, 3)
	run(t, "audit", "cloudflare", "stray").expect(t, 3)

	t.Setenv("CLOUDFLARE_API_TOKEN", "")
	r := run(t, "audit", "cloudflare").expect(t, 3)
	if !strings.Contains(r.stderr, "CLOUDFLARE_API_TOKEN is not set") {
		t.Errorf("stderr %q", r.stderr)
	}
	// a token the API refuses: nothing could be read, never a pass
	t.Setenv("CLOUDFLARE_API_TOKEN", "wrong-token")
	r = run(t, "audit", "cloudflare").expect(t, 2)
	if strings.Contains(r.stdout+r.stderr, "wrong-token") {
		t.Error("the token was printed")
	}
	run(t, "dump", "cloudflare", "--output", "x.json").expect(t, 2)

	// a zone that cannot be read is an error even when others are fine
	t.Setenv("CLOUDFLARE_API_TOKEN", srv.Token)
	srv.Forbid("/dns_records")
	r = run(t, "audit", "cloudflare", "--format", "json").expect(t, 2)
	if o := decodeJSON(t, r.stdout); len(o.Errors) == 0 {
		t.Errorf("no errors reported:\n%s", r.stdout)
	}
}
