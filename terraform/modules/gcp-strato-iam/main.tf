resource "google_service_account" "strato" {
  project      = var.project_id
  account_id   = var.account_id
  display_name = "Strato"
  description  = "Strato provisioning API: GKE clusters and node pools"
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
