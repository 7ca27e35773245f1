package timeouts

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/edgelint/edgelint/rules/ruletest"
)

// A custom floor replaces the 30s default; an empty ignore list reports
// health locations too.
func TestCustomFloor(t *testing.T) {
	opts := ruletest.Options{Rule: &ShortOptions{Floor: 10 * time.Second}}
	t.Run("read", func(t *testing.T) {
		ruletest.RunCase(t, ReadTimeoutShort, filepath.Join("testdata", "options", "floor-10s-read.conf"), opts)
	})
	t.Run("send", func(t *testing.T) {
		ruletest.RunCase(t, SendTimeoutShort, filepath.Join("testdata", "options", "floor-10s-send.conf"), opts)
	})
}

func TestCustomConnectMax(t *testing.T) {
	ruletest.RunCase(t, ConnectTimeoutNoEffect, filepath.Join("testdata", "options", "connect-max-10s.conf"),
		ruletest.Options{Rule: &ConnectOptions{Max: 10 * time.Second}})
}

// A malformed ignore pattern is an error of the rule's configuration, not
// a silent pass.
func TestBadIgnorePattern(t *testing.T) {
	_, errs := ruletest.Check(ReadTimeoutShort, []string{filepath.Join("testdata", "options", "floor-10s-read.conf")},
		ruletest.Options{Rule: &ShortOptions{Floor: 10 * time.Second, IgnoreLocations: []string{"("}}})
	if len(errs) == 0 {
		t.Fatal("want an error for the invalid ignore-locations pattern")
	}
}

func TestDefaultIgnoreLocations(t *testing.T) {
	res, err := compileAll(DefaultIgnoreLocations)
	if err != nil {
		t.Fatal(err)
	}
	for match, want := range map[string]bool{
		"= /healthz": true, "/health": true, "/api/v1/status": true, "~ ^/metrics$": true, "/readyz": true,
		"/": false, "/api/": false, "/statusboard-reports": false, "/pingpong-game": false, "/shealth": false,
	} {
		if got := matchesAny(res, match); got != want {
			t.Errorf("location %q ignored = %v, want %v", match, got, want)
		}
	}
}
