package cloudflare_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/sources/cloudflare"
	"github.com/edgelint/edgelint/sources/input"
)

// Any bytes either load or give load errors; nothing panics. Seeds are the
// examples, the golden cases and the rule fixtures (snapshots of every
// rule family that reads Cloudflare).
func FuzzLoad(f *testing.F) {
	for _, pattern := range []string{
		filepath.Join(examples, "*", "snapshot.json"),
		filepath.Join("testdata", "golden", "*", "snapshot.json"),
		filepath.Join("..", "..", "rules", "*", "testdata", "*", "*.json"),
		filepath.Join("..", "..", "rules", "*", "testdata", "*", "*", "snapshot.json"),
	} {
		files, _ := filepath.Glob(pattern)
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	f.Add([]byte(`{"format":"edgelint-cloudflare-snapshot","version":1,"zones":[{"zone":{"name":"x"},"dns_records":[1]}]}`))
	f.Add([]byte(`{"format":"edgelint-cloudflare-snapshot","version":1,"zones":[{"zone":{"name":"x"},"page_rules":[1,{"targets":"x"},{"id":"p","status":"active","targets":[{"target":"url","constraint":{"operator":"matches","value":"x/*"}}],"actions":[{"id":"ssl","value":{"a":1}}]}]}],"errors":[{"resource":"cloudflare:zone/x/pagerules","message":"403"}]}`))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "s.json")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		cfgs, errs := cloudflare.Load(p, input.Options{})
		for _, c := range cfgs {
			if c.Edge == nil || c.Edge.Zone == "" {
				t.Fatalf("config without a zone: %+v", c)
			}
		}
		for _, e := range errs {
			if e.Message == "" {
				t.Fatal("empty load error")
			}
		}
		_ = cloudflare.Sniff(p, data)
	})
}
