package io.strato.cloud.aws.cluster.selfmanaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.cloud.cluster.BootstrapTemplates;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The template language, without any cloud: what the REST validator and the driver rely on. */
class BootstrapTemplatesTest {

  @Test
  void theBuiltInTemplatesUseOnlyKnownVariables() {
    for (String t :
        List.of(
            BootstrapTemplates.controlPlaneInit(),
            BootstrapTemplates.controlPlaneJoin(),
            BootstrapTemplates.worker())) {
      assertThat(BootstrapTemplates.problems(t)).isEmpty();
    }
  }

  @Test
  void theBuiltInTemplatesRenderToValidBashWithEveryVariableFilledAndNoSecretVariable()
      throws Exception {
    assertThat(BootstrapTemplates.VARIABLES)
        .doesNotContain("token", "certificateKey")
        .contains("caCertHash", "tokenSecretArn", "pkiSecretArn");
    for (String t :
        List.of(
            BootstrapTemplates.controlPlaneInit(),
            BootstrapTemplates.controlPlaneJoin(),
            BootstrapTemplates.worker())) {
      String rendered = BootstrapTemplates.render(t, values());

      assertThat(rendered).doesNotContain("${").doesNotContain("unsafeSkipCAVerification");
      assertThat(BootstrapSecretsTest.bashSyntaxErrors(rendered)).isEmpty();
    }
  }

  @Test
  void aTemplateNamingTheOldSecretVariablesIsRefused() {
    assertThat(BootstrapTemplates.problems("kubeadm join --token ${token}"))
        .singleElement()
        .asString()
        .startsWith("unknown variable ${token}");
  }

  @Test
  void unknownVariablesAreListedOnceEachWithTheKnownOnes() {
    List<String> problems =
        BootstrapTemplates.problems("#!/bin/sh\necho ${apiEndpoint} ${HOME} ${HOME} ${tokn}\n");

    assertThat(problems).hasSize(2);
    assertThat(problems.get(0)).startsWith("unknown variable ${HOME}").contains("apiEndpoint");
    assertThat(problems.get(1)).startsWith("unknown variable ${tokn}");
  }

  @Test
  void anEscapedPlaceholderIsNotAVariableAndRendersLiterally() {
    String template = "echo $${HOME} ${clusterName}";

    assertThat(BootstrapTemplates.problems(template)).isEmpty();
    assertThat(BootstrapTemplates.render(template, values())).isEqualTo("echo ${HOME} prod");
  }

  @Test
  void emptyUnclosedAndOversizedTemplatesAreProblems() {
    assertThat(BootstrapTemplates.problems("  ")).containsExactly("the template is empty");
    assertThat(BootstrapTemplates.problems("echo ${clusterName"))
        .singleElement()
        .asString()
        .contains("not closed");
    assertThat(BootstrapTemplates.problems("x".repeat(16 * 1024)))
        .singleElement()
        .asString()
        .contains("16 KiB");
  }

  @Test
  void renderRefusesATemplateWithProblems() {
    assertThatThrownBy(() -> BootstrapTemplates.render("${nope}", values()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown variable ${nope}");
  }

  @Test
  void aValueWithDollarsOrBackslashesIsInsertedAsIs() {
    Map<String, String> values = values();
    values.put("nodeLabels", "a=$1\\b");

    assertThat(BootstrapTemplates.render("${nodeLabels}", values)).isEqualTo("a=$1\\b");
  }

  private static Map<String, String> values() {
    Map<String, String> v = new HashMap<>();
    for (String name : BootstrapTemplates.VARIABLES) {
      v.put(name, name);
    }
    v.put("clusterName", "prod");
    return v;
  }
}
