output "service_account_email" {
  description = "Email of Strato's Google service account: the iam.gke.io/gcp-service-account annotation of its Kubernetes service account."
  value       = google_service_account.strato.email
}

output "service_account_name" {
  description = "Full resource name of the service account."
  value       = google_service_account.strato.name
}
