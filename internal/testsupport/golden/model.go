package golden

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/edgelint/edgelint/lint"
)

// Model renders what a source loaded as stable, compact JSON, the form of
// the sources' model.json files: positions as "file:line:col" (with
// "..endline" for multi-line directives and blocks, and the resource after
// a space when a live object also has a file position), durations and
// sizes as nginx writes them, zero fields left out, and the links the
// model hides from JSON (route → upstream, upstream → routes) shown by
// name or position. What the model hides from JSON otherwise (the block
// tree, the files' text) stays out.
func Model(cfgs []*lint.Config, errs []lint.LoadError) []byte {
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
	if p.Module() != "" {
		s += " " + p.Module()
	}
	if p.File() != "" && p.Resource() != "" {
		s += " " + p.Resource()
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
			if !f.IsExported() {
				// caches such as Config's directive index, built on load
				// or not
				continue
			}
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

// Entries is the golden test of a source: one case per directory of
// testdata/golden, loaded from the file its ENTRY names, with the model
// compared against model.json.
func Entries(t *testing.T, load func(entry string) ([]*lint.Config, []lint.LoadError)) {
	t.Helper()
	Cases(t, filepath.Join("testdata", "golden"), "model.json", func(t *testing.T, dir string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, "ENTRY"))
		if err != nil {
			t.Fatal(err)
		}
		return Model(load(filepath.Join(dir, strings.TrimSpace(string(b)))))
	})
}
