package compose

import (
	"strings"
	"testing"

	"github.com/edgelint/edgelint/lint"
)

// FuzzParseKube checks that the manifest reader never panics and keeps
// every position inside the input.
func FuzzParseKube(f *testing.F) {
	for _, s := range []string{
		"apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  clusterIP: None\n  ports:\n    - port: 8080\n      protocol: TCP\n",
		"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b}\nspec: {ports: [{port: 70000}, {port: x}]}\n",
		"apiVersion: v1\nkind: Service\nmetadata:\n  name: '{{ .Values.name }}'\n  namespace: ${NS}\n",
		"apiVersion: v1\nkind: Service\nmetadata: [\n",
		"a: &a\n  b: *a\n",
		"---\n---\n\t\xff: [\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		svcs, _ := ParseKube("k.yaml", data)
		lines := strings.Count(string(data), "\n") + 1
		for _, s := range svcs {
			if s.Name == "" || len(s.Names) == 0 || s.Names[0].Name != s.Name {
				t.Fatalf("service %+v", s)
			}
			for _, p := range append([]int{int(s.Pos.Line), int(s.HeadlessPos.Line)}, portLines(s.Ports)...) {
				if p < 0 || p > lines {
					t.Fatalf("line %d outside %d lines", p, lines)
				}
			}
		}
		SniffKube("k.yaml", data)
	})
}

// ParseKube reads each Service of a multi-document manifest, its names
// in every form a pod's resolver answers, and clusterIP: None.
func TestParseKube(t *testing.T) {
	svcs, errs := ParseKube("k.yaml", []byte("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n"+
		"apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  clusterIP: None\n---\n"+
		"apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {clusterIP: 10.0.0.1}\n"))
	if len(errs) != 0 || len(svcs) != 2 {
		t.Fatalf("services %v, errors %v", svcs, errs)
	}
	if a := svcs[0]; !a.Headless || a.Named("api.shop.svc.cluster.local") == nil || a.Named("API.shop") == nil || a.HeadlessPos.Line != 11 {
		t.Errorf("api: %+v", a)
	}
	if w := svcs[1]; w.Headless || len(w.Names) != 1 {
		t.Errorf("web: %+v", w)
	}
}

func portLines(ps []lint.ServicePort) []int {
	var out []int
	for _, p := range ps {
		out = append(out, int(p.Pos.Line))
	}
	return out
}
