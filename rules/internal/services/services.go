// Package services pairs an nginx or Apache tree with the container
// services of the Compose project it lives in, for the rules that ask
// whether a pass target's host is a container (and then: one whose
// address changes when it is recreated, one that exists, one that
// listens on that port).
//
// A Compose file belongs with a tree when it sits in the directory of one
// of the tree's files or in a directory above it (docker-compose.yml at
// the repository's top, nginx/conf.d/app.conf below), or when one of its
// services bind-mounts a file or directory of the tree
// (./nginx/nginx.conf:/etc/nginx/nginx.conf). The files of a project are
// read together, as docker compose -f a.yml -f b.yml merges them: the
// services of docker-compose.yml and docker-compose.prod.yml are one set.
package services

import (
	"path"
	"strings"

	"github.com/edgelint/edgelint/lint"
)

// Project is what the Compose files paired with one tree say.
type Project struct {
	// Services of every paired file, in file order.
	Services []*lint.Service
	// File is the Compose file of each service.
	File map[*lint.Service]*lint.Config
	// Proxy lists the services that run the tree: they bind-mount one of
	// its files or directories. Empty when no service does (the image
	// is built with the configuration copied in, or the tree is run
	// elsewhere).
	Proxy []*lint.Service
	// Complete is true when the project's names are all known: every
	// paired file was read whole (no include: left unread) and no
	// service's container_name, hostname or alias is a variable.
	Complete bool
}

type key struct{ c *lint.Config }

// Of returns the project of the tree c, computed once per run; nil when
// no Compose file belongs with it.
func Of(p *lint.Pass, c *lint.Config) *Project {
	v := p.Shared(key{c}, func() any { return pair(c, Compose(p)) })
	pr, _ := v.(*Project)
	return pr
}

type composeKey struct{ kubernetes bool }

// Compose returns the Compose configurations of the run (not the
// Kubernetes manifests), computed once per run: pairing each of
// thousands of fragments with every config of the run would be
// quadratic.
func Compose(p *lint.Pass) []*lint.Config {
	return p.Shared(composeKey{false}, func() any { return composeOf(p.All, false) }).([]*lint.Config)
}

// Kubernetes returns the Kubernetes manifests of the run (Compose
// configs of product Kubernetes), computed once per run: what Headless
// needs of the run.
func Kubernetes(p *lint.Pass) []*lint.Config {
	return p.Shared(composeKey{true}, func() any { return composeOf(p.All, true) }).([]*lint.Config)
}

func composeOf(all []*lint.Config, kubernetes bool) []*lint.Config {
	var out []*lint.Config
	for _, cc := range all {
		if cc.Source == lint.Compose && (cc.Product.Name == lint.Kubernetes) == kubernetes {
			out = append(out, cc)
		}
	}
	return out
}

func pair(c *lint.Config, all []*lint.Config) *Project {
	var pr *Project
	for _, cc := range all {
		if cc.Source != lint.Compose || cc.Product.Name == lint.Kubernetes || !belongs(cc, c) {
			continue
		}
		if pr == nil {
			pr = &Project{File: map[*lint.Service]*lint.Config{}, Complete: true}
		}
		if len(cc.Unread) > 0 {
			pr.Complete = false
		}
		for _, s := range cc.Services {
			pr.Services = append(pr.Services, s)
			pr.File[s] = cc
			for _, k := range []string{"container_name", "hostname", "aliases"} {
				if _, unknown := s.Unknown[k]; unknown {
					pr.Complete = false
				}
			}
			if mountsTree(s, c) {
				pr.Proxy = append(pr.Proxy, s)
			}
		}
	}
	if pr != nil && len(pr.Services) == 0 {
		return nil
	}
	return pr
}

// belongs reports whether the Compose config cc goes with the tree c.
func belongs(cc, c *lint.Config) bool {
	for _, f := range cc.Files {
		dir := path.Dir(clean(f))
		for _, tf := range c.Files {
			if within(clean(tf), dir) {
				return true
			}
		}
	}
	for _, s := range cc.Services {
		if mountsTree(s, c) {
			return true
		}
	}
	return false
}

// mountsTree reports whether s runs the tree c: it bind-mounts one of the
// tree's files or a directory above one, as a web server's configuration
// (the target or the image names nginx, OpenResty or httpd). A PHP
// service mounting the whole checkout on /var/www does not run it.
func mountsTree(s *lint.Service, c *lint.Config) bool {
	img := strings.ToLower(s.Image)
	server := strings.Contains(img, "nginx") || strings.Contains(img, "openresty") || strings.Contains(img, "httpd") || strings.Contains(img, "apache")
	for _, m := range s.Mounts {
		t := strings.ToLower(m.Target)
		if !server && !strings.Contains(t, "nginx") && !strings.Contains(t, "openresty") && !strings.Contains(t, "httpd") && !strings.Contains(t, "apache") {
			continue
		}
		src := clean(m.Source)
		for _, tf := range c.Files {
			if within(clean(tf), src) {
				return true
			}
		}
	}
	return false
}

func clean(p string) string { return path.Clean(strings.ReplaceAll(p, "\\", "/")) }

// within reports whether p is dir or lies below it (display paths, both
// relative to the working directory or both absolute).
func within(p, dir string) bool {
	if dir == "." {
		return !strings.HasPrefix(p, "../") && p != ".." && !path.IsAbs(p)
	}
	return p == dir || strings.HasPrefix(p, dir+"/")
}

// Named returns the service that host names, and the name that matched.
func (pr *Project) Named(host string) (*lint.Service, *lint.ServiceName) {
	if pr == nil {
		return nil, nil
	}
	for _, s := range pr.Services {
		if n := s.Named(host); n != nil {
			return s, n
		}
	}
	return nil, nil
}

// Isolated reports whether the proxy's containers can resolve no name
// beyond the project's own: a proxy service is known, it joins no
// external network and does not share the host's or another container's
// network stack, and it names no extra hosts.
func (pr *Project) Isolated() bool {
	if pr == nil || len(pr.Proxy) == 0 || !pr.Complete {
		return false
	}
	for _, s := range pr.Proxy {
		if s.NetworkMode != "" && s.NetworkMode != "bridge" && s.NetworkMode != "default" {
			return false
		}
		if len(s.ExtraHosts) > 0 {
			return false
		}
		if _, unknown := s.Unknown["networks"]; unknown {
			return false
		}
		for _, n := range s.Networks {
			if n.External {
				return false
			}
		}
	}
	return true
}

// Headless returns the headless Kubernetes Service (clusterIP: None) that
// host names, from the manifests of the run: those among the inputs and
// those beside or above a tree. A short name fires only when every
// Service of that name is headless: the namespace nginx runs in is
// unknown, and a ClusterIP Service's name keeps its address.
func Headless(all []*lint.Config, host string) *lint.Service {
	var found *lint.Service
	for _, cc := range all {
		if cc.Source != lint.Compose || cc.Product.Name != lint.Kubernetes {
			continue
		}
		for _, s := range cc.Services {
			if s.Kind != lint.Kubernetes || s.Named(host) == nil {
				continue
			}
			if !s.Headless {
				return nil
			}
			if found == nil {
				found = s
			}
		}
	}
	return found
}
