terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0, < 6.0"
    }
  }
}

# Credentials come from the default chain (environment, profile, SSO, instance role).
provider "aws" {
  region = var.region
  default_tags {
    tags = { "strato.io/managed-by" = "terraform" }
  }
}
