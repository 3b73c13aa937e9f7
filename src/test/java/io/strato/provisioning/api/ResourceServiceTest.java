package io.strato.provisioning.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.cloud.nodegroup.NodeGroupSpecDto;
import io.strato.config.StrictJson;
import io.strato.provisioning.Kinds;
import io.strato.provisioning.nodegroup.NodeGroupOutputs;
import io.strato.provisioning.store.JdbcResourceStore;
import io.strato.provisioning.store.ResourceKey;
import io.strato.provisioning.store.StoreDataSource;
import io.strato.provisioning.store.StoreSettings;
import io.strato.provisioning.validation.PassableIdentities;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The declarative semantics on a real (H2) store, without HTTP or cloud. */
class ResourceServiceTest {

  private static final String SPEC =
      """
      {"spec": {"imageId": "ami-0123456789abcdef0", "instanceType": "t3.small",
                "subnetIds": ["subnet-0123456789abcdef0"], "minSize": 0, "maxSize": %d}}
      """;

  private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
  private final List<ResourceKey> queued = new ArrayList<>();
  private StoreDataSource dataSource;
  private JdbcResourceStore store;
  private ResourceService<NodeGroupSpecDto, NodeGroupOutputs> service;

  @BeforeEach
  void open() throws Exception {
    new StrictJson().customize(json);
    dataSource =
        StoreDataSource.open(StoreSettings.h2File(Files.createTempDirectory("strato-svc-")));
    store = new JdbcResourceStore(dataSource.dataSource(), Clock.systemUTC());
    service =
        new ResourceService<>(
            Kinds.NODE_GROUP, store, json, queued::add, PassableIdentities.byPrefix("strato-"));
  }

  @AfterEach
  void close() {
    dataSource.close();
  }

  private ApplyRequest<NodeGroupSpecDto> body(int max) throws Exception {
    return json.readValue(SPEC.formatted(max), new TypeReference<>() {});
  }

  @Test
  void aVersionFromADeletedIncarnationNeverMatchesTheNewOne() throws Exception {
    String old =
        service
            .apply("workers", body(1), null, Caller.inProcessAdmin())
            .resource()
            .metadata()
            .resourceVersion();
    assertThat(old).matches("1\\.[0-9a-f]{8}");
    var first = store.get("NodeGroup", "workers").orElseThrow();
    store.markDeleting("NodeGroup", "workers", null);
    store.remove("NodeGroup", "workers", first.uid());

    String fresh =
        service
            .apply("workers", body(1), null, Caller.inProcessAdmin())
            .resource()
            .metadata()
            .resourceVersion();
    assertThat(fresh).startsWith("1.").isNotEqualTo(old);

    assertThatThrownBy(
            () -> service.apply("workers", body(2), "\"" + old + "\"", Caller.inProcessAdmin()))
        .isInstanceOfSatisfying(
            VersionConflictException.class, e -> assertThat(e.status()).isEqualTo(412));
    assertThatThrownBy(() -> service.delete("workers", "\"" + old + "\""))
        .isInstanceOf(VersionConflictException.class);
    assertThat(
            service
                .apply("workers", body(2), "\"" + fresh + "\"", Caller.inProcessAdmin())
                .resource()
                .metadata()
                .generation())
        .isEqualTo(2);
  }

  @Test
  void anUnchangedSpecThatWasObservedQueuesNothing() throws Exception {
    service.apply("workers", body(1), null, Caller.inProcessAdmin());
    var row = store.get("NodeGroup", "workers").orElseThrow();
    // what a reconcile writes once it has acted on generation 1
    store.updateStatus(
        "NodeGroup", "workers", row.uid(), "{\"phase\":\"Ready\",\"observedGeneration\":1}");
    service.apply("workers", body(1), null, Caller.inProcessAdmin());
    assertThat(queued).hasSize(1);
    service.apply("workers", body(3), null, Caller.inProcessAdmin());
    assertThat(queued).hasSize(2);
  }
}
