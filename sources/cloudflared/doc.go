// Package cloudflared reads Cloudflare Tunnel configuration files
// (cloudflared's config.yml: tunnel:, credentials-file:, ingress:) into
// lint.Tunnel, with the position of every rule and setting.
package cloudflared
