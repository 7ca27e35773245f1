// Package terraform reads the Cloudflare zones a Terraform configuration
// declares into the same model the live API and snapshots fill
// (sources/cloudflare), so the Cloudflare rules and the cross-layer rules
// run on a pull request's .tf files unchanged.
//
// A directory of .tf and .tf.json files is one module, as Terraform reads
// it: every file of the directory (override files merged last), its
// variables (defaults, then terraform.tfvars and *.auto.tfvars), locals,
// and the resources and data sources of the cloudflare provider, v4 and
// v5 shapes alike (docs/TERRAFORM.md lists what is read). A load reads a
// root module and, through its module blocks with local sources, the
// modules it calls, their variables given by the calls; a module
// directory a root among the inputs calls is read only through its calls
// (sources.Load finds them with Calls).
//
// Values are evaluated as Terraform would before a plan: literals,
// references inside the module (cloudflare_zone.main.id,
// cloudflare_load_balancer_pool.a.id), var.x, local.x, count and for_each
// over values known in the module, and the common functions. Anything
// else (a variable without a default, a data source's computed attribute,
// an output of a call not followed, an unknown function) is unknown: it is never guessed
// and never an error. Each unknown takes the value the rules read as "no
// evidence" (see unknown.go), so a rule that needs it holds back.
//
// A plan (terraform show -json) is read by LoadPlan: planned_values give
// the values Terraform will apply, resource_changes say which are known
// only after apply, and the configuration's references tie unknown IDs to
// the resources they name.
package terraform
