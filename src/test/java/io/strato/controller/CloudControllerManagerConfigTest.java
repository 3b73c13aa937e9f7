package io.strato.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Service;
import io.strato.cloud.inventory.OrphanKind;
import io.strato.config.StratoConfig;
import io.strato.controller.sweeper.Orphan;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CloudControllerManagerConfigTest {

  /** A StratoConfig whose ccm() answers the given values (only what clusterId() reads). */
  private static StratoConfig config(Optional<String> clusterId, boolean allowMissing) {
    StratoConfig.Ccm ccm =
        (StratoConfig.Ccm)
            Proxy.newProxyInstance(
                StratoConfig.Ccm.class.getClassLoader(),
                new Class<?>[] {StratoConfig.Ccm.class},
                (proxy, method, args) ->
                    Map.<String, Object>of(
                            "clusterId", clusterId, "allowMissingClusterId", allowMissing)
                        .get(method.getName()));
    return (StratoConfig)
        Proxy.newProxyInstance(
            StratoConfig.class.getClassLoader(),
            new Class<?>[] {StratoConfig.class},
            (proxy, method, args) -> method.getName().equals("ccm") ? ccm : null);
  }

  @Test
  void refusesToRunWithoutAClusterIdUnlessAllowed() {
    assertThatThrownBy(
            () ->
                new CloudControllerManager(config(Optional.empty(), false), null, null, null)
                    .clusterId())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("strato.ccm.cluster-id");
    assertThat(
            new CloudControllerManager(config(Optional.empty(), true), null, null, null)
                .clusterId())
        .isEmpty();
    assertThat(
            new CloudControllerManager(config(Optional.of("prod"), false), null, null, null)
                .clusterId())
        .isEqualTo("prod");
  }

  @Test
  void refusesThePlaceholderTheManifestsShip() throws Exception {
    String shipped =
        java.nio.file.Files.readString(java.nio.file.Path.of("providers/aws/cloud-config.yaml"));
    String placeholder =
        shipped
            .lines()
            .filter(l -> l.strip().startsWith("cluster-id:"))
            .map(l -> l.substring(l.indexOf(':') + 1).strip())
            .findFirst()
            .orElseThrow();
    for (String id : new String[] {placeholder, "change-me"}) {
      assertThatThrownBy(
              () ->
                  new CloudControllerManager(config(Optional.of(id), false), null, null, null)
                      .clusterId())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("placeholder");
    }
  }

  @Test
  void refusesAnIdThatIsNotAValidTag() {
    for (String id :
        new String[] {"", " ", "my cluster", "prod\n", "a*b", "x".repeat(107), "aws:prod"}) {
      assertThatThrownBy(
              () ->
                  new CloudControllerManager(config(Optional.of(id), true), null, null, null)
                      .clusterId())
          .as(id)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("strato.ccm.cluster-id");
    }
    for (String id : new String[] {"x".repeat(106), "prod-eu_1.example.com", "team@prod:2"}) {
      assertThat(
              new CloudControllerManager(config(Optional.of(id), false), null, null, null)
                  .clusterId())
          .isEqualTo(id);
    }
  }

  @Test
  void aSweptOrphanIsReportedOnTheServiceItBelongedTo() {
    Service former =
        LeadingControllers.formerOwner(
            new Orphan(
                OrphanKind.LOAD_BALANCER,
                "arn",
                "web-1234",
                "uid-9",
                "Service/shop/web",
                Instant.now()));
    assertThat(former.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(former.getMetadata().getName()).isEqualTo("web");
    assertThat(former.getMetadata().getUid()).isEqualTo("uid-9");
    assertThat(former.getKind()).isEqualTo("Service");
  }
}
