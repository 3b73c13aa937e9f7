variable "cluster_name" {
  description = "Kubernetes cluster ID; used in the kubernetes.io/cluster/<cluster_name> tag Strato and Kubernetes look for."
  type        = string
  validation {
    condition     = can(regex("^[a-zA-Z0-9][a-zA-Z0-9-]{0,62}$", var.cluster_name))
    error_message = "cluster_name must be 1-63 characters of letters, digits and '-', starting with a letter or digit."
  }
}

variable "cluster_tag_value" {
  description = "Value of the kubernetes.io/cluster/<cluster_name> tag: 'owned' when the network lives and dies with the cluster, 'shared' when other clusters or workloads use it too."
  type        = string
  default     = "owned"
  validation {
    condition     = contains(["owned", "shared"], var.cluster_tag_value)
    error_message = "cluster_tag_value must be 'owned' or 'shared'."
  }
}

variable "availability_zones" {
  description = "Availability zones to spread subnets over (at least three, for a control plane that survives a zone). Given explicitly rather than looked up, so plans are stable and emulators need not answer zone queries."
  type        = list(string)
  validation {
    condition     = length(var.availability_zones) >= 3 && length(distinct(var.availability_zones)) == length(var.availability_zones)
    error_message = "availability_zones must list at least three distinct zones."
  }
}

variable "vpc_cidr" {
  description = "IPv4 CIDR of the VPC. Public subnets take /newbits blocks 0..n-1, private subnets blocks n..2n-1 (see subnet_newbits)."
  type        = string
  default     = "10.0.0.0/16"
  validation {
    condition     = can(cidrnetmask(var.vpc_cidr))
    error_message = "vpc_cidr must be a valid IPv4 CIDR block, e.g. 10.0.0.0/16."
  }
}

variable "subnet_newbits" {
  description = "Bits added to the VPC prefix for each subnet (4 on a /16 gives /20 subnets of 4,091 usable addresses)."
  type        = number
  default     = 4
  validation {
    condition     = var.subnet_newbits >= 1 && var.subnet_newbits <= 12
    error_message = "subnet_newbits must be between 1 and 12."
  }
}

variable "enable_nat_gateways" {
  description = "Create one NAT gateway (with an Elastic IP) per zone and a default route through it in that zone's private route table. Off by default: NAT gateways cost money per hour."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to every resource of this module."
  type        = map(string)
  default     = {}
}
