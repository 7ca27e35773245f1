package terraform

import (
	"bytes"
	"encoding/json"
	"math/big"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

// The plan representation of `terraform show -json plan.out`
// (developer.hashicorp.com/terraform/internals/json-format), format
// version 1.x: the fields read.
type plan struct {
	FormatVersion string           `json:"format_version"`
	PlannedValues *planValues      `json:"planned_values"`
	Changes       []resourceChange `json:"resource_changes"`
	Configuration *struct {
		RootModule configModule `json:"root_module"`
	} `json:"configuration"`
}

type planValues struct {
	RootModule planModule `json:"root_module"`
}

type planModule struct {
	Address   string         `json:"address"`
	Resources []planResource `json:"resources"`
	Children  []planModule   `json:"child_modules"`
}

type planResource struct {
	Address string          `json:"address"`
	Mode    string          `json:"mode"`
	Type    string          `json:"type"`
	Name    string          `json:"name"`
	Index   json.RawMessage `json:"index"`
	Values  any             `json:"values"`
}

type resourceChange struct {
	Address       string `json:"address"`
	ModuleAddress string `json:"module_address"`
	Mode          string `json:"mode"`
	Type          string `json:"type"`
	Change        struct {
		Actions      []string `json:"actions"`
		After        any      `json:"after"`
		AfterUnknown any      `json:"after_unknown"`
	} `json:"change"`
}

type configModule struct {
	Resources []struct {
		Address     string                     `json:"address"`
		Expressions map[string]json.RawMessage `json:"expressions"`
	} `json:"resources"`
	ModuleCalls map[string]struct {
		Module configModule `json:"module"`
	} `json:"module_calls"`
}

// expression is a configuration expression representation: its constant
// value, or the references it makes.
type expression struct {
	Constant   json.RawMessage `json:"constant_value"`
	References []string        `json:"references"`
}

// LoadPlan reads the JSON form of a plan (terraform show -json): the
// values Terraform will apply, so variables given on the command line,
// data sources and module inputs are known. Values known only after apply
// stay unknown, except IDs, which the configuration's references tie to
// the objects they name. Findings are positioned at the resources a
// snapshot would name (the plan has no file positions).
func LoadPlan(path string, opts input.Options) ([]*lint.Config, []lint.LoadError) {
	if opts.Limits == (input.Limits{}) {
		opts.Limits = input.DefaultLimits
	}
	display := input.Display(path)
	fail := func(format string, args ...any) ([]*lint.Config, []lint.LoadError) {
		return nil, []lint.LoadError{lint.Errorf(lint.AtFile(display), format, args...)}
	}
	data, err := input.ReadFile(path, opts.Limits)
	if err != nil {
		return fail("%v", err)
	}
	var p plan
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&p); err != nil {
		return fail("not a Terraform plan in JSON (terraform show -json plan.out): %v", err)
	}
	if p.FormatVersion == "" || (p.PlannedValues == nil && p.Changes == nil) {
		return fail("not a Terraform plan in JSON (terraform show -json plan.out): no format_version, planned_values or resource_changes")
	}
	if major, _, _ := strings.Cut(p.FormatVersion, "."); major != "1" && major != "0" {
		return fail("plan format_version %s: this version reads format 1.x", p.FormatVersion)
	}
	objs := planObjects(&p)
	cfgs := decode(objs, false) // a plan holds every module's objects
	for _, c := range cfgs {
		c.Files = []string{display}
		c.Text = map[string][]byte{display: data}
	}
	return cfgs, nil
}

