package io.strato.provisioning.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.strato.cloud.nodegroup.NodeGroupSpecDto;
import io.strato.config.StrictJson;
import io.strato.provisioning.Kinds;
import io.strato.provisioning.nodegroup.NodeGroupOutputs;
import io.strato.provisioning.store.JdbcResourceStore;
import io.strato.provisioning.store.ResourceStore;
import io.strato.provisioning.store.StoreDataSource;
import io.strato.provisioning.store.StoreSettings;
import io.strato.provisioning.validation.PassableIdentities;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A list answers with each item's JSON rendered once per resource version: every item must read
 * exactly as the GET of that resource does, and every write (status included) must show in the next
 * list.
 */
class RenderedListTest {

  private static final String SPEC =
      """
      {"metadata": {"labels": {"tier": "%s"}},
       "spec": {"imageId": "ami-0123456789abcdef0", "instanceType": "t3.small",
                "subnetIds": ["subnet-0123456789abcdef0"], "minSize": 0, "maxSize": 2}}
      """;

  private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
  private StoreDataSource dataSource;
  private JdbcResourceStore store;
  private ResourceService<NodeGroupSpecDto, NodeGroupOutputs> service;
  private ListViewJson writer;

  @BeforeEach
  void open() throws Exception {
    new StrictJson().customize(json);
    // as Quarkus configures its mapper: instants as ISO-8601 text
    json.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    dataSource =
        StoreDataSource.open(StoreSettings.h2File(Files.createTempDirectory("strato-list-")));
    store = new JdbcResourceStore(dataSource.dataSource(), Clock.systemUTC());
    service =
        new ResourceService<>(
            Kinds.NODE_GROUP,
            recording(store),
            json,
            k -> {},
            PassableIdentities.byPrefix("strato-"));
    writer = new ListViewJson(json);
  }

  @AfterEach
  void close() {
    dataSource.close();
  }

  /** The names each {@link ResourceStore#getAll} of the service asked for, in call order. */
  private final List<List<String>> rowsRead = new ArrayList<>();

  /** The names each {@link ResourceStore#get} asked for, in call order. */
  private final List<String> rowGets = new ArrayList<>();

  /** What other writers do between the page's stamps and the read of its rows. */
  private Runnable afterStamps = () -> {};

