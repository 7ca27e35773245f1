# Values a module computes before a plan: variables (their defaults,
# terraform.tfvars, *.auto.tfvars, type conversion, optional attributes),
# locals in a chain, functions, count, for_each over maps and sets,
# splats, conditionals and references between resources.

variable "domain" {
  type    = string
  default = "overridden.example"
}

variable "ssl_mode" {
  type    = string
  default = "flexible"
}

variable "read_timeout" {
  type    = number
  default = 100
}

variable "hosts" {
  type = map(object({ address = string, proxied = optional(bool, true) }))
  default = {
    api = { address = "192.0.2.10" }
    www = { address = "192.0.2.11", proxied = false }
  }
}

locals {
  zone     = lower(var.domain)
  apex     = "@"
  extras   = toset(["blog", "shop"])
  settings = merge({ ssl = var.ssl_mode }, { always_use_https = "on" })
}

data "cloudflare_zone" "main" {
  name = local.zone
}

resource "cloudflare_zone_settings_override" "main" {
  zone_id = data.cloudflare_zone.main.id
  settings {
    ssl                = local.settings.ssl
    always_use_https   = local.settings["always_use_https"]
    proxy_read_timeout = tostring(var.read_timeout * 2)
  }
}

resource "cloudflare_record" "apex" {
  zone_id = data.cloudflare_zone.main.id
  name    = local.apex
  type    = "A"
  content = "192.0.2.1"
  proxied = true
}

resource "cloudflare_record" "hosts" {
  for_each = var.hosts
  zone_id  = data.cloudflare_zone.main.zone_id
  name     = each.key
  type     = "A"
  content  = each.value.address
  proxied  = each.value.proxied
}

resource "cloudflare_record" "extras" {
  for_each = local.extras
  zone_id  = data.cloudflare_zone.main.id
  name     = format("%s.%s", each.value, local.zone)
  type     = "CNAME"
  content  = "${cloudflare_record.apex.name == "@" ? local.zone : "x"}"
  proxied  = true
}

resource "cloudflare_record" "mirrors" {
  count   = length(cloudflare_record.hosts) > 1 ? 2 : 0
  zone_id = data.cloudflare_zone.main.id
  name    = "mirror-${count.index}"
  type    = "A"
  content = ["192.0.2.20", "192.0.2.21"][count.index]
  proxied = try(var.missing, false)
}

resource "cloudflare_record" "none" {
  count   = 0
  zone_id = data.cloudflare_zone.main.id
  name    = "never"
  type    = "A"
  content = "10.0.0.1"
  proxied = true
}
