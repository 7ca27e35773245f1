# What cannot be known before a plan stays unknown, and takes the value
# no rule can misread: a variable without a default, a module output, a
# data source's computed attribute, an unknown function, count and
# for_each over unknown collections.

variable "zone_id" {
  type = string
}

variable "origin_port" {
  type = number
}

module "net" {
  source = "./net"
}

# Grouped with every other object that names its zone the same way.
resource "cloudflare_record" "www" {
  zone_id = var.zone_id
  name    = "www"
  type    = "A"
  content = module.net.address
  proxied = true
}

resource "cloudflare_record" "several" {
  for_each = module.net.hosts
  zone_id  = var.zone_id
  name     = each.key
  type     = "A"
  content  = each.value
  proxied  = true
}

resource "cloudflare_zone_settings_override" "main" {
  zone_id = var.zone_id
  settings {
    ssl                = file("ssl-mode.txt")
    proxy_read_timeout = module.net.timeout
  }
}

resource "cloudflare_ruleset" "origin" {
  zone_id = var.zone_id
  name    = "default"
  kind    = "zone"
  phase   = "http_request_origin"
  rules {
    ref        = "to-backend"
    expression = "http.host eq \"api.example.com\""
    action     = "route"
    action_parameters {
      host_header = "api.internal"
      origin {
        port = var.origin_port
      }
    }
  }
}

resource "cloudflare_load_balancer_pool" "dynamic" {
  account_id = "f037e56e89293a057740de681ac9abbe"
  name       = "dynamic"
  origins {
    name    = "a"
    address = module.net.address
    enabled = false
  }
}

resource "cloudflare_load_balancer" "lb" {
  zone_id          = var.zone_id
  name             = "lb.example.com"
  default_pool_ids = [cloudflare_load_balancer_pool.dynamic.id, module.net.pool_id]
  fallback_pool_id = cloudflare_load_balancer_pool.dynamic.id
}

# Its own zone: written another way.
resource "cloudflare_record" "other" {
  zone_id = module.net.zone_id
  name    = "other"
  type    = "A"
  content = "192.0.2.5"
  proxied = true
}
