# the record is proxied, its ttl stays 300; the SSL mode becomes strict,
# and always_use_https, in the settings block replaced whole, is gone
resource "cloudflare_record" "www" {
  proxied = true
}

resource "cloudflare_zone_settings_override" "main" {
  settings {
    ssl = "strict"
  }
}

locals {
  origin = "192.0.2.1"
}

# a static rules block replaces the dynamic ones: one rule, port 443
resource "cloudflare_ruleset" "origin" {
  rules {
    ref        = "tls"
    action     = "route"
    expression = "true"
    action_parameters {
      origin {
        port = 443
      }
    }
  }
}
