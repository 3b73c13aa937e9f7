variable "project_id" {
  description = "GCP project that holds the GKE clusters Strato manages."
  type        = string
}

variable "account_id" {
  description = "Service account ID (the part before @), 6-30 characters."
  type        = string
  default     = "strato"
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.account_id))
    error_message = "account_id must be 6-30 lowercase letters, digits or '-', starting with a letter."
  }
}

variable "roles" {
  description = "Extra project roles for Strato's service account. Empty by default: the custom role from providers/gcp/custom-role.yaml grants exactly what Strato's GKE code calls."
  type        = list(string)
  default     = []
}

variable "custom_role_id" {
  description = "ID of the custom role holding Strato's GKE permissions."
  type        = string
  default     = "stratoGkeProvisioner"
}

variable "node_service_account_email" {
  description = "Service account the GKE nodes run as; Strato gets roles/iam.serviceAccountUser on it alone. Null: the Compute Engine default account is used and must be granted by hand."
  type        = string
  default     = null
}

variable "workload_identity_namespace" {
  description = "Kubernetes namespace of Strato's service account, for the workload identity binding. Null skips the binding (e.g. Strato runs outside GKE with a key)."
  type        = string
  default     = "kube-system"
}

variable "workload_identity_service_account" {
  description = "Kubernetes service account name Strato runs as."
  type        = string
  default     = "strato-cloud-controller-manager"
}

variable "workload_identity_pool" {
  description = "Workload identity pool; null means <project_id>.svc.id.goog (the GKE default)."
  type        = string
  default     = null
}
