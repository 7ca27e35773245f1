package keepalive_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/internal/cli"
)

// The contract of docs/CLI.md, through the command: with no target version
// edgelint assumes 1.26.3, and a finding that needs the pre-1.29.7 default
// (HTTP/1.0 to upstreams) holds back; --nginx-version or nginx-version in
// .edgelint.yaml makes it a finding.
func TestCommandTargetVersion(t *testing.T) {
	dir := t.TempDir()
	conf := `events {}
http {
    upstream app {
        server 10.0.0.10:8080;
        keepalive 32;
    }
    server {
        listen 80;
        location / {
            proxy_pass http://app;
        }
    }
}
`
	if err := os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	// The working directory decides which .edgelint.yaml is found.
	t.Chdir(dir)

	count := func(t *testing.T, args ...string) int {
		t.Helper()
		var stdout, stderr bytes.Buffer
		args = append(append([]string{"check", "--format", "json", "--disable", "all", "--enable", "EL5001"}, args...), "nginx.conf")
		code := cli.Main(args, nil, &stdout, &stderr)
		if code != cli.ExitOK && code != cli.ExitFindings {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		var res struct {
			Findings []struct{ Rule string } `json:"findings"`
		}
		if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
			t.Fatalf("%v\n%s", err, stdout.String())
		}
		return len(res.Findings)
	}

	if n := count(t); n != 0 {
		t.Errorf("no version given: %d findings, want 0 (the assumed 1.26.3 must not decide)", n)
	}
	if n := count(t, "--nginx-version", "1.22.1"); n != 1 {
		t.Errorf("--nginx-version 1.22.1: %d findings, want 1", n)
	}
	if n := count(t, "--nginx-version", "1.29.7"); n != 0 {
		t.Errorf("--nginx-version 1.29.7: %d findings, want 0", n)
	}
	if err := os.WriteFile(filepath.Join(dir, ".edgelint.yaml"), []byte("nginx-version: 1.22.1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if n := count(t); n != 1 {
		t.Errorf("nginx-version 1.22.1 in .edgelint.yaml: %d findings, want 1", n)
	}
}