// planObjects merges planned_values (what is known) with each change's
// after_unknown (what is not) and the configuration's references.
func planObjects(p *plan) []*object {
	unknowns := map[string]any{}
	for _, c := range p.Changes {
		unknowns[c.Address] = c.Change.AfterUnknown
	}
	exprs := map[string]map[string]json.RawMessage{}
	if p.Configuration != nil {
		configExpressions(p.Configuration.RootModule, "", exprs)
	}
	var out []*object
	var walk func(m planModule)
	walk = func(m planModule) {
		for _, r := range m.Resources {
			key := r.Type
			mode := managedMode
			if r.Mode == "data" {
				key, mode = "data."+r.Type, dataMode
			}
			if !Types[key] {
				continue
			}
			out = append(out, planObject(r.Address, mode, r.Type, moduleOf(r.Address), r.Values, unknowns[r.Address], exprs[configAddress(r.Address)]))
		}
		for _, c := range m.Children {
			walk(c)
		}
	}
	if p.PlannedValues != nil {
		walk(p.PlannedValues.RootModule)
	} else {
		// A plan without planned_values (older or hand-made): the
		// changes' after values are what will be.
		for _, c := range p.Changes {
			key := c.Type
			mode := managedMode
			if c.Mode == "data" {
				key, mode = "data."+c.Type, dataMode
			}
			if !Types[key] || deletes(c.Change.Actions) {
				continue
			}
			out = append(out, planObject(c.Address, mode, c.Type, c.ModuleAddress, c.Change.After, c.Change.AfterUnknown, exprs[configAddress(c.Address)]))
		}
	}
	return out
}

func deletes(actions []string) bool {
	return len(actions) == 1 && actions[0] == "delete"
}

func planObject(addr, mode, typ, module string, values, unknown any, exprs map[string]json.RawMessage) *object {
	v := jsonValue(values, unknown)
	// An ID known only after apply: symbolic references restore what
	// it names.
	refs := func(attr string) []string {
		var e expression
		if raw, ok := exprs[attr]; ok && json.Unmarshal(raw, &e) == nil {
			var out []string
			for _, r := range e.References {
				if s, ok := strings.CutSuffix(r, ".id"); ok {
					out = append(out, qualify(module, s))
				} else if s, ok := strings.CutSuffix(r, ".zone_id"); ok && strings.HasPrefix(r, "data.") {
					out = append(out, qualify(module, s))
				}
			}
			return out
		}
		return nil
	}
	v = restoreRefs(v, refs)
	o := &object{mode: mode, typ: typ, addr: addr, v: v}
	id := getAttr(v, "id")
	if mode == dataMode && typ == "cloudflare_zone" {
		if z := getAttr(v, "zone_id"); knownString(z) {
			id = z
		}
	}
	if !knownString(id) {
		id = symbolic(addr)
	}
	o.id = id
	o.aliases = []string{addr}
	// a plan has no file positions; a module instance is named
	o.at = func(string) lint.Position { return lint.Position{}.WithModule(module) }
	o.text = func(path string) string {
		var e expression
		if raw, ok := exprs[path]; ok && json.Unmarshal(raw, &e) == nil {
			if len(e.References) > 0 {
				return e.References[0]
			}
		}
		return ""
	}
	return o
}

// restoreRefs gives the ID attributes that are unknown in the plan the
// symbols of the objects the configuration names there: zone_id, the
// pools of a load balancer, a pool's monitor.
func restoreRefs(v cty.Value, refs func(string) []string) cty.Value {
	if !v.IsKnown() || v.IsNull() || !v.Type().IsObjectType() {
		return v
	}
	attrs := v.AsValueMap()
	if attrs == nil {
		return v
	}
	for _, attr := range []string{"zone_id", "monitor", "fallback_pool_id", "fallback_pool"} {
		if a, ok := attrs[attr]; ok && !a.IsKnown() {
			if r := refs(attr); len(r) == 1 {
				attrs[attr] = symbolic(r[0])
			}
		}
	}
	for _, attr := range []string{"default_pool_ids", "default_pools"} {
		a, ok := attrs[attr]
		if !ok || a.IsWhollyKnown() {
			continue
		}
		r := refs(attr)
		if !a.IsKnown() || a.IsNull() || !a.CanIterateElements() || a.LengthInt() != len(r) {
			if len(r) > 0 && (!a.IsKnown() || a.IsNull()) {
				var elems []cty.Value
				for _, s := range r {
					elems = append(elems, symbolic(s))
				}
				attrs[attr] = cty.TupleVal(elems)
			}
			continue
		}
		var elems []cty.Value
		i := 0
		for it := a.ElementIterator(); it.Next(); i++ {
			_, e := it.Element()
			if !e.IsKnown() {
				e = symbolic(r[i])
			}
			elems = append(elems, e)
		}
		attrs[attr] = cty.TupleVal(elems)
	}
	return cty.ObjectVal(attrs)
}

