# Override files (override.tf, *_override.tf, their .tf.json forms) are
# merged after the other files, in lexical order: an argument replaces
# the argument, a nested block type replaces every block of that type,
# a local is replaced by name; a static block replaces dynamic ones too.

locals {
  origin = "10.0.0.1"
  name   = "www"
}

resource "cloudflare_zone" "main" {
  zone = "example.com"
}

resource "cloudflare_zone_settings_override" "main" {
  zone_id = cloudflare_zone.main.id
  settings {
    ssl              = "flexible"
    always_use_https = "on"
  }
}

resource "cloudflare_record" "www" {
  zone_id = cloudflare_zone.main.id
  name    = local.name
  type    = "A"
  content = local.origin
  proxied = false
  ttl     = 300
}

resource "cloudflare_load_balancer_pool" "web" {
  name = "web"
  origins {
    name    = "a"
    address = "10.0.0.1"
  }
  origins {
    name    = "b"
    address = "10.0.0.2"
  }
}

resource "cloudflare_ruleset" "origin" {
  zone_id = cloudflare_zone.main.id
  kind    = "zone"
  name    = "origin"
  phase   = "http_request_origin"
  dynamic "rules" {
    for_each = [8443, 8080]
    content {
      ref        = "port-${rules.value}"
      action     = "route"
      expression = "true"
      action_parameters {
        origin {
          port = rules.value
        }
      }
    }
  }
}
