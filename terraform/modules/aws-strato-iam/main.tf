locals {
  irsa        = var.oidc_provider_arn != null
  policy_path = coalesce(var.policy_path, "${path.module}/../../../providers/aws/iam-policy.json")
  oidc_host   = local.irsa ? trimprefix(coalesce(var.oidc_provider_url, "unset"), "https://") : ""

  # The policy file is written for the defaults: PassRole on role/strato-* and the CCM's shared
  # resources tagged with the placeholder cluster ID the manifests ship (CHANGE-ME).
  cluster_placeholder = "kubernetes.io/cluster/CHANGE-ME"
  policy_text = replace(
    replace(file(local.policy_path), "role/strato-*", "role/${var.pass_role_pattern}"),
    local.cluster_placeholder, "kubernetes.io/cluster/${coalesce(var.cluster_id, "CHANGE-ME")}"
  )
  # Without a cluster ID Strato only provisions: the statements for what the CCM shares with a
  # cluster (route tables, node instances and security groups) are left out.
  # (each statement as JSON text: the statements differ in shape, and only a list can be split)
  statements = [
    for s in jsondecode(local.policy_text).Statement : jsonencode(s)
    if var.cluster_id != null || !strcontains(jsonencode(s), local.cluster_placeholder)
  ]
  # IAM caps a managed policy at 6,144 characters (whitespace excluded): split the statements into
  # parts of equal count, sized with headroom. IamPolicyTest checks each part fits.
  policy_parts = chunklist(local.statements, ceil(length(local.statements) / ceil(length(join(",", local.statements)) / 5000)))
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
  count       = length(local.policy_parts)
  name        = count.index == 0 ? var.name : "${var.name}-${count.index + 1}"
  description = "Strato: part ${count.index + 1} of ${length(local.policy_parts)} of the permissions in providers/aws/iam-policy.json"
  policy      = "{\"Version\":\"2012-10-17\",\"Statement\":[${join(",", local.policy_parts[count.index])}]}"
  tags        = var.tags
}

# State written before the policy was split keeps its first part.
moved {
  from = aws_iam_policy.this
  to   = aws_iam_policy.this[0]
}

moved {
  from = aws_iam_role_policy_attachment.this
  to   = aws_iam_role_policy_attachment.this[0]
}

resource "aws_iam_role_policy_attachment" "this" {
  count      = length(aws_iam_policy.this)
  role       = aws_iam_role.this.name
  policy_arn = aws_iam_policy.this[count.index].arn
}

resource "aws_iam_instance_profile" "this" {
  count = local.irsa ? 0 : 1
  name  = var.name
  role  = aws_iam_role.this.name
  tags  = var.tags
}
