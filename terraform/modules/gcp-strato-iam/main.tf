resource "google_service_account" "strato" {
  project      = var.project_id
  account_id   = var.account_id
  display_name = "Strato"
  description  = "Strato provisioning API: GKE clusters and node pools"
}

# The permissions Strato's GKE code uses, read from providers/gcp/custom-role.yaml: one source for
# the gcloud command and this module, as the AWS policy is for aws-strato-iam.
locals {
  custom_role = yamldecode(file("${path.module}/../../../providers/gcp/custom-role.yaml"))
}

resource "google_project_iam_custom_role" "strato" {
  project     = var.project_id
  role_id     = var.custom_role_id
  title       = local.custom_role.title
  description = local.custom_role.description
  permissions = local.custom_role.includedPermissions
}

resource "google_project_iam_member" "custom_role" {
  project = var.project_id
  role    = google_project_iam_custom_role.strato.name
  member  = "serviceAccount:${google_service_account.strato.email}"
}

# Creating node pools runs their VMs as the node service account: actAs on that account only.
resource "google_service_account_iam_member" "act_as_nodes" {
  count              = var.node_service_account_email == null ? 0 : 1
  service_account_id = "projects/${var.project_id}/serviceAccounts/${var.node_service_account_email}"
  role               = "roles/iam.serviceAccountUser"
  member             = "serviceAccount:${google_service_account.strato.email}"
}

resource "google_project_iam_member" "strato" {
  for_each = toset(var.roles)
  project  = var.project_id
  role     = each.value
  member   = "serviceAccount:${google_service_account.strato.email}"
}

locals {
  pool = coalesce(var.workload_identity_pool, "${var.project_id}.svc.id.goog")
}

# Lets the Kubernetes service account <namespace>/<name> act as this Google service account.
resource "google_service_account_iam_member" "workload_identity" {
  count              = var.workload_identity_namespace == null ? 0 : 1
  service_account_id = google_service_account.strato.name
  role               = "roles/iam.workloadIdentityUser"
  member             = "serviceAccount:${local.pool}[${var.workload_identity_namespace}/${var.workload_identity_service_account}]"
}
