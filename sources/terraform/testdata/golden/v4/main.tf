# The provider's v4 shapes the rules read (blocks, cloudflare_record,
# cloudflare_zone_settings_override), from its documentation and
# cf-terraforming's generated v4 configuration.

resource "cloudflare_zone" "main" {
  account_id = "f037e56e89293a057740de681ac9abbe"
  zone       = "example.com"
  plan       = "pro"
  type       = "partial"
}

resource "cloudflare_zone_settings_override" "main" {
  zone_id = cloudflare_zone.main.id
  settings {
    ssl              = "strict"
    always_use_https = "on"
    tls_client_auth  = "on"
    security_header {
      enabled            = true
      include_subdomains = true
      max_age            = 86400
      nosniff            = true
      preload            = false
    }
  }
}

resource "cloudflare_record" "www" {
  zone_id = cloudflare_zone.main.id
  name    = "www.example.com"
  type    = "CNAME"
  value   = "example.com"
  proxied = true
  ttl     = 1
}

resource "cloudflare_authenticated_origin_pulls" "host" {
  zone_id                                = cloudflare_zone.main.id
  hostname                               = "api.example.com"
  authenticated_origin_pulls_certificate = "2458ce5a-0c35-4c7f-82c7-8e9487d3ff60"
  enabled                                = true
}

resource "cloudflare_page_rule" "images" {
  zone_id  = cloudflare_zone.main.id
  target   = "*example.com/images/*"
  priority = 1
  status   = "active"
  actions {
    ssl                  = "flexible"
    host_header_override = "images.internal.example.com"
    resolve_override     = "images-origin.example.com"
    always_use_https     = true
  }
}

resource "cloudflare_load_balancer_monitor" "http" {
  account_id     = "f037e56e89293a057740de681ac9abbe"
  type           = "http"
  port           = 8080
  expected_codes = "2xx"
  header {
    header = "Host"
    values = ["health.example.com"]
  }
}

resource "cloudflare_load_balancer_pool" "eu" {
  account_id      = "f037e56e89293a057740de681ac9abbe"
  name            = "eu"
  minimum_origins = 2
  monitor         = cloudflare_load_balancer_monitor.http.id
  origins {
    name    = "eu-1"
    address = "198.51.100.1"
    weight  = 0.5
  }
  origins {
    name    = "eu-2"
    address = "198.51.100.2"
    enabled = false
  }
}

resource "cloudflare_load_balancer_pool" "us" {
  account_id = "f037e56e89293a057740de681ac9abbe"
  name       = "us"
  origins {
    name    = "us-1"
    address = "us-origin.example.com"
  }
}

resource "cloudflare_load_balancer" "lb" {
  zone_id          = cloudflare_zone.main.id
  name             = "lb"
  enabled          = false
  default_pool_ids = [cloudflare_load_balancer_pool.eu.id]
  fallback_pool_id = cloudflare_load_balancer_pool.eu.id
  region_pools {
    region   = "ENAM"
    pool_ids = [cloudflare_load_balancer_pool.us.id]
  }
}
