# The zones of examples/cloudflare/broken/snapshot.json, written as the
# Terraform that manages them (cloudflare provider v5). origin/ holds the
# nginx behind example.com. `edgelint check examples/terraform/broken`
# reports what `edgelint check examples/cloudflare/broken` does.

terraform {
  required_providers {
    cloudflare = {
      source  = "cloudflare/cloudflare"
      version = "~> 5.0"
    }
  }
}

variable "account_id" {
  type    = string
  default = "01a7362d577a6c3019a474fd6f485823"
}

locals {
  origin = "203.0.113.10"
}

# example.com: the origin in origin/nginx.conf, a load balancer, and
# origin, configuration and cache rules.

resource "cloudflare_zone" "example_com" {
  account = { id = var.account_id }
  name    = "example.com"
}

resource "cloudflare_zone_setting" "example_com_ssl" {
  zone_id    = cloudflare_zone.example_com.id
  setting_id = "ssl"
  value      = "full"
}

resource "cloudflare_zone_setting" "example_com_always_use_https" {
  zone_id    = cloudflare_zone.example_com.id
  setting_id = "always_use_https"
  value      = "on"
}

resource "cloudflare_zone_setting" "example_com_proxy_read_timeout" {
  zone_id    = cloudflare_zone.example_com.id
  setting_id = "proxy_read_timeout"
  value      = 100
}

resource "cloudflare_dns_record" "apex" {
  zone_id = cloudflare_zone.example_com.id
  name    = "@"
  type    = "A"
  content = local.origin
  proxied = true
  ttl     = 1
}

resource "cloudflare_dns_record" "www" {
  zone_id = cloudflare_zone.example_com.id
  name    = "www"
  type    = "CNAME"
  content = "example.com"
  proxied = true
  ttl     = 1
}

resource "cloudflare_dns_record" "shop" {
  zone_id = cloudflare_zone.example_com.id
  name    = "shop"
  type    = "A"
  content = local.origin
  proxied = true
  ttl     = 1
}

resource "cloudflare_dns_record" "app" {
  zone_id = cloudflare_zone.example_com.id
  name    = "app"
  type    = "A"
  content = "10.0.4.17"
  proxied = true
  ttl     = 1
}

resource "cloudflare_dns_record" "old" {
  zone_id = cloudflare_zone.example_com.id
  name    = "old"
  type    = "CNAME"
  content = "legacy.example.com"
  proxied = true
  ttl     = 1
}

resource "cloudflare_dns_record" "api" {
  zone_id = cloudflare_zone.example_com.id
  name    = "api"
  type    = "CNAME"
  content = "api.svc.cluster.local"
  proxied = true
  ttl     = 1
}

resource "cloudflare_dns_record" "mail" {
  zone_id = cloudflare_zone.example_com.id
  name    = "mail"
  type    = "A"
  content = "203.0.113.25"
  proxied = false
  ttl     = 300
}

resource "cloudflare_dns_record" "mx" {
  zone_id  = cloudflare_zone.example_com.id
  name     = "@"
  type     = "MX"
  content  = "mail.example.com"
  priority = 10
  proxied  = false
  ttl      = 300
}

resource "cloudflare_load_balancer_monitor" "health" {
  account_id     = var.account_id
  type           = "https"
  method         = "HEAD"
  path           = "/health"
  expected_codes = "200"
  expected_body  = "ok"
}

resource "cloudflare_load_balancer_pool" "primary" {
  account_id = var.account_id
  name       = "primary"
  origins = [
    { name = "app-1", address = local.origin },
    { name = "app-2", address = "203.0.113.11", header = { host = ["backend.internal.example.com"] } },
    { name = "app-4", address = "10.0.4.18" },
  ]
}

resource "cloudflare_load_balancer_pool" "drained" {
  account_id = var.account_id
  name       = "drained"
  monitor    = cloudflare_load_balancer_monitor.health.id
  origins = [
    { name = "app-3", address = "203.0.113.12", enabled = false },
  ]
}

resource "cloudflare_load_balancer_pool" "backup" {
  account_id = var.account_id
  name       = "backup"
  monitor    = cloudflare_load_balancer_monitor.health.id
  origins = [
    { name = "app-dr", address = local.origin },
  ]
}

resource "cloudflare_load_balancer" "lb" {
  zone_id       = cloudflare_zone.example_com.id
  name          = "lb.example.com"
  proxied       = true
  default_pools = [cloudflare_load_balancer_pool.primary.id, cloudflare_load_balancer_pool.drained.id]
  fallback_pool = cloudflare_load_balancer_pool.backup.id
}

