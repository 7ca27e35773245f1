# The provider's v5 shapes the rules read (attributes where v4 has
# blocks, cloudflare_dns_record, cloudflare_zone_setting), from its
# examples and cf-terraforming's generated v5 configuration.

data "cloudflare_zone" "main" {
  filter = {
    name = "example.org"
  }
}

resource "cloudflare_zone_setting" "hsts" {
  zone_id    = data.cloudflare_zone.main.zone_id
  setting_id = "security_header"
  value = {
    strict_transport_security = {
      enabled            = true
      include_subdomains = false
      max_age            = 31536000
      nosniff            = false
      preload            = false
    }
  }
}

resource "cloudflare_zone_setting" "timeout" {
  zone_id    = data.cloudflare_zone.main.zone_id
  setting_id = "proxy_read_timeout"
  value      = "120"
}

resource "cloudflare_dns_record" "apex" {
  zone_id         = data.cloudflare_zone.main.zone_id
  name            = "example.org"
  type            = "AAAA"
  content         = "2001:db8::1"
  proxied         = true
  ttl             = 1
  private_routing = false
}

resource "cloudflare_authenticated_origin_pulls_settings" "zone" {
  zone_id = data.cloudflare_zone.main.zone_id
  enabled = true
}

resource "cloudflare_authenticated_origin_pulls" "hosts" {
  zone_id = data.cloudflare_zone.main.zone_id
  config = [
    { hostname = "a.example.org", cert_id = "x", enabled = true },
    { hostname = "b.example.org", cert_id = "y", enabled = false },
  ]
}

resource "cloudflare_page_rule" "legacy" {
  zone_id = data.cloudflare_zone.main.zone_id
  target  = "example.org/legacy/*"
  status  = "disabled"
  actions = {
    ssl = "full"
  }
}

resource "cloudflare_ruleset" "config" {
  zone_id = data.cloudflare_zone.main.zone_id
  name    = "default"
  kind    = "zone"
  phase   = "http_config_settings"
  rules = [
    { ref = "strict-api", expression = "http.host eq \"api.example.org\"", action = "set_config", action_parameters = { ssl = "strict" } },
    { expression = "true", action = "set_config", action_parameters = { ssl = "full" }, enabled = false },
  ]
}

resource "cloudflare_ruleset" "origin" {
  zone_id = data.cloudflare_zone.main.zone_id
  name    = "default"
  kind    = "zone"
  phase   = "http_request_origin"
  rules = [{
    ref               = "sni"
    expression        = "http.request.uri.path wildcard \"/eu/*\""
    action            = "route"
    action_parameters = { origin = { host = "eu.example.org", port = 8443 }, sni = { value = "eu.example.org" } }
  }]
}

resource "cloudflare_ruleset" "waf" {
  zone_id = data.cloudflare_zone.main.zone_id
  name    = "default"
  kind    = "zone"
  phase   = "http_request_firewall_custom"
  rules   = [{ expression = "true", action = "block" }]
}

resource "cloudflare_load_balancer_pool" "p" {
  account_id = "f037e56e89293a057740de681ac9abbe"
  name       = "p"
  origins    = [{ name = "o", address = "198.51.100.9", port = 8443, header = { host = ["o.example.org"] } }]
}

resource "cloudflare_load_balancer" "lb" {
  zone_id       = data.cloudflare_zone.main.zone_id
  name          = "lb.example.org"
  proxied       = true
  default_pools = [cloudflare_load_balancer_pool.p.id]
  fallback_pool = cloudflare_load_balancer_pool.p.id
  country_pools = {
    US = [cloudflare_load_balancer_pool.p.id]
  }
}
