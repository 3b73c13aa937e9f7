output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "public_subnet_ids" {
  description = "Public subnet IDs, one per zone, in the order of availability_zones (tagged kubernetes.io/role/elb=1)."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "Private subnet IDs, one per zone, in the order of availability_zones (tagged kubernetes.io/role/internal-elb=1)."
  value       = aws_subnet.private[*].id
}

output "private_route_table_ids" {
  description = "Route table IDs of the private subnets, one per zone; Strato's route controller writes pod routes into each."
  value       = aws_route_table.private[*].id
}

output "public_route_table_id" {
  description = "ID of the route table shared by the public subnets."
  value       = aws_route_table.public.id
}

output "availability_zones" {
  description = "Zones the subnets span, in order."
  value       = var.availability_zones
}

output "nat_gateway_ids" {
  description = "NAT gateway IDs, one per zone, or empty when enable_nat_gateways is false."
  value       = aws_nat_gateway.this[*].id
}

output "strato_cluster_network" {
  description = "The network part of a Strato cluster spec (spec.network): the VPC and the private subnets with their zones."
  value = {
    vpcId = aws_vpc.this.id
    subnets = [for i, subnet in aws_subnet.private : {
      id   = subnet.id
      zone = var.availability_zones[i]
    }]
  }
}
