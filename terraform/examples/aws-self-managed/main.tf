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
  oidc_provider_arn = var.oidc_provider_arn
  oidc_provider_url = var.oidc_provider_url
  tags              = local.tags
}

# PROVISIONAL: Strato's clusters API (/api/v1/clusters) is not built yet. This body follows the
# conventions of the existing resources (metadata + spec, subnetIds, instanceProfile) and will be
# aligned with the API when it lands.
locals {
  strato_cluster_spec = {
    metadata = { name = var.cluster_name }
    spec = {
      type      = "self-managed"
      region    = var.region
      clusterId = var.cluster_name
      vpcId     = module.network.vpc_id
      subnetIds = module.network.private_subnet_ids
      controlPlane = {
        replicas        = length(local.zones)
        instanceType    = var.control_plane_instance_type
        subnetIds       = module.network.private_subnet_ids
        instanceProfile = module.iam.instance_profile_name
        apiLoadBalancer = {
          scheme    = "internet-facing"
          subnetIds = module.network.public_subnet_ids
        }
      }
      routeTableIds = module.network.private_route_table_ids
      iamRoleArn    = module.iam.role_arn
    }
  }
}
