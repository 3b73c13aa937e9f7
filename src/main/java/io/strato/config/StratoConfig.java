package io.strato.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** All of Strato's own configuration, with its defaults, in one place. */
@ConfigMapping(prefix = "strato")
public interface StratoConfig {

  /** Where the embedded H2 store, the local emulator's endpoint file and dev keys live. */
  @WithDefault(".strato")
  String dataDir();

  Aws aws();

  Store store();

  Reconcile reconcile();

  Auth auth();

  Ccm ccm();

  Clusters clusters();

  Api api();

  DevFeatures devFeatures();

  Audit audit();

  KubernetesApi kubernetesApi();

  /**
   * The Kubernetes front door (docs/kubernetes-api.md): Cluster, LoadBalancer and NodeGroup custom
   * resources of strato.io/v1alpha1, reconciled through the same store and validation as REST.
   */
  interface KubernetesApi {
    /**
     * Watch the custom resources. Off by default: it needs the CRDs and RBAC of
     * providers/kubernetes-api, and a Kubernetes API to reach.
     */
    @WithDefault("false")
    boolean enabled();

    /** One namespace to watch; unset: every namespace the RBAC allows. */
    Optional<String> namespace();

    /**
     * How often a watched resource's status is copied from the store to Kubernetes while it exists.
     * A store read only: no cloud call is made for it.
     */
    @WithDefault("PT5S")
    Duration statusInterval();
  }

  /** The audit trail of change requests. */
  interface Audit {
    /** How long entries are kept; older ones are deleted by the provisioning leader. */
    @WithDefault("P90D")
    Duration retention();

    /** How often the leader deletes entries past the retention. */
    @WithDefault("PT1H")
    Duration pruneInterval();

    /**
     * How often each replica writes one entry counting the unauthenticated requests it refused
     * since the last one (they get no entry each, so nobody can flood the trail).
     */
    @WithDefault("PT5M")
    Duration refusalSummaryInterval();
  }

  /**
   * The dev token, the local AWS emulator and the GKE fake exist for {@code quarkus:dev}. Outside
   * dev mode Strato refuses to start with any of them on, unless this override says otherwise (and
   * then it warns at every start).
   */
  interface DevFeatures {
    @WithDefault("false")
    boolean allowOutsideDevMode();
  }

  /** The REST API. */
  interface Api {
    /**
     * Serve the REST API under {@code /api}. The CCM's manifests turn it off: a CCM on the host
     * network needs no provisioning API, and what is not served cannot be attacked.
     */
    @WithDefault("true")
    boolean enabled();

    RateLimit rateLimit();

    /**
     * Per-client (per address) budgets. Changes cost cloud calls, so their budget is small; reads
     * are served from the store and get a large one. A benchmark or a trusted proxy in front of
     * many users raises them.
     */
    interface RateLimit {
      @WithDefault("10")
      double changesPerSecond();

      @WithDefault("50")
      double changesBurst();

      @WithDefault("5000")
      double readsPerSecond();

      @WithDefault("10000")
      double readsBurst();
    }
  }

  Gcp gcp();

  /** Google Cloud (GKE). Credentials come from Application Default Credentials. */
  interface Gcp {
    /** The project of clusters whose spec names none. */
    Optional<String> project();

    /** The region or zone of clusters whose spec names none. */
    Optional<String> location();

    /** The GKE API endpoint (host:port); set it to talk to a fake. Default: Google's. */
    Optional<String> endpoint();

    /**
     * {@code auto}: serve GKE from Strato's built-in fake when no Application Default Credentials
     * and no endpoint are configured (the local default); {@code off}: never; {@code always}.
     */
    @WithDefault("off")
    EmulatorMode emulator();
  }

  /** Provisioned clusters. */
  interface Clusters {
    /**
     * The secret from which self-managed clusters' kubeadm bootstrap tokens are derived (HMAC per
     * cluster and renewal window), so a restart computes the same token. Created with 32 random
     * bytes on first use when absent. Replicas that share a store must share this file. Default:
     * {@code <data-dir>/bootstrap.key}.
     */
    Optional<String> bootstrapKeyFile();

