// Package compose reads Docker Compose files — docker-compose.yml,
// compose.yaml, their override files (docker-compose.override.yml) and
// the -f siblings projects keep beside them (docker-compose.prod.yml,
// compose.dev.yaml) — into the model's services (lint.Service, source
// lint.Compose): the names a container answers to on its networks, the
// ports it publishes or declares, the networks it joins, its image and
// bind mounts, each positioned file:line:col in the YAML.
//
// The reading follows the Compose Specification as docker compose v2
// applies it:
//
//   - Names: the service key, container_name, hostname and each network's
//     aliases resolve to the container on a shared network (Docker's
//     embedded DNS at 127.0.0.11). links: aliases are legacy and read as
//     aliases too.
//   - Ports: the short syntax ("8080", "8080:80", "127.0.0.1:8080:80",
//     "8000-8002:8000-8002", "53:53/udp") and the long one (target,
//     published, protocol); expose: entries ("3000", 3000, "3000-3005").
//     The container's port is the one a proxy on the same network
//     connects to.
//   - ${VAR}, ${VAR:-default} and $VAR are substituted by compose from
//     the environment and .env when it starts: a value holding one is
//     unknown (Service.Unknown), never an error. $$ is a literal $.
//   - YAML anchors, aliases and merge keys (<<: *defaults, the x-…
//     extension fields projects share settings with) are followed.
//   - deploy: with replicas or mode, and scale:, mark a replicated
//     service (Swarm or scaled): several containers behind one name.
//
// Each file is its own Config: compose merges a project's files
// (-f docker-compose.yml -f docker-compose.prod.yml) at run time, and
// which are merged is the user's choice, so rules read the services of
// every file of a project together.
//
// Errors are YAML syntax errors and a services: that is not a mapping:
// what docker compose refuses before looking at any service. The rest of
// the Compose schema is not checked.
package compose
