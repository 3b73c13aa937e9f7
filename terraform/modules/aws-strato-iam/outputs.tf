output "role_arn" {
  description = "ARN of Strato's role: the eks.amazonaws.com/role-arn annotation of its service account (IRSA)."
  value       = aws_iam_role.this.arn
}

output "role_name" {
  description = "Name of Strato's role."
  value       = aws_iam_role.this.name
}

output "policy_arns" {
  description = "ARNs of the managed policies built from providers/aws/iam-policy.json (split in parts to stay within IAM's 6,144-character limit per managed policy)."
  value       = aws_iam_policy.this[*].arn
}

output "instance_profile_name" {
  description = "Instance profile to give the control-plane nodes (EC2 trust), or null under IRSA."
  value       = one(aws_iam_instance_profile.this[*].name)
}

output "instance_profile_arn" {
  description = "ARN of the instance profile (EC2 trust), or null under IRSA."
  value       = one(aws_iam_instance_profile.this[*].arn)
}