    /**
     * How long a self-managed cluster's kubeadm bootstrap token is accepted; Strato writes a new
     * one to the cluster's secret every half of it.
     */
    @WithDefault("PT24H")
    Duration bootstrapTokenTtl();
  }

  /** The cloud controller manager: Kubernetes' service, node and route controllers for AWS. */
  interface Ccm {
    /** Run the CCM controllers (needs a Kubernetes API: in-cluster or from a kubeconfig). */
    @WithDefault("false")
    boolean enabled();

    /**
     * The cluster ID: tags {@code kubernetes.io/cluster/<id>} and finds the route tables and
     * subnets of this cluster. Strato refuses to start the CCM without one, unless {@link
     * #allowMissingClusterId()}, because untagged resources cannot be told apart between clusters.
     */
    Optional<String> clusterId();

    @WithDefault("false")
    boolean allowMissingClusterId();

    /**
     * Write each node's pod CIDRs as routes into the cluster's route tables
     * (kube-controller-manager's {@code --configure-cloud-routes}). Off by default: the AWS VPC CNI
     * and overlay CNIs need no routes, and their nodes have no pod CIDRs to route.
     */
    @WithDefault("false")
    boolean configureRoutes();

    /**
     * The cluster's pod CIDR (kube-controller-manager's {@code --cluster-cidr}). Routes to
     * instances inside it that no node wants any more are deleted; without it the route controller
     * only creates routes and never deletes one.
     */
    Optional<String> clusterCidr();

    /** The Lease that elects the one replica that acts. */
    @WithDefault("strato-cloud-controller-manager")
    String leaseName();

    @WithDefault("kube-system")
    String leaseNamespace();

    @WithDefault("PT15S")
    Duration leaseDuration();

    @WithDefault("PT10S")
    Duration renewDeadline();

    @WithDefault("PT2S")
    Duration retryPeriod();

    /** The {@code spec.loadBalancerClass} Strato answers to besides an unset class. */
    @WithDefault("strato.io/nlb")
    String loadBalancerClass();

    /** Workers per controller. */
    @WithDefault("4")
    int workers();

    /** How often NotReady nodes are checked against their instances. */
    @WithDefault("PT1M")
    Duration nodeMonitorPeriod();

    /**
     * How often every initialised node's addresses and labels are compared with its instance, in
     * one batched DescribeInstances, and written where they differ (cloud-controller-manager's
     * {@code --node-status-update-frequency}). Zero turns the refresh off.
     */
    @WithDefault("PT5M")
    Duration nodeStatusUpdatePeriod();

    /** How long an orphaned cloud resource must stay orphaned before the sweeper deletes it. */
    @WithDefault("PT10M")
    Duration orphanGracePeriod();

    /**
     * An optional fixed period for the orphan sweeper, on top of its sweeps at start-up, after
     * Service deletions and after grace periods. Zero (the default) keeps an idle cluster at zero
     * AWS calls.
     */
    @WithDefault("PT0S")
    Duration orphanSweepPeriod();

    /**
     * cloud-provider-aws's {@code NLBSecurityGroupMode}: {@code managed} gives each NLB Strato's
     * security group and has the nodes' group admit it; {@code none} gives a new NLB no group and
     * has the nodes' group admit the client ranges and the NLB's subnets. Either way only rules
     * Strato wrote (described with the Service UID) are ever changed.
     */
    @WithDefault("managed")
    NlbSecurityGroupMode nlbSecurityGroupMode();

    /**
     * The account's quota "Inbound or outbound rules per security group" (AWS's default 60). Rules
     * that would push a node group past it fail the Service visibly instead of half-opening its
     * ports; raise this with the quota.
     */
    @WithDefault("60")
    int securityGroupRulesPerGroup();

    /** See {@link #nlbSecurityGroupMode()}. */
    enum NlbSecurityGroupMode {
      MANAGED,
      NONE
    }
  }

