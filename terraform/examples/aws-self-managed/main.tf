locals {
  zones = var.availability_zones != null ? var.availability_zones : [for s in ["a", "b", "c"] : "${var.region}${s}"]
  tags  = { "strato.io/cluster" = var.cluster_name }
}

module "network" {
  source = "../../modules/aws-network"

  cluster_name        = var.cluster_name
  cluster_tag_value   = "owned"
  availability_zones  = local.zones
  vpc_cidr            = var.vpc_cidr
  enable_nat_gateways = var.enable_nat_gateways
  tags                = local.tags
}

module "iam" {
  source = "../../modules/aws-strato-iam"

  name              = "strato-${var.cluster_name}"
  cluster_id        = var.cluster_name
  oidc_provider_arn = var.oidc_provider_arn
  oidc_provider_url = var.oidc_provider_url
  tags              = local.tags
}

# The workers' own role. Strato's join-token secret names it in its resource policy, which is all a
# worker needs to join; the control plane runs as module.iam's profile, which carries
# providers/aws/iam-policy.json, the policy Strato's CCM inside the cluster needs (no credential is
# copied into the cluster).
resource "aws_iam_role" "workers" {
  name = "strato-${var.cluster_name}-workers"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_instance_profile" "workers" {
  name = aws_iam_role.workers.name
  role = aws_iam_role.workers.name
}

# Every node, control plane and workers, completes the strato-drain termination hook of its own
# group after it has drained (and a control-plane member has left etcd): see docs/rollouts.md. Only
# the cluster's groups: CompleteLifecycleAction takes an autoScalingGroup resource and the
# autoscaling:ResourceTag/<key> condition, and Strato tags every group it makes
# kubernetes.io/cluster/<cluster_name> = owned. Not in providers/aws/iam-policy.json: Strato itself
# never calls it.
data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "complete_drain_hook" {
  statement {
    sid       = "CompleteOwnTerminationHook"
    actions   = ["autoscaling:CompleteLifecycleAction"]
    resources = ["arn:${data.aws_partition.current.partition}:autoscaling:${var.region}:${data.aws_caller_identity.current.account_id}:autoScalingGroup:*:autoScalingGroupName/*"]
    condition {
      test     = "StringEquals"
      variable = "autoscaling:ResourceTag/kubernetes.io/cluster/${var.cluster_name}"
      values   = ["owned"]
    }
  }
}

resource "aws_iam_role_policy" "workers_complete_drain_hook" {
  name   = "complete-drain-hook"
  role   = aws_iam_role.workers.id
  policy = data.aws_iam_policy_document.complete_drain_hook.json
}

resource "aws_iam_role_policy" "control_plane_complete_drain_hook" {
  name   = "complete-drain-hook"
  role   = module.iam.role_name
  policy = data.aws_iam_policy_document.complete_drain_hook.json
}

# The body of PUT /api/v1/clusters/<cluster_name>: a self-managed control plane over the three
# private subnets behind an internal API load balancer, and one worker node group.
locals {
  strato_cluster_spec = {
    metadata = { labels = { "strato.io/cluster" = var.cluster_name } }
    spec = {
      provider = "aws"
      type     = "self-managed"
      version  = var.kubernetes_version
      network  = module.network.strato_cluster_network
      selfManaged = {
        replicas              = 3
        imageId               = var.image_id
        instanceType          = var.control_plane_instance_type
        instanceProfile       = module.iam.instance_profile_name
        apiLoadBalancerScheme = "internal"
      }
      nodeGroups = [{
        name            = "workers"
        imageId         = var.image_id
        instanceType    = var.worker_instance_type
        instanceProfile = aws_iam_instance_profile.workers.name
        minSize         = 1
        maxSize         = 3
        desiredCapacity = 1
      }]
      # Strato adds its own strato.io/ and kubernetes.io/cluster/ tags; those prefixes are reserved.
      tags = { "cluster" = var.cluster_name }
    }
  }
}
