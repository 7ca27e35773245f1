package lint

// Compose is the kind of Docker Compose files (docker-compose.yml,
// compose.yaml and their override and -f siblings). Such a Config holds
// Services and no Sites.
const Compose SourceKind = "compose"

// Kubernetes is the Service.Kind of a Kubernetes Service read from a
// manifest (kind: Service). Such services are context for the rules that
// ask whether a name's addresses move, not part of a Compose project.
const Kubernetes = "kubernetes"

// Service is a container the proxy may forward to, as an orchestrator
// describes it: a Docker Compose or Swarm service, or a Kubernetes Service
// of a manifest (Kind Kubernetes), which fills the same fields, so rules that ask
// "is this host name a container, and does it listen on that port?" need
// not know which file said so.
//
// Values holding a variable the orchestrator substitutes when it starts
// (${API_PORT}) are unknown to the lint: they are left out of the lists
// and listed in Unknown, and rules leave them alone.
type Service struct {
	// Kind names the orchestrator: "compose" or "kubernetes".
	Kind string
	// Name is the service's name (the key under services:).
	Name string
	// Pos is the service's key.
	Pos Position
	// Names are every name a container on a shared network resolves to
	// this service: its name first, then container_name, hostname and
	// network aliases, each where it was written.
	Names []ServiceName
	// Image is the image the service runs ("nginx:1.27-alpine"); empty
	// when it is built or unknown.
	Image string
	// Networks are the networks the service joins; empty means the
	// project's default network. NetworkMode is network_mode ("host",
	// "service:db", "none"); empty for the usual bridge networks.
	Networks    []ServiceNetwork
	NetworkMode string
	// ExtraHosts are the names extra_hosts: and external_links: add to
	// the container's resolver: names the project does not define that
	// still resolve inside this container.
	ExtraHosts []string
	// Ports are the container ports the service publishes (ports:) or
	// declares (expose:). On a shared network a container reaches every
	// port the process listens on: expose documents, it does not open.
	Ports []ServicePort
	// Mounts are bind mounts from the host (volumes: ./nginx.conf:/etc/…),
	// the host path resolved against the compose file's directory. Named
	// volumes are not listed.
	Mounts []Mount
	// Replicated is true when the service is meant for Swarm or scaled
	// (deploy: with replicas or mode, scale:): several containers behind
	// one name.
	Replicated bool
	// Headless is true for a Kubernetes Service with clusterIP: None,
	// written at HeadlessPos: its name resolves to the addresses of its
	// pods, which change on every rollout, not to one stable virtual IP.
	Headless    bool
	HeadlessPos Position
	// Unknown lists settings whose value holds a variable (${…}), by key
	// as written ("ports", "container_name"), where it was written.
	Unknown map[string]Position
}

// ServiceName is one name of a service and where it comes from.
type ServiceName struct {
	Name string
	// How is "service", "container_name", "hostname" or "alias".
	How string
	Pos Position
}

// ServiceNetwork is a network a service joins.
type ServiceNetwork struct {
	Name string
	// External is true when the network is declared external: containers
	// of other projects may be on it, so names the project does not define
	// may still resolve there.
	External bool
	Pos      Position
}

// ServicePort is a container port of a service.
type ServicePort struct {
	// Port is the container's port (the target of a mapping).
	Port int
	// Published is the host port it is published on; 0 for an exposed or
	// unpublished port.
	Published int
	// Protocol is "tcp" or "udp".
	Protocol string
	// Exposed is true for expose: entries.
	Exposed bool
	Raw     string
	Pos     Position
}

// Mount is a bind mount: a host path seen inside the container.
type Mount struct {
	// Source is the host path, absolute when the file gave a relative one
	// (resolved against the compose file's directory), in display form
	// otherwise as written.
	Source string
	Target string
	Pos    Position
}

// Named returns the service's name entry matching host (case-insensitive:
// Docker's DNS is), or nil.
func (s *Service) Named(host string) *ServiceName {
	for i := range s.Names {
		if equalFoldASCII(s.Names[i].Name, host) {
			return &s.Names[i]
		}
	}
	return nil
}

// Listens reports whether the service declares the container port.
func (s *Service) Listens(port int) bool {
	for _, p := range s.Ports {
		if p.Port == port && p.Protocol != "udp" {
			return true
		}
	}
	return false
}

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
