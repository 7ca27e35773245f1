# examples/terraform/broken in the cloudflare provider's v4 shapes (blocks
# where v5 has attributes, cloudflare_record, cloudflare_zone_settings_override),
# with the values computed the ways modules compute them: variables,
# locals, for_each, count and dynamic blocks.

variable "account_id" {
  type    = string
  default = "01a7362d577a6c3019a474fd6f485823"
}

variable "zones" {
  type = map(object({ ssl = string, always_use_https = optional(string, "on"), universal_ssl = optional(string, "on") }))
  default = {
    "example.org" = { ssl = "strict", universal_ssl = "off" }
    "example.net" = { ssl = "off" }
  }
}

locals {
  origin = "203.0.113.10"
  proxied = {
    "@"    = { type = "A", value = local.origin }
    "www"  = { type = "CNAME", value = "example.com" }
    "shop" = { type = "A", value = local.origin }
    "app"  = { type = "A", value = "10.0.4.17" }
    "old"  = { type = "CNAME", value = "legacy.example.com" }
    "api"  = { type = "CNAME", value = "api.svc.cluster.local" }
  }
}

resource "cloudflare_zone" "example_com" {
  account_id = var.account_id
  zone       = "example.com"
}

resource "cloudflare_zone_settings_override" "example_com" {
  zone_id = cloudflare_zone.example_com.id
  settings {
    ssl                = "full"
    always_use_https   = "on"
    proxy_read_timeout = "100"
  }
}

resource "cloudflare_record" "proxied" {
  for_each = local.proxied
  zone_id  = cloudflare_zone.example_com.id
  name     = each.key
  type     = each.value.type
  value    = each.value.value
  proxied  = true
}

resource "cloudflare_record" "mail" {
  zone_id = cloudflare_zone.example_com.id
  name    = "mail"
  type    = "A"
  content = "203.0.113.25"
  ttl     = 300
}

resource "cloudflare_record" "mx" {
  zone_id  = cloudflare_zone.example_com.id
  name     = "example.com"
  type     = "MX"
  content  = "mail.example.com"
  priority = 10
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
  origins {
    name    = "app-1"
    address = local.origin
  }
  origins {
    name    = "app-2"
    address = "203.0.113.11"
    header {
      header = "Host"
      values = ["backend.internal.example.com"]
    }
  }
  origins {
    name    = "app-4"
    address = "10.0.4.18"
  }
}

resource "cloudflare_load_balancer_pool" "single" {
  count      = 2
  account_id = var.account_id
  name       = ["drained", "backup"][count.index]
  monitor    = cloudflare_load_balancer_monitor.health.id
  dynamic "origins" {
    for_each = count.index == 0 ? { "app-3" = "203.0.113.12" } : { "app-dr" = local.origin }
    content {
      name    = origins.key
      address = origins.value
      enabled = count.index != 0
    }
  }
}

resource "cloudflare_load_balancer" "lb" {
  zone_id          = cloudflare_zone.example_com.id
  name             = "lb.example.com"
  proxied          = true
  default_pool_ids = [cloudflare_load_balancer_pool.primary.id, cloudflare_load_balancer_pool.single[0].id]
  fallback_pool_id = cloudflare_load_balancer_pool.single[1].id
}

resource "cloudflare_ruleset" "origin" {
  zone_id = cloudflare_zone.example_com.id
  name    = "default"
  kind    = "zone"
  phase   = "http_request_origin"
  rules {
    ref        = "internal-host"
    expression = "http.host eq \"www.example.com\""
    action     = "route"
    action_parameters {
      host_header = "internal-app.example.com"
    }
  }
  rules {
    ref        = "billing"
    expression = "http.host eq \"www.example.com\" and starts_with(http.request.uri.path, \"/billing/\")"
    action     = "route"
    action_parameters {
      origin {
        host = "billing.svc.cluster.local"
      }
    }
  }
}

resource "cloudflare_ruleset" "config" {
  zone_id = cloudflare_zone.example_com.id
  name    = "default"
  kind    = "zone"
  phase   = "http_config_settings"
  rules {
    ref        = "legacy-flexible"
    expression = "starts_with(http.request.uri.path, \"/legacy/\")"
    action     = "set_config"
    action_parameters {
      ssl = "flexible"
    }
  }
}

resource "cloudflare_ruleset" "cache" {
  zone_id = cloudflare_zone.example_com.id
  name    = "default"
  kind    = "zone"
  phase   = "http_request_cache_settings"
  rules {
    ref        = "reports"
    expression = "starts_with(http.request.uri.path, \"/reports/\")"
    action     = "set_cache_settings"
    action_parameters {
      read_timeout = 300
    }
  }
}

resource "cloudflare_zone" "other" {
  for_each   = var.zones
  account_id = each.key == "example.net" ? "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d" : var.account_id
  zone       = each.key
}

resource "cloudflare_zone_settings_override" "other" {
  for_each = var.zones
  zone_id  = cloudflare_zone.other[each.key].id
  settings {
    ssl              = each.value.ssl
    always_use_https = each.value.always_use_https
    universal_ssl    = each.value.universal_ssl
  }
}

resource "cloudflare_record" "org_apex" {
  zone_id = cloudflare_zone.other["example.org"].id
  name    = "@"
  type    = "CNAME"
  value   = "www.example.org"
  proxied = true
}

resource "cloudflare_record" "net_apex" {
  zone_id = cloudflare_zone.other["example.net"].id
  name    = "@"
  type    = "A"
  value   = "198.51.100.30"
  proxied = true
}

resource "cloudflare_load_balancer_monitor" "org" {
  account_id     = var.account_id
  type           = "https"
  path           = "/health"
  expected_codes = "2xx"
}

resource "cloudflare_load_balancer_pool" "org" {
  account_id = var.account_id
  name       = "org-pool"
  monitor    = cloudflare_load_balancer_monitor.org.id
  dynamic "origins" {
    for_each = ["198.51.100.21", "198.51.100.22"]
    content {
      name    = "org-${origins.key + 1}"
      address = origins.value
    }
  }
}

resource "cloudflare_load_balancer" "org" {
  zone_id          = cloudflare_zone.other["example.org"].id
  name             = "www"
  proxied          = true
  default_pool_ids = [cloudflare_load_balancer_pool.org.id]
  fallback_pool_id = cloudflare_load_balancer_pool.org.id
}

resource "cloudflare_certificate_pack" "org_www" {
  zone_id               = cloudflare_zone.other["example.org"].id
  type                  = "advanced"
  hosts                 = ["www.example.org"]
  validation_method     = "txt"
  validity_days         = 90
  certificate_authority = "lets_encrypt"
}

resource "cloudflare_page_rule" "legacy_api" {
  zone_id  = cloudflare_zone.example_com.id
  target   = "www.${cloudflare_zone.example_com.zone}/legacy-api/*"
  priority = 3
  actions {
    ssl = "flexible"
  }
}

resource "cloudflare_page_rule" "app_host" {
  zone_id  = cloudflare_zone.example_com.id
  target   = "${cloudflare_zone.example_com.zone}/app/*"
  priority = 2
  actions {
    host_header_override = "app.internal.${cloudflare_zone.example_com.zone}"
  }
}

resource "cloudflare_page_rule" "paused" {
  count    = 1
  zone_id  = cloudflare_zone.example_com.id
  target   = "*example.com/*"
  priority = 1
  status   = "disabled"
  actions {
    ssl = "off"
  }
}
