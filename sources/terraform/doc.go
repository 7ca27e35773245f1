// Package terraform reads the Cloudflare zones a Terraform configuration
// declares into the same model the live API and snapshots fill
// (sources/cloudflare), so the Cloudflare rules and the cross-layer rules
// run on a pull request's .tf files unchanged.
//
// A directory of .tf files is one module and one load, as Terraform reads
// it: every file of the directory, its variables (defaults, then
// terraform.tfvars and *.auto.tfvars), locals, and the resources and data
// sources of the cloudflare provider, v4 and v5 shapes alike
// (docs/TERRAFORM.md lists what is read). Child modules are loaded as the
// modules of their own directories; calls between modules are not
// followed.
//
// Values are evaluated as Terraform would before a plan: literals,
// references inside the module (cloudflare_zone.main.id,
// cloudflare_load_balancer_pool.a.id), var.x, local.x, count and for_each
// over values known in the module, and the common functions. Anything
// else (a variable without a default, a data source's computed attribute,
// a module output, an unknown function) is unknown: it is never guessed
// and never an error. Each unknown takes the value the rules read as "no
// evidence" (see unknown.go), so a rule that needs it holds back.
//
// A plan (terraform show -json) is read by LoadPlan: planned_values give
// the values Terraform will apply, resource_changes say which are known
// only after apply, and the configuration's references tie unknown IDs to
// the resources they name.
package terraform
