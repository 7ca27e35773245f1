package compose

import (
	"github.com/edgelint/edgelint/internal/testsupport/fuzzcheck"
	"os"
	"path/filepath"
	"testing"

	"github.com/edgelint/edgelint/sources/input"
)

// FuzzParse checks that the reader never panics, keeps every position
// inside the input, and that Load and Sniff survive any file.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"services:\n  web:\n    image: nginx\n    ports: [\"80:80\", \"127.0.0.1:8443:443/tcp\", {target: 8080, published: 18080}]\n",
		"x-d: &d\n  networks: [b]\nservices:\n  api:\n    <<: *d\n    expose: [\"9000-9001\", 3000]\n    networks:\n      b:\n        aliases: [api.internal, \"${A}\"]\n",
		"services:\n  w:\n    container_name: ${N}\n    links: [\"api:x\"]\n    volumes: [\"./a:/b:ro\", {type: bind, source: ../c, target: /d}, \"v:/e\"]\n    deploy: {replicas: 2}\n",
		"include:\n  - path: inc.yml\n    project_directory: .\n  - inc.yml\n",
		"services:\n  a: &a\n    <<: *a\n",
		"services:\n  a:\n    ports: [\"[::1]:1-65535:1-65535\", \"70000\", \"a:b:c:d\"]\n",
		"services: 1\n",
		"\t\xff: [\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		services, errs := Parse("f.yml", "/p", data)
		inLine, nlines := fuzzcheck.InYAML(t, data)
		for _, s := range services {
			inLine("service "+s.Name, s.Pos)
			for _, n := range s.Names {
				inLine("name "+n.Name, n.Pos)
			}
			for _, p := range s.Ports {
				inLine("port "+p.Raw, p.Pos)
				if p.Port < 1 || p.Port > 65535 {
					t.Fatalf("port %d out of range", p.Port)
				}
			}
		}
		for _, e := range errs {
			if int(e.Pos.Line) < 1 || int(e.Pos.Line) > nlines+1 { // a YAML error may name the line after the last
				t.Fatalf("error %q at line %d outside the input", e.Message, e.Pos.Line)
			}
		}
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "compose.yml"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "inc.yml"), []byte("services:\n  inc: {}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		Load(filepath.Join(dir, "compose.yml"), input.Options{Root: dir})
		Sniff("compose.yml", data)
	})
}
