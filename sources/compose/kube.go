package compose

import (
	"bytes"
	"errors"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/edgelint/edgelint/lint"
	"github.com/edgelint/edgelint/sources/input"
)

var (
	kubeKind = regexp.MustCompile(`(?m)^kind:[ \t]*["']?Service["']?[ \t]*\r?$`)
	kubeAPI  = regexp.MustCompile(`(?m)^apiVersion:[ \t]*["']?v1["']?[ \t]*\r?$`)
)

// SniffKube tells a YAML file that holds a Kubernetes Service (apiVersion:
// v1, kind: Service, at the top of one of its documents): 1, else 0.
func SniffKube(path string, head []byte) int {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yml", ".yaml":
	default:
		return 0
	}
	if kubeKind.Match(head) && kubeAPI.Match(head) {
		return 1
	}
	return 0
}

// LoadKube reads the Kubernetes Services of one manifest file (every
// document of a multi-document file) into a Config of kind Compose whose
// services are of Kind lint.Kubernetes: context for the rules that ask
// whether a name's addresses move (a headless Service's name resolves to
// its pods'). Every other kind of object is passed over.
func LoadKube(entry string, opts input.Options) ([]*lint.Config, []lint.LoadError) {
	display, data, errs := input.ReadEntry(entry, opts)
	if errs != nil {
		return nil, errs
	}
	svcs, errs := ParseKube(display, data)
	cfg := &lint.Config{
		Source:   lint.Compose,
		Root:     display,
		Product:  lint.Product{Name: lint.Kubernetes},
		Files:    []string{display},
		Text:     map[string][]byte{display: data},
		Services: svcs,
	}
	return []*lint.Config{cfg}, errs
}

// ParseKube returns the Services of a manifest's documents. A document
// that is not a v1 Service is passed over; one that does not parse ends
// the file with an error (yaml.v3 cannot resume after it).
func ParseKube(file string, data []byte) ([]*lint.Service, []lint.LoadError) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var out []*lint.Service
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, []lint.LoadError{lint.Errorf(lint.AtFile(file), "%v", err)}
		}
		if s := kubeService(file, &doc); s != nil {
			out = append(out, s)
		}
	}
}

func kubeService(file string, doc *yaml.Node) *lint.Service {
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		doc = doc.Content[0]
	}
	if doc.Kind != yaml.MappingNode || scalar(get(doc, "apiVersion")) != "v1" || scalar(get(doc, "kind")) != "Service" {
		return nil
	}
	meta := get(doc, "metadata")
	nameNode := get(meta, "name")
	name := scalar(nameNode)
	if name == "" || strings.Contains(name, "${") || strings.Contains(name, "{{") {
		return nil
	}
	pos := func(n *yaml.Node) lint.Position { return lint.At(file, n.Line, n.Column) }
	ns := scalar(get(meta, "namespace"))
	s := &lint.Service{Kind: lint.Kubernetes, Name: name, Pos: pos(nameNode)}
	s.Names = append(s.Names, lint.ServiceName{Name: name, How: "service", Pos: pos(nameNode)})
	// Without a namespace the Service lands in the one kubectl applies it
	// to, unknown here: only the short name is certain.
	switch {
	case strings.Contains(ns, "${") || strings.Contains(ns, "{{"):
		s.Unknown = map[string]lint.Position{"namespace": pos(get(meta, "namespace"))}
	case ns != "":
		for _, n := range []string{name + "." + ns, name + "." + ns + ".svc", name + "." + ns + ".svc.cluster.local"} {
			s.Names = append(s.Names, lint.ServiceName{Name: n, How: "service", Pos: pos(nameNode)})
		}
	}
	spec := get(doc, "spec")
	if ip := get(spec, "clusterIP"); ip != nil && scalar(ip) == "None" {
		s.Headless = true
		s.HeadlessPos = pos(ip)
	}
	if ports := get(spec, "ports"); ports != nil && ports.Kind == yaml.SequenceNode {
		for _, p := range ports.Content {
			pn := get(p, "port")
			n, err := strconv.Atoi(scalar(pn))
			if err != nil || n < 1 || n > 65535 {
				continue
			}
			proto := strings.ToLower(scalar(get(p, "protocol")))
			if proto == "" {
				proto = "tcp"
			}
			s.Ports = append(s.Ports, lint.ServicePort{Port: n, Protocol: proto, Raw: scalar(pn), Pos: pos(pn)})
		}
	}
	return s
}

// get returns the value of key in the mapping n, or nil.
func get(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}