resource "cloudflare_ruleset" "origin" {
  zone_id = cloudflare_zone.example_com.id
  name    = "default"
  kind    = "zone"
  phase   = "http_request_origin"
  rules = [{
    ref               = "internal-host"
    expression        = "http.host eq \"www.example.com\""
    action            = "route"
    action_parameters = { host_header = "internal-app.example.com" }
    }, {
    ref               = "billing"
    expression        = "http.host eq \"www.example.com\" and starts_with(http.request.uri.path, \"/billing/\")"
    action            = "route"
    action_parameters = { origin = { host = "billing.svc.cluster.local" } }
  }]
}

resource "cloudflare_ruleset" "config" {
  zone_id = cloudflare_zone.example_com.id
  name    = "default"
  kind    = "zone"
  phase   = "http_config_settings"
  rules = [{
    ref               = "legacy-flexible"
    expression        = "starts_with(http.request.uri.path, \"/legacy/\")"
    action            = "set_config"
    action_parameters = { ssl = "flexible" }
  }]
}

resource "cloudflare_ruleset" "cache" {
  zone_id = cloudflare_zone.example_com.id
  name    = "default"
  kind    = "zone"
  phase   = "http_request_cache_settings"
  rules = [{
    ref               = "reports"
    expression        = "starts_with(http.request.uri.path, \"/reports/\")"
    action            = "set_cache_settings"
    action_parameters = { read_timeout = 300 }
  }]
}

# example.org: a load balancer over two origins.

resource "cloudflare_zone" "example_org" {
  account = { id = var.account_id }
  name    = "example.org"
}

resource "cloudflare_zone_setting" "example_org" {
  for_each   = { ssl = "strict", always_use_https = "on" }
  zone_id    = cloudflare_zone.example_org.id
  setting_id = each.key
  value      = each.value
}

resource "cloudflare_dns_record" "org_apex" {
  zone_id = cloudflare_zone.example_org.id
  name    = "example.org"
  type    = "CNAME"
  content = "www.example.org"
  proxied = true
  ttl     = 1
}

resource "cloudflare_load_balancer_monitor" "org" {
  account_id     = var.account_id
  type           = "https"
  method         = "GET"
  path           = "/health"
  expected_codes = "2xx"
}

resource "cloudflare_load_balancer_pool" "org" {
  account_id = var.account_id
  name       = "org-pool"
  monitor    = cloudflare_load_balancer_monitor.org.id
  origins = [for i, addr in ["198.51.100.21", "198.51.100.22"] : {
    name    = "org-${i + 1}"
    address = addr
  }]
}

resource "cloudflare_load_balancer" "org" {
  zone_id       = cloudflare_zone.example_org.id
  name          = "www.example.org"
  proxied       = true
  default_pools = [cloudflare_load_balancer_pool.org.id]
  fallback_pool = cloudflare_load_balancer_pool.org.id
}

# example.net: one record, SSL off.

resource "cloudflare_zone" "example_net" {
  account = { id = "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d" }
  name    = "example.net"
}

resource "cloudflare_zone_setting" "example_net_ssl" {
  zone_id    = cloudflare_zone.example_net.id
  setting_id = "ssl"
  value      = "off"
}

resource "cloudflare_zone_setting" "example_net_always_use_https" {
  zone_id    = cloudflare_zone.example_net.id
  setting_id = "always_use_https"
  value      = "on"
}

resource "cloudflare_dns_record" "net_apex" {
  zone_id = cloudflare_zone.example_net.id
  name    = "@"
  type    = "A"
  content = "198.51.100.30"
  proxied = true
  ttl     = 1
}

# Page rules of example.com: Flexible for one path of www (the origin has
# no port 80), and a Host header no server name at the origin matches.

resource "cloudflare_page_rule" "legacy_api" {
  zone_id  = cloudflare_zone.example_com.id
  target   = "www.example.com/legacy-api/*"
  priority = 3
  actions = {
    ssl = "flexible"
  }
}

resource "cloudflare_page_rule" "app_host" {
  zone_id  = cloudflare_zone.example_com.id
  target   = "example.com/app/*"
  priority = 2
  actions = {
    host_header_override = "app.internal.example.com"
  }
}

resource "cloudflare_page_rule" "paused" {
  zone_id  = cloudflare_zone.example_com.id
  target   = "*example.com/*"
  priority = 1
  status   = "disabled"
  actions = {
    ssl = "off"
  }
}

# example.org without Universal SSL: its only certificate covers
# www.example.org, not the apex.

resource "cloudflare_universal_ssl_setting" "example_org" {
  zone_id = cloudflare_zone.example_org.id
  enabled = false
}

resource "cloudflare_certificate_pack" "org_www" {
  zone_id               = cloudflare_zone.example_org.id
  type                  = "advanced"
  hosts                 = ["www.example.org"]
  validation_method     = "txt"
  validity_days         = 90
  certificate_authority = "lets_encrypt"
}
