output "network" {
  description = "Network outputs (VPC, subnets, route tables, zones)."
  value       = module.network.strato_cluster_network
}

output "role_arn" {
  description = "Strato's IAM role ARN (the service account annotation under IRSA)."
  value       = module.iam.role_arn
}

output "instance_profile_name" {
  description = "Instance profile for the control-plane nodes, or null under IRSA."
  value       = module.iam.instance_profile_name
}

output "strato_cluster_spec" {
  description = "JSON body for PUT /api/v1/clusters/<cluster_name> on Strato."
  value       = jsonencode(local.strato_cluster_spec)
}