  interface Aws {
    @WithDefault("us-east-1")
    String region();

    /** An endpoint override for every AWS service (moto, LocalStack); unset for real AWS. */
    Optional<URI> endpoint();

    /**
     * {@code auto}: when no endpoint and no credentials are configured, start a local moto server
     * and point the clients at it (the local default). {@code off}: never. {@code always}: even
     * with credentials.
     */
    @WithDefault("off")
    EmulatorMode emulator();

    /** The port for the local emulator; taken if free, else any free port. */
    @WithDefault("4566")
    int emulatorPort();

    /**
     * The emulator executable. Unset: moto_server's entry point with moto's launch template user
     * data bug patched (so rollouts work), or plain {@code moto_server} when that cannot run.
     */
    Optional<String> emulatorCommand();

    /** SDK attempts per call before the engine's backoff takes over. */
    @WithDefault("3")
    int maxAttempts();

    /**
     * The name prefix of the roles and instance profiles Strato may pass: the same prefix as the
     * {@code iam:PassRole} scope of Strato's IAM policy ({@code role/strato-*}).
     */
    @WithDefault("strato-")
    String rolePrefix();

    /**
     * Role ARNs (or names) a spec may name, each exact or a prefix ending in {@code *}. Unset: only
     * roles whose name starts with {@link #rolePrefix()}.
     */
    Optional<List<String>> allowedRoles();

    /** Instance profiles a spec may name, as {@link #allowedRoles()}. */
    Optional<List<String>> allowedInstanceProfiles();
  }

  enum EmulatorMode {
    AUTO,
    OFF,
    ALWAYS
  }

  interface Store {
    /** A JDBC URL; unset means the embedded H2 file under the data directory. */
    Optional<String> url();

    Optional<String> user();

    Optional<String> password();

    @WithDefault("8")
    int maxPoolSize();
  }

  interface Reconcile {
    /** Resources reconciled in parallel. */
    @WithDefault("4")
    int workers();

    @WithDefault("PT0.5S")
    Duration backoffBase();

    @WithDefault("PT5M")
    Duration backoffMax();

    /** How soon to look again at something the cloud is still settling. */
    @WithDefault("PT10S")
    Duration pollInterval();

    /**
     * Provisioning leader election among replicas sharing the store: how long a lease lasts without
     * renewal (a standby takes over at most this long after a crash).
     */
    @WithDefault("PT15S")
    Duration leaseDuration();

    /**
     * The leader stops acting once it has failed to renew for this long (shorter than the lease).
     */
    @WithDefault("PT10S")
    Duration renewDeadline();

    /** How often the lease is renewed or tried. */
    @WithDefault("PT2S")
    Duration retryPeriod();

    /** How often the leader looks for changes other replicas wrote to the shared store. */
    @WithDefault("PT1S")
    Duration changePoll();
  }

  interface Auth {
    /**
     * Dev only: generate a local signing key and write an admin token to the data directory at
     * start-up, for the local walk-through. Never enable it in production.
     */
    @WithDefault("false")
    boolean devToken();

    /** The issuer tokens must name. */
    @WithDefault("strato")
    String issuer();

    /**
     * The audience ({@code aud}) tokens must name, so a token an identity provider issued for
     * another service is not accepted here. Required outside dev mode while the API is served.
     */
    Optional<String> audience();

    /**
     * The claim that holds the token's groups; a path with {@code /} for a nested claim (Keycloak:
     * {@code realm_access/roles}).
     */
    @WithDefault("groups")
    String groupsClaim();

    /**
     * Which of the identity provider's groups give which Strato role. Only these names count, so a
     * shared provider's generic {@code admin} group is Strato's admin only if listed here.
     */
    RoleGroups roleGroups();

    interface RoleGroups {
      @WithDefault("viewer")
      List<String> viewer();

      @WithDefault("operator")
      List<String> operator();

      @WithDefault("admin")
      List<String> admin();
    }
  }
}