// configExpressions indexes the configuration's resource expressions by
// absolute address without instance keys.
func configExpressions(m configModule, prefix string, out map[string]map[string]json.RawMessage) {
	for _, r := range m.Resources {
		out[qualify(prefix, r.Address)] = r.Expressions
	}
	for name, call := range m.ModuleCalls {
		configExpressions(call.Module, qualify(prefix, "module."+name), out)
	}
}

func qualify(module, addr string) string {
	if module == "" || strings.HasPrefix(addr, module+".") {
		return addr
	}
	return module + "." + addr
}

// moduleOf returns the module part of an absolute resource address
// ("module.a.module.b" of "module.a.module.b.cloudflare_record.x[0]").
func moduleOf(addr string) string {
	parts := splitAddress(addr)
	var mod []string
	for i := 0; i+1 < len(parts) && parts[i] == "module"; i += 2 {
		mod = append(mod, parts[i], parts[i+1])
	}
	return strings.Join(mod, ".")
}

// configAddress removes instance keys from an address: the configuration
// describes the block, not its instances.
func configAddress(addr string) string {
	var b strings.Builder
	depth := 0
	inQuote := false
	for i := 0; i < len(addr); i++ {
		c := addr[i]
		switch {
		case inQuote:
			if c == '\\' {
				i++
			} else if c == '"' {
				inQuote = false
			}
			continue
		case c == '"' && depth > 0:
			inQuote = true
			continue
		case c == '[':
			depth++
			continue
		case c == ']':
			depth--
			continue
		}
		if depth == 0 {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// splitAddress splits an address at dots outside instance keys.
func splitAddress(addr string) []string {
	var parts []string
	start, depth := 0, 0
	inQuote := false
	for i := 0; i < len(addr); i++ {
		switch c := addr[i]; {
		case inQuote:
			if c == '\\' {
				i++
			} else if c == '"' {
				inQuote = false
			}
		case c == '"':
			inQuote = true
		case c == '[':
			depth++
		case c == ']':
			depth--
		case c == '.' && depth == 0:
			parts = append(parts, configAddress(addr[start:i]))
			start = i + 1
		}
	}
	return append(parts, configAddress(addr[start:]))
}

// jsonValue converts a JSON value to cty, leaves marked true in unknown
// becoming unknown values.
func jsonValue(v, unknown any) cty.Value {
	if b, ok := unknown.(bool); ok && b {
		return cty.DynamicVal
	}
	switch x := v.(type) {
	case nil:
		switch u := unknown.(type) {
		case map[string]any:
			return jsonValue(map[string]any{}, u)
		case []any:
			return jsonValue(make([]any, len(u)), u)
		}
		return cty.NullVal(cty.DynamicPseudoType)
	case bool:
		return cty.BoolVal(x)
	case string:
		return cty.StringVal(x)
	case json.Number:
		f, _, err := big.ParseFloat(string(x), 10, 512, big.ToNearestEven)
		if err != nil {
			return cty.DynamicVal
		}
		return cty.NumberVal(f)
	case map[string]any:
		u, _ := unknown.(map[string]any)
		attrs := map[string]cty.Value{}
		for k, e := range x {
			attrs[k] = jsonValue(e, u[k])
		}
		for k, e := range u {
			if _, ok := attrs[k]; !ok {
				attrs[k] = jsonValue(nil, e)
			}
		}
		return cty.ObjectVal(attrs)
	case []any:
		u, _ := unknown.([]any)
		n := max(len(x), len(u))
		if n == 0 {
			return cty.EmptyTupleVal
		}
		elems := make([]cty.Value, n)
		for i := range elems {
			var e, ue any
			if i < len(x) {
				e = x[i]
			}
			if i < len(u) {
				ue = u[i]
			}
			elems[i] = jsonValue(e, ue)
		}
		return cty.TupleVal(elems)
	}
	return cty.DynamicVal
}
