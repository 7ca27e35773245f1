package nginx

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

var update = flag.Bool("update", false, "rewrite the golden model.json files")

// TestGolden loads each testdata/golden/<case>/nginx.conf and compares the
// model with model.json. A case's optional file "options" holds lines
// "version X.Y.Z", "edition plus" or "map FROM=TO" (TO relative to the case).
func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob("testdata/golden/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			opts := caseOptions(t, dir)
			entry := filepath.Join(dir, "nginx.conf")
			if b, err := os.ReadFile(filepath.Join(dir, "ENTRY")); err == nil {
				entry = filepath.Join(dir, strings.TrimSpace(string(b)))
			}
			cfgs, errs := Load(entry, opts)
			got := dump(cfgs, errs)
			want := filepath.Join(dir, "model.json")
			if *update {
				if err := os.WriteFile(want, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			exp, err := os.ReadFile(want)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, exp) {
				t.Errorf("model differs from %s (go test -update rewrites it); got:\n%s", want, diffHint(exp, got))
			}
		})
	}
}

func caseOptions(t *testing.T, dir string) input.Options {
	var opts input.Options
	b, err := os.ReadFile(filepath.Join(dir, "options"))
	if err != nil {
		return opts
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, _ := strings.Cut(strings.TrimSpace(line), " ")
		switch k {
		case "version":
			opts.NginxVersion = lint.MustVersion(v)
		case "edition":
			opts.NginxEdition = v
		case "map":
			from, to, _ := strings.Cut(v, "=")
			opts.Mappings = append(opts.Mappings, input.Mapping{From: from, To: filepath.Join(dir, to)})
		case "":
		default:
			t.Fatalf("%s/options: unknown key %q", dir, k)
		}
	}
	return opts
}

func diffHint(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\n want %s\n  got %s", i+1, w, g)
		}
	}
	return "(same lines)"
}

// dump renders configs and errors as stable, compact JSON: positions as
// "file:line:col" (with "..endline" for multi-line directives and blocks),
// durations and sizes as nginx writes them, zero fields left out, and the
// links the model hides from JSON (route → upstream, upstream → routes)
// shown by name or position.
func dump(cfgs []*lint.Config, errs []lint.LoadError) []byte {
	var out struct {
		Configs []any    `json:"configs"`
		Errors  []string `json:"errors,omitempty"`
	}
	for _, c := range cfgs {
		out.Configs = append(out.Configs, compact(reflect.ValueOf(*c)))
	}
	for _, e := range errs {
		out.Errors = append(out.Errors, e.Error())
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		panic(err)
	}
	return append(b, '\n')
}

var (
	posType      = reflect.TypeOf(lint.Position{})
	durationType = reflect.TypeOf(time.Duration(0))
	sizeType     = reflect.TypeOf(lint.Size(0))
	versionType  = reflect.TypeOf(lint.Version{})
	upstreamPtr  = reflect.TypeOf(&lint.Upstream{})
	routesType   = reflect.TypeOf([]*lint.Route{})
)

func posString(p lint.Position) string {
	s := p.String()
	if p.EndLine > p.Line {
		s += fmt.Sprintf("..%d", p.EndLine)
	}
	return s
}

func compact(v reflect.Value) any {
	switch v.Type() {
	case posType:
		return posString(v.Interface().(lint.Position))
	case durationType:
		return lint.FormatDuration(time.Duration(v.Int()))
	case sizeType:
		return lint.Size(v.Int()).String()
	case versionType:
		return v.Interface().(lint.Version).String()
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return compact(v.Elem())
	case reflect.Struct:
		m := map[string]any{}
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			fv := v.Field(i)
			if f.Tag.Get("json") == "-" {
				switch {
				case f.Type == upstreamPtr && !fv.IsNil():
					m[f.Name] = fv.Elem().FieldByName("Name").String()
				case f.Type == routesType && fv.Len() > 0:
					var ps []string
					for j := 0; j < fv.Len(); j++ {
						ps = append(ps, posString(fv.Index(j).Elem().FieldByName("Pos").Interface().(lint.Position)))
					}
					m[f.Name] = ps
				}
				continue
			}
			if fv.IsZero() {
				continue
			}
			m[f.Name] = compact(fv)
		}
		return m
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return string(v.Bytes())
		}
		out := make([]any, v.Len())
		for i := range out {
			out[i] = compact(v.Index(i))
		}
		return out
	case reflect.Map:
		m := map[string]any{}
		for _, k := range v.MapKeys() {
			m[fmt.Sprint(k.Interface())] = compact(v.MapIndex(k))
		}
		return m
	}
	return v.Interface()
}