  @SuppressWarnings("unchecked") // getAll takes a Collection<String>
  private ResourceStore recording(ResourceStore real) {
    return (ResourceStore)
        Proxy.newProxyInstance(
            ResourceStore.class.getClassLoader(),
            new Class<?>[] {ResourceStore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getAll")) {
                rowsRead.add(List.copyOf((Collection<String>) args[1]));
              }
              if (method.getName().equals("get")) {
                rowGets.add((String) args[1]);
              }
              try {
                Object answer = method.invoke(real, args);
                if (method.getName().equals("stamps")) {
                  afterStamps.run();
                }
                return answer;
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private void apply(String name, String tier) throws Exception {
    ApplyRequest<NodeGroupSpecDto> body =
        json.readValue(SPEC.formatted(tier), new TypeReference<>() {});
    service.apply(name, body, null, Caller.inProcessAdmin());
  }

  /** The JSON answer of a list, written by the provider the API uses for it. */
  private JsonNode listJson(String selector, Integer limit, String token) throws Exception {
    var page = service.list(selector, limit, token);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MultivaluedMap<String, Object> headers = new MultivaluedHashMap<>();
    writer.writeTo(
        page, ListView.class, ListView.class, null, MediaType.APPLICATION_JSON_TYPE, headers, out);
    // sent in one piece, with its length
    assertThat(headers.getFirst(HttpHeaders.CONTENT_LENGTH)).isEqualTo(out.size());
    return json.readTree(out.toByteArray());
  }

  /** The GET's answer as Jackson writes it (read back, so numbers compare as the list's do). */
  private JsonNode getJson(String name) throws Exception {
    return json.readTree(json.writeValueAsBytes(service.get(name)));
  }

  @Test
  void everyItemReadsAsItsGetAndTheEnvelopeAsJacksonWritesIt() throws Exception {
    for (int i = 0; i < 5; i++) {
      apply("ng-" + i, i % 2 == 0 ? "web" : "db");
    }
    JsonNode firstPage = listJson(null, 2, null);
    assertThat(firstPage.get("continue").asText()).isNotBlank();
    assertThat(firstPage)
        .isEqualTo(json.readTree(json.writeValueAsBytes(service.list(null, 2, null))))
        .isEqualTo(
            json.readTree(
                json.writeValueAsBytes(
                    new ListView<>(
                        "strato.io/v1",
                        "NodeGroupList",
                        List.of(service.get("ng-0"), service.get("ng-1")),
                        firstPage.get("continue").asText()))));
    String token = firstPage.get("continue").asText();
    JsonNode rest = listJson(null, 10, token);
    assertThat(rest.has("continue")).isFalse();
    List<String> names = new ArrayList<>();
    for (JsonNode page : List.of(firstPage, rest)) {
      for (JsonNode item : page.get("items")) {
        String name = item.at("/metadata/name").asText();
        names.add(name);
        assertThat(item).as(name).isEqualTo(getJson(name));
      }
    }
    assertThat(names).containsExactly("ng-0", "ng-1", "ng-2", "ng-3", "ng-4");
    JsonNode web = listJson("tier=web", null, null);
    assertThat(web.get("items").findValuesAsText("name")).containsExactly("ng-0", "ng-2", "ng-4");
    assertThat(web.get("kind").asText()).isEqualTo("NodeGroupList");
  }

  @Test
  void aStatusWriteLabelsAndDeletionShowInTheNextList() throws Exception {
    apply("workers", "web");
    JsonNode before = listJson(null, null, null).get("items").get(0);
    assertThat(before.at("/status/phase").asText()).isEqualTo("Pending");

    var row = store.get("NodeGroup", "workers").orElseThrow();
    store.updateStatus(
        "NodeGroup",
        "workers",
        row.uid(),
        "{\"phase\":\"Ready\",\"observedGeneration\":1,\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}");
    JsonNode ready = listJson(null, null, null).get("items").get(0);
    assertThat(ready.at("/status/phase").asText()).isEqualTo("Ready");
    assertThat(ready.at("/metadata/resourceVersion"))
        .isNotEqualTo(before.at("/metadata/resourceVersion"));
    assertThat(ready).isEqualTo(getJson("workers"));

    apply("workers", "db");
    JsonNode relabelled = listJson(null, null, null).get("items").get(0);
    assertThat(relabelled.at("/metadata/labels")).isEqualTo(json.readTree("{\"tier\":\"db\"}"));
    assertThat(relabelled).isEqualTo(getJson("workers"));

    service.delete("workers", null);
    JsonNode deleting = listJson(null, null, null).get("items").get(0);
    assertThat(deleting.at("/metadata/deletionRequestedAt").isMissingNode()).isFalse();
    assertThat(deleting).isEqualTo(getJson("workers"));
  }

  @Test
  void aPageRenderedBeforeReadsOnlyItsStampsAndTheRowsThatChanged() throws Exception {
    for (int i = 0; i < 5; i++) {
      apply("ng-" + i, "web");
    }
    listJson(null, null, null);
    assertThat(rowsRead).containsExactly(List.of("ng-0", "ng-1", "ng-2", "ng-3", "ng-4"));

    rowsRead.clear();
    JsonNode again = listJson(null, null, null);
    assertThat(rowsRead).as("every item rendered at its version").isEmpty();
    assertThat(again.get("items")).hasSize(5);

    var row = store.get("NodeGroup", "ng-3").orElseThrow();
    store.updateStatus("NodeGroup", "ng-3", row.uid(), "{\"phase\":\"Ready\"}");
    apply("ng-1", "db");
    JsonNode changed = listJson(null, null, null);
    assertThat(rowsRead).containsExactly(List.of("ng-1", "ng-3"));
    assertThat(changed.at("/items/3/status/phase").asText()).isEqualTo("Ready");
    assertThat(changed.at("/items/1")).isEqualTo(getJson("ng-1"));

    // a selector filters on the labels the stamps were read with, and reads no row again
    rowsRead.clear();
    JsonNode web = listJson("tier=web", 2, null);
    assertThat(web.get("items").findValuesAsText("name")).containsExactly("ng-0", "ng-2");
    assertThat(rowsRead).isEmpty();
  }

  /**
   * Another replica on the same database writes without this one knowing: a list that starts after
   * that write completed must show it, whatever this replica rendered before.
   */
  @Test
  void aWriteOfAnotherReplicaCompletedBeforeTheListIsInIt() throws Exception {
    apply("workers", "web");
    apply("spare", "web");
    listJson(null, null, null);
    JdbcResourceStore otherReplica =
        new JdbcResourceStore(dataSource.dataSource(), Clock.systemUTC());
    var row = otherReplica.get("NodeGroup", "workers").orElseThrow();
    otherReplica.updateStatus("NodeGroup", "workers", row.uid(), "{\"phase\":\"Failed\"}");
    otherReplica.markDeleting("NodeGroup", "spare", null);
    otherReplica.remove(
        "NodeGroup", "spare", otherReplica.get("NodeGroup", "spare").orElseThrow().uid());
    otherReplica.put("NodeGroup", "added", Map.of(), row.specJson(), null);

    JsonNode items = listJson(null, null, null).get("items");
    assertThat(items.findValuesAsText("name")).containsExactly("added", "workers");
    assertThat(items.get(1).at("/status/phase").asText()).isEqualTo("Failed");
    assertThat(items.get(1)).isEqualTo(getJson("workers"));
  }

  /**
   * A resource deleted between the page's stamps and the read of its row is left out rather than
   * served from an older rendering; one changed in between is served as it now is.
   */
  @Test
  void aRowGoneOrChangedBetweenStampsAndRowsIsServedAsItNowIs() throws Exception {
    apply("a", "web");
    apply("b", "web");
    apply("c", "web");
    afterStamps =
        () -> {
          var b = store.get("NodeGroup", "b").orElseThrow();
          store.markDeleting("NodeGroup", "b", null);
          store.remove("NodeGroup", "b", b.uid());
          var c = store.get("NodeGroup", "c").orElseThrow();
          store.updateStatus("NodeGroup", "c", c.uid(), "{\"phase\":\"Provisioning\"}");
        };
    JsonNode items = listJson(null, null, null).get("items");
    afterStamps = () -> {};
    assertThat(items.findValuesAsText("name")).containsExactly("a", "c");
    assertThat(items.get(1).at("/status/phase").asText()).isEqualTo("Provisioning");
    assertThat(items.get(1)).isEqualTo(getJson("c"));
  }

  @Test
  void aResourceDeletedAndCreatedAgainIsNotServedFromItsOldRendering() throws Exception {
    apply("workers", "web");
    String oldUid = listJson(null, null, null).at("/items/0/metadata/uid").asText();
    var row = store.get("NodeGroup", "workers").orElseThrow();
    store.markDeleting("NodeGroup", "workers", null);
    store.remove("NodeGroup", "workers", row.uid());
    apply("workers", "web");
    JsonNode fresh = listJson(null, null, null).get("items").get(0);
    assertThat(fresh.at("/metadata/uid").asText()).isNotEqualTo(oldUid);
    assertThat(fresh).isEqualTo(getJson("workers"));
  }

  /**
   * A page kept whole is served again only for the same stamps and token: an item created after the
   * page's last one gives the page a continue token though its items are the same.
   */
  @Test
  void aKeptPageGainsItsContinueTokenWhenAnItemIsAddedAfterIt() throws Exception {
    apply("a", "web");
    apply("b", "web");
    JsonNode first = listJson(null, 2, null);
    assertThat(first.has("continue")).isFalse();
    assertThat(listJson(null, 2, null)).isEqualTo(first);

    apply("c", "web");
    JsonNode again = listJson(null, 2, null);
    assertThat(again.get("items").findValuesAsText("name")).containsExactly("a", "b");
    assertThat(again.get("continue").asText()).isNotBlank();
    JsonNode next = listJson(null, 2, again.get("continue").asText());
    assertThat(next.get("items").findValuesAsText("name")).containsExactly("c");
  }

  /**
   * A page served with an item newer than its stamp (written between the stamps and the rows) and
   * the lists after it each read as the store then holds the items.
   */
  @Test
  void aPageServedNewerThanItsStampsAndTheListsAfterItReadAsTheStore() throws Exception {
    apply("a", "web");
    apply("b", "web");
    afterStamps =
        () -> {
          var a = store.get("NodeGroup", "a").orElseThrow();
          store.updateStatus("NodeGroup", "a", a.uid(), "{\"phase\":\"Ready\"}");
        };
    // a is read whole (its first rendering) after the status write: served newer than stamped
    JsonNode first = listJson(null, null, null);
    afterStamps = () -> {};
    assertThat(first.at("/items/0/status/phase").asText()).isEqualTo("Ready");
    JsonNode second = listJson(null, null, null);
    assertThat(second).isEqualTo(first);
    assertThat(second.get("items").get(0)).isEqualTo(getJson("a"));

    var b = store.get("NodeGroup", "b").orElseThrow();
    store.updateStatus("NodeGroup", "b", b.uid(), "{\"phase\":\"Failed\"}");
    JsonNode third = listJson(null, null, null);
    assertThat(third.at("/items/1/status/phase").asText()).isEqualTo("Failed");
    assertThat(third.get("items").get(1)).isEqualTo(getJson("b"));
  }

  /** A GET answers the same bytes a list serves for the item, with its version as the ETag. */
  @Test
  void aGetAnswersTheItemsRenderingWithItsVersion() throws Exception {
    apply("workers", "web");
    RenderedView one = service.rendered("workers");
    assertThat(json.readTree(one.json())).isEqualTo(getJson("workers"));
    assertThat(one.resourceVersion())
        .isEqualTo(service.get("workers").metadata().resourceVersion());
    assertThat(json.readTree(one.json())).isEqualTo(listJson(null, null, null).get("items").get(0));
    // any other writer (YAML) binds the view back from the same bytes
    assertThat(json.readTree(json.writeValueAsBytes(one))).isEqualTo(getJson("workers"));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MultivaluedMap<String, Object> headers = new MultivaluedHashMap<>();
    new RenderedViewJson()
        .writeTo(
            one,
            RenderedView.class,
            RenderedView.class,
            null,
            MediaType.APPLICATION_JSON_TYPE,
            headers,
            out);
    assertThat(out.toByteArray()).isEqualTo(one.json());
    assertThat(headers.getFirst(HttpHeaders.CONTENT_LENGTH)).isEqualTo(out.size());
  }

  /**
   * A GET of a resource rendered at its version reads only its stamp; a write of another replica
   * completed before the GET is in it, with the new version as its ETag.
   */
  @Test
  void aGetReadsTheRowOnlyWhenItChangedWhoeverWroteIt() throws Exception {
    apply("workers", "web");
    RenderedView first = service.rendered("workers");
    rowGets.clear();
    RenderedView again = service.rendered("workers");
    assertThat(rowGets).as("rendered at its version: no row read").isEmpty();
    assertThat(again.json()).isEqualTo(first.json());

    JdbcResourceStore otherReplica =
        new JdbcResourceStore(dataSource.dataSource(), Clock.systemUTC());
    var row = otherReplica.get("NodeGroup", "workers").orElseThrow();
    otherReplica.updateStatus("NodeGroup", "workers", row.uid(), "{\"phase\":\"Failed\"}");
    RenderedView changed = service.rendered("workers");
    assertThat(rowGets).containsExactly("workers");
    assertThat(json.readTree(changed.json()).at("/status/phase").asText()).isEqualTo("Failed");
    assertThat(changed.resourceVersion())
        .isNotEqualTo(first.resourceVersion())
        .isEqualTo(service.get("workers").metadata().resourceVersion());

    otherReplica.markDeleting("NodeGroup", "workers", null);
    otherReplica.remove("NodeGroup", "workers", row.uid());
    assertThatThrownBy(() -> service.rendered("workers"))
        .isInstanceOf(io.strato.provisioning.store.StoreException.NotFound.class);
  }
}
