package io.strato.cloud.loadbalancer;

/**
 * Whether Strato opens the targets' own security groups to a load balancer, and from what. An NLB
 * with a security group reaches only instances whose group admits it; one without a group passes
 * the clients' addresses through (and health checks come from its subnets). Either way AWS drops
 * the traffic unless the targets' group says yes, which the emulator never shows.
 *
 * <p>Which source the rules name follows the load balancer as it exists, since AWS can neither add
 * groups to an NLB created without any nor remove all groups from one created with them: its groups
 * when it has some, the client ranges and its subnets' CIDRs when it has none.
 */
public enum TargetIngress {
  /** The targets' groups are the user's business: Strato writes no rule in them. */
  OFF,
  /**
   * A new load balancer gets Strato's managed group (unless the user names groups), and each
   * target's group admits the load balancer's group on the target and health-check ports.
   * cloud-provider-aws's {@code NLBSecurityGroupMode: Managed}.
   */
  LOAD_BALANCER_GROUP,
  /**
   * A new load balancer gets no group of Strato's; each target's group admits the client ranges on
   * the target ports and the load balancer's subnets on the health-check ports.
   * cloud-provider-aws's default NLB behaviour.
   */
  CLIENT_RANGES
}
