locals {
  irsa        = var.oidc_provider_arn != null
  policy_path = coalesce(var.policy_path, "${path.module}/../../../providers/aws/iam-policy.json")
  oidc_host   = local.irsa ? trimprefix(coalesce(var.oidc_provider_url, "unset"), "https://") : ""
}

data "aws_iam_policy_document" "trust" {
  dynamic "statement" {
    for_each = local.irsa ? [] : [1]
    content {
      sid     = "Ec2InstanceProfile"
      actions = ["sts:AssumeRole"]
      principals {
        type        = "Service"
        identifiers = ["ec2.amazonaws.com"]
      }
    }
  }

  dynamic "statement" {
    for_each = local.irsa ? [1] : []
    content {
      sid     = "ServiceAccountWebIdentity"
      actions = ["sts:AssumeRoleWithWebIdentity"]
      principals {
        type        = "Federated"
        identifiers = [var.oidc_provider_arn]
      }
      condition {
        test     = "StringEquals"
        variable = "${local.oidc_host}:sub"
        values   = ["system:serviceaccount:${var.service_account_namespace}:${var.service_account_name}"]
      }
      condition {
        test     = "StringEquals"
        variable = "${local.oidc_host}:aud"
        values   = ["sts.amazonaws.com"]
      }
    }
  }
}

resource "aws_iam_role" "this" {
  name               = var.name
  description        = "Strato cloud controller manager and provisioning API"
  assume_role_policy = data.aws_iam_policy_document.trust.json
  tags               = var.tags

  lifecycle {
    precondition {
      condition     = !local.irsa || var.oidc_provider_url != null
      error_message = "oidc_provider_url is required when oidc_provider_arn is set (IRSA)."
    }
  }
}

resource "aws_iam_policy" "this" {
  name        = var.name
  description = "Strato: the permissions in providers/aws/iam-policy.json"
  policy      = file(local.policy_path)
  tags        = var.tags
}

resource "aws_iam_role_policy_attachment" "this" {
  role       = aws_iam_role.this.name
  policy_arn = aws_iam_policy.this.arn
}

resource "aws_iam_instance_profile" "this" {
  count = local.irsa ? 0 : 1
  name  = var.name
  role  = aws_iam_role.this.name
  tags  = var.tags
}
