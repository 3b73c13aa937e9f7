variable "cluster_name" {
  description = "Cluster ID: names the role and tags the network kubernetes.io/cluster/<cluster_name>."
  type        = string
}

variable "region" {
  description = "AWS region."
  type        = string
  default     = "us-east-1"
}

variable "availability_zones" {
  description = "Zones for the subnets (at least three). Null means <region>a, <region>b, <region>c; check those exist in your account (zone names map to different physical zones per account)."
  type        = list(string)
  default     = null
}

variable "vpc_cidr" {
  description = "VPC CIDR."
  type        = string
  default     = "10.0.0.0/16"
}

variable "enable_nat_gateways" {
  description = "One NAT gateway per zone so private nodes reach the internet (costs money per hour)."
  type        = bool
  default     = false
}

variable "oidc_provider_arn" {
  description = "IAM OIDC provider ARN for IRSA; null (default) gives the control-plane nodes an instance profile instead."
  type        = string
  default     = null
}

variable "oidc_provider_url" {
  description = "Issuer URL matching oidc_provider_arn (IRSA only)."
  type        = string
  default     = null
}

variable "control_plane_instance_type" {
  description = "Instance type of the self-managed control-plane nodes, written into the cluster spec."
  type        = string
  default     = "m6i.large"
}

variable "kubernetes_version" {
  description = "Kubernetes minor version of the cluster, written into the cluster spec."
  type        = string
  default     = "1.31"
}

variable "image_id" {
  description = "AMI of the control-plane and worker nodes (with kubeadm, kubelet and a container runtime installed), written into the cluster spec."
  type        = string
}

variable "worker_instance_type" {
  description = "Instance type of the worker nodes, written into the cluster spec."
  type        = string
  default     = "m6i.large"
}
