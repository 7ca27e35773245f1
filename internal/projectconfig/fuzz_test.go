package projectconfig

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse feeds arbitrary bytes to the .edgelint.yaml loader: it must
// return a configuration or an *Error with a position, never panic, and
// never accept a file it then cannot describe.
func FuzzParse(f *testing.F) {
	for _, dir := range []string{"valid", "invalid"} {
		files, _ := filepath.Glob(filepath.Join("testdata", dir, "*.yaml"))
		for _, p := range files {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	for _, s := range []string{
		"rules: {test-marker: {options: {inner: {depth: [1, 2]}}}}",
		"exclude: [{paths: ['[']}, reason: x]",
		"&a [*a, *a]",
		"mappings: [{from: /etc/nginx, to: ''}]",
		"nginx-version: 1.2.3.4.5",
		"cloudflare: {read-timeout: -5s}",
		strings.Repeat("[", 200),
	} {
		f.Add([]byte(s))
	}
	reg := testRegistry(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse(".edgelint.yaml", data, reg)
		if err == nil {
			if cfg == nil {
				t.Fatal("no error and no configuration")
			}
			return
		}
		var pe *Error
		if !errors.As(err, &pe) {
			t.Fatalf("error %T %q is not a positioned *Error", err, err)
		}
		if !strings.Contains(err.Error(), ".edgelint.yaml") {
			t.Fatalf("error %q does not name the file", err)
		}
	})
}
