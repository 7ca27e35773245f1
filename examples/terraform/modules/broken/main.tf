# One site in two zones, each built by the local module ./modules/site
# (one instance per zone, for_each): edgelint follows the call, so the
# child's resources have the values this call gives them, and findings
# stand in modules/site/main.tf. origin/nginx.conf is the origin of both.
# `edgelint check examples/terraform/modules/broken` reads modules/site
# only through this call, never on its own.

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
    # Flexible connects to port 80, where the origin does not listen: both
    # instances break at the same line of modules/site/main.tf, and each
    # finding names its instance (module.site["example.com"], …)
    "example.com" = { origin = "203.0.113.10", ssl = "flexible" }
    # the staging zone: its origin is still the office address
    "example.net" = { origin = "10.0.8.20", ssl = "flexible" }
  }
  source = "./modules/site"
  zone   = each.key
  origin = each.value.origin
  ssl    = each.value.ssl
}
