package cloudflare

import (
	"strings"
	"testing"
)

// A snapshot of the wrong shape is described in JSON's words, never with
// a Go type name.
func TestSnapshotTypeErrorsInJSONWords(t *testing.T) {
	for body, want := range map[string]string{
		`{"format": "edgelint-cloudflare-snapshot", "version": 1, "zones": "x"}`:    "zones: want an array, found a string",
		`{"format": "edgelint-cloudflare-snapshot", "version": "1"}`:                "version: want a whole number, found a string",
		`{"format": "edgelint-cloudflare-snapshot", "version": 1, "zones": [true]}`: "zones: want an object, found true or false",
	} {
		_, err := parse([]byte(body), "s.json")
		if err == nil || !strings.Contains(err.Message, want) || strings.Contains(err.Message, "cloudflare.") || strings.Contains(err.Message, "[]") {
			t.Errorf("%s: %v, want %q", body, err, want)
		}
	}
}
