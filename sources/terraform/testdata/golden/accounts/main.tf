# Pools and monitors are account objects: without a load balancer in the
# module they form the account's own configuration, with the monitors
# they use (the unused one is left out, as a snapshot leaves it).

resource "cloudflare_load_balancer_monitor" "used" {
  account_id     = "f037e56e89293a057740de681ac9abbe"
  type           = "https"
  expected_codes = "200"
}

resource "cloudflare_load_balancer_monitor" "unused" {
  account_id     = "f037e56e89293a057740de681ac9abbe"
  type           = "http"
  expected_codes = "200"
}

resource "cloudflare_load_balancer_pool" "a" {
  account_id = "f037e56e89293a057740de681ac9abbe"
  name       = "a"
  monitor    = cloudflare_load_balancer_monitor.used.id
  origins    = [{ name = "a1", address = "198.51.100.1" }, { name = "a2", address = "198.51.100.2" }]
}

resource "cloudflare_load_balancer_pool" "b" {
  account_id = "f037e56e89293a057740de681ac9abbe"
  name       = "b"
  enabled    = true
  origins    = []
}
