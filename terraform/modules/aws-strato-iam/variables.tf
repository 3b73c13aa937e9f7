variable "name" {
  description = "Name of the IAM role, policy and (for EC2 trust) instance profile, e.g. \"strato-<cluster>\"."
  type        = string
  validation {
    condition     = can(regex("^[\\w+=,.@-]{1,64}$", var.name))
    error_message = "name must be a valid IAM role name: 1-64 characters of letters, digits and +=,.@_-."
  }
}

variable "policy_path" {
  description = "Path to Strato's IAM policy document. Defaults to the repository's providers/aws/iam-policy.json, the single source of the policy."
  type        = string
  default     = null
}

variable "pass_role_pattern" {
  description = "Roles Strato may pass to EC2 (instance profiles) and EKS (cluster and node roles): a role name or path pattern with * wildcards, as it appears after \"role/\" in the ARN, e.g. \"strato-*\" or \"strato/*\" for a path. Keep it narrow: whoever may create a role matching it can have Strato's nodes run as that role."
  type        = string
  default     = "strato-*"
  validation {
    condition     = can(regex("^[\\w+=,.@/*-]{1,512}$", var.pass_role_pattern)) && trim(var.pass_role_pattern, "*/") != ""
    error_message = "pass_role_pattern must be a role name or path pattern (letters, digits, +=,.@_-/ and *), not a bare wildcard."
  }
}

variable "cluster_id" {
  description = "The Kubernetes cluster ID of the CCM (kubernetes.io/cluster/<id>, the cluster-id of providers/aws/cloud-config.yaml). Grants route, node and node security group changes on resources carrying that tag. Leave null when Strato only provisions (no CCM)."
  type        = string
  default     = null
  validation {
    condition     = var.cluster_id == null || can(regex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$", var.cluster_id))
    error_message = "cluster_id must be a valid cluster name (letters, digits, . _ -; at most 63 characters)."
  }
}

variable "oidc_provider_arn" {
  description = "ARN of the IAM OIDC provider of the cluster's service account issuer. Set it (with oidc_provider_url) for IRSA; leave null to trust EC2 and create an instance profile for the control-plane nodes."
  type        = string
  default     = null
  validation {
    condition     = var.oidc_provider_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/.+$", var.oidc_provider_arn))
    error_message = "oidc_provider_arn must be an IAM OIDC provider ARN (arn:aws:iam::<account>:oidc-provider/<issuer>)."
  }
}

variable "oidc_provider_url" {
  description = "Issuer URL of the OIDC provider (with or without https://), e.g. oidc.eks.eu-west-1.amazonaws.com/id/ABC or your self-managed issuer. Required with oidc_provider_arn."
  type        = string
  default     = null
}

variable "service_account_namespace" {
  description = "Namespace of Strato's Kubernetes service account (IRSA only); providers/aws deploys it to kube-system."
  type        = string
  default     = "kube-system"
}

variable "service_account_name" {
  description = "Name of Strato's Kubernetes service account (IRSA only); providers/aws names it strato-cloud-controller-manager."
  type        = string
  default     = "strato-cloud-controller-manager"
}

variable "tags" {
  description = "Tags added to the role, policy and instance profile."
  type        = map(string)
  default     = {}
}
