package input

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadFileLimits(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.conf")
	if err := os.WriteFile(big, []byte(strings.Repeat("x", 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "bin.conf")
	if err := os.WriteFile(bin, []byte("events {}\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		lim  Limits
		want string
	}{
		{big, Limits{MaxFileSize: 10}, "over the 10-byte limit"},
		{bin, DefaultLimits, "binary file"},
		{"/dev/zero", DefaultLimits, "not a regular file (a device)"},
		{dir, DefaultLimits, "is a directory"},
		{filepath.Join(dir, "missing"), DefaultLimits, "no such file"},
	} {
		_, err := ReadFile(tc.path, tc.lim)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ReadFile(%s) = %v, want %q", tc.path, err, tc.want)
		}
	}
	if data, err := ReadFile(big, DefaultLimits); err != nil || len(data) != 100 {
		t.Errorf("ReadFile within limits = %d bytes, %v", len(data), err)
	}
}

func TestLongLine(t *testing.T) {
	if got := LongLine([]byte("ok\n"+strings.Repeat("y", 11)+"\nok"), 10); got != 2 {
		t.Errorf("LongLine = %d, want 2", got)
	}
	if got := LongLine([]byte("short\nlines\n"), 10); got != 0 {
		t.Errorf("LongLine = %d, want 0", got)
	}
}

func TestMap(t *testing.T) {
	m := []Mapping{{From: "/etc/nginx", To: "deploy/nginx"}}
	if got, ok := Map("/etc/nginx/conf.d/a.conf", m); !ok || got != "deploy/nginx/conf.d/a.conf" {
		t.Errorf("Map = %q, %v", got, ok)
	}
	if _, ok := Map("/etc/nginx2/a.conf", m); ok {
		t.Error("Map matched a prefix that is not a path prefix")
	}
}
