# The root builds its zones through local child modules: one instance of
# ./modules/zone per zone (for_each), its variables given by the call's
# arguments, and ./modules/api (count) adds a record to a zone through
# the first module's output. Every call is followed, so each zone is
# complete: its settings not written have Cloudflare's defaults.

locals {
  zones = {
    "example.com" = { ssl = "strict", origin = "203.0.113.10" }
    "example.org" = { ssl = "flexible", origin = "10.1.2.3" }
  }
}

module "zone" {
  for_each = local.zones
  source   = "./modules/zone"
  name     = each.key
  ssl      = each.value.ssl
  origin   = each.value.origin
}

module "api" {
  count   = 1
  source  = "./modules/api"
  zone_id = module.zone["example.com"].zone_id
  target  = "api-${count.index}.internal.example.net"
}
