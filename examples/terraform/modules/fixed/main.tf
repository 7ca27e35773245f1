# examples/terraform/modules/broken, fixed: both zones use Full (strict),
# to port 443 where the origin listens, and the staging zone proxies to its
# public address.

terraform {
  required_providers {
    cloudflare = {
      source  = "cloudflare/cloudflare"
      version = "~> 4.0"
    }
  }
}

module "site" {
  for_each = {
    "example.com" = { origin = "203.0.113.10", ssl = "strict" }
    "example.net" = { origin = "203.0.113.20", ssl = "strict" }
  }
  source = "./modules/site"
  zone   = each.key
  origin = each.value.origin
  ssl    = each.value.ssl
}
