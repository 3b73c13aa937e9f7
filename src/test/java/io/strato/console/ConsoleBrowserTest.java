package io.strato.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MotoResource;
import io.strato.testsupport.MotoServer;
import io.strato.testsupport.Tokens;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (headless Chromium driven by Selenium) against the running Strato
 * on moto, as a person uses it: signs in with the dev token, watches a load balancer go from
 * Provisioning to Ready without reloading, opens its events and its spec, sees the cloud calls
 * chart, then signs in as a viewer whose delete is refused by the API (and audited). Screenshots of
 * every page visited go to target/console-screenshots.
 */
@QuarkusTest
@WithTestResource(MotoResource.class)
@TestProfile(ConsoleBrowserTest.DevTokenOn.class)
class ConsoleBrowserTest {

  /** The dev token on, as in dev mode, so the sign-in page offers it. */
  public static class DevTokenOn implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("strato.auth.dev-token", "true");
    }
  }

  private static final Duration CONVERGE = Duration.ofSeconds(60);
  private static final Path SHOTS = Path.of("target", "console-screenshots");

  private static HeadlessChromium chromium;
  private static AwsFixtures network;
  private static String ami;
  private static int shot;

  @TestHTTPResource("/console/")
  URL console;

  @BeforeAll
  static void browserAndNetwork() throws IOException {
    chromium = HeadlessChromium.startOrSkip();
    var clients = MotoServer.shared().clients();
    network = AwsFixtures.network(clients.ec2(), null);
    ami = AwsFixtures.imageId(clients.ec2());
    Files.createDirectories(SHOTS);
  }

  @AfterAll
  static void closeBrowser() {
    if (chromium != null) {
      chromium.close();
    }
  }

  @Test
  void signInWatchALoadBalancerBecomeReadyAndAViewerIsRefusedADelete() throws IOException {
    WebDriver browser = chromium.driver();
    WebDriverWait wait = new WebDriverWait(browser, CONVERGE);

    // The sign-in page offers the dev token (dev mode, same machine).
    browser.get(console.toString());
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dev-token")));
    screenshot(browser, "sign-in");
    browser.findElement(By.id("dev-token")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "dev-admin"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("table-load-balancers")));

    // An operator creates a load balancer (with curl, as it were) whose node group does not exist
    // yet: the open page shows it Provisioning, with the reason, without a reload.
    as(Tokens.operator())
        .body(loadBalancer())
        .put("/api/v1/load-balancers/web")
        .then()
        .statusCode(201);
    By row = By.id("row-load-balancers-web");
    // The phase badge itself: the row's text also holds the reason, NodeGroupNotReady.
    By phase = By.cssSelector("#row-load-balancers-web .phase");
    wait.until(ExpectedConditions.textToBe(phase, "Provisioning"));
    assertThat(browser.findElement(row).getText()).contains("NodeGroupNotReady", "env=console");
    screenshot(browser, "overview-provisioning");

    // The node group arrives, and the same page shows the load balancer Ready.
    as(Tokens.admin()).body(nodeGroup()).put("/api/v1/node-groups/workers").then().statusCode(201);
    wait.until(ExpectedConditions.textToBe(phase, "Ready"));
    wait.until(
        ExpectedConditions.textToBe(By.cssSelector("#row-node-groups-workers .phase"), "Ready"));
    assertThat(browser.findElement(row).getText()).doesNotContain("NodeGroupNotReady");
    assertThat(browser.findElement(By.id("calls-total")).getText())
        .as("the chart counts the AWS calls that took")
        .doesNotStartWith("0 calls");
    assertThat(browser.findElements(By.cssSelector("#calls-svg rect"))).isNotEmpty();
    screenshot(browser, "overview-ready");

    // A label filter narrows the lists (the API's label selector).
    browser.findElement(By.id("label-filter")).sendKeys("env=console,tier=edge");
    browser.findElement(By.cssSelector("#filter-form button")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("row-node-groups-workers")));
    assertThat(browser.findElements(row)).hasSize(1);
    screenshot(browser, "overview-filtered");

    // Its page: conditions, outputs, then the event history and the spec as YAML.
    browser.findElement(By.linkText("web")).click();
    wait.until(ExpectedConditions.textToBe(By.id("detail-phase"), "Ready"));
    assertThat(browser.findElement(By.id("conditions")).getText()).contains("Ready", "Active");
    assertThat(browser.findElement(By.id("outputs")).getText()).contains("dnsName", "Copy");
    screenshot(browser, "load-balancer-status");
    browser.findElement(By.id("events-tab")).click();
    WebElement events = browser.findElement(By.id("events"));
    wait.until(ExpectedConditions.visibilityOf(events));
    assertThat(events.getText()).contains("Created");
    screenshot(browser, "load-balancer-events");
    browser.findElement(By.cssSelector("[data-tab=spec]")).click();
    assertThat(browser.findElement(By.id("spec-yaml")).getText())
        .contains("kind: LoadBalancer", "  nodeGroup: workers", "targetPort: 30080");
    screenshot(browser, "load-balancer-spec");

    // A viewer sees the same page, and the API refuses the viewer's delete.
    browser.findElement(By.id("sign-out")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
    browser.findElement(By.id("token")).sendKeys(Tokens.viewer());
    browser.findElement(By.id("sign-in-button")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "test-viewer"));
    wait.until(ExpectedConditions.textToBe(By.id("detail-phase"), "Ready"));
    browser.findElement(By.id("delete")).click();
    browser.findElement(By.id("confirm-delete-yes")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Refused"));
    screenshot(browser, "viewer-delete-refused");
    as(Tokens.viewer())
        .get("/api/v1/load-balancers/web")
        .then()
        .body("status.phase", equalTo("Ready"))
        .body("metadata.deletionRequestedAt", equalTo(null));
    as(Tokens.admin())
        .get("/api/v1/audit")
        .then()
        .body("items.find { it.principal == 'test-viewer' }.status", equalTo(403))
        .body("items.find { it.principal == 'test-viewer' }.method", equalTo("DELETE"));

    // Clean up through the API, so the shared emulator keeps nothing of this test.
    as(Tokens.operator()).delete("/api/v1/load-balancers/web").then().statusCode(202);
    as(Tokens.operator()).delete("/api/v1/node-groups/workers").then().statusCode(202);
    await().atMost(CONVERGE).until(() -> gone("/api/v1/load-balancers/web"));
    await().atMost(CONVERGE).until(() -> gone("/api/v1/node-groups/workers"));
  }

  @Test
  void thePageIsPublicWithAStrictPolicyAndItsDataIsNot() {
    given()
        .redirects()
        .follow(false)
        .get("/console")
        .then()
        .statusCode(302)
        .header("Location", containsString("/console/"));
    given()
        .get("/console/")
        .then()
        .statusCode(200)
        .header("Content-Security-Policy", containsString("script-src 'self'"))
        .header("Content-Security-Policy", containsString("connect-src 'self'"))
        .header("X-Content-Type-Options", "nosniff")
        .header("X-Frame-Options", "DENY");
    given().get("/api/v1/cloud-calls").then().statusCode(401);
    as(Tokens.withGroups("nobody")).get("/api/v1/cloud-calls").then().statusCode(403);
    as(Tokens.viewer())
        .get("/api/v1/cloud-calls?minutes=5")
        .then()
        .statusCode(200)
        .body("minutes.size()", equalTo(5));
    for (String bad : new String[] {"abc", "0", "61", "99999999999"}) {
      as(Tokens.viewer())
          .get("/api/v1/cloud-calls?minutes=" + bad)
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("errors.field", hasItem("minutes"));
    }
  }

  @Test
  void theDevTokenGoesOnlyToTheConsoleOnThisMachine() {
    String token =
        given()
            .header("X-Strato-Console", "1")
            .get("/console/dev-token")
            .then()
            .statusCode(200)
            .header("Cache-Control", containsString("no-store"))
            .extract()
            .path("token");
    as(token).get("/api/v1/load-balancers").then().statusCode(200);
    // Without the console's header (a plain cross-site GET or a link) or under a host name that
    // is not loopback (DNS rebinding), it is not offered.
    given().get("/console/dev-token").then().statusCode(404);
    given()
        .header("X-Strato-Console", "1")
        .header("Host", "attacker.example")
        .get("/console/dev-token")
        .then()
        .statusCode(404);
  }

  private static boolean gone(String path) {
    return as(Tokens.viewer()).get(path).statusCode() == 404;
  }

  private static RequestSpecification as(String token) {
    return given().header("Authorization", "Bearer " + token).contentType("application/json");
  }

  private static void screenshot(WebDriver browser, String name) throws IOException {
    byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(SHOTS.resolve(String.format("%02d-%s.png", ++shot, name)), png);
  }

  private static String loadBalancer() {
    return """
        {"metadata": {"labels": {"env": "console", "tier": "edge"}},
         "spec": {"vpcId": "%s",
                  "listeners": [{"port": 80, "targetPort": 30080}],
                  "targets": {"nodeGroup": "workers"}}}
        """
        .formatted(network.vpcId());
  }

  private static String nodeGroup() {
    return """
        {"metadata": {"labels": {"env": "console", "tier": "workers"}},
         "spec": {"imageId": "%s", "instanceType": "t3.medium",
                  "subnetIds": ["%s", "%s"], "minSize": 1, "maxSize": 2, "desiredCapacity": 1}}
        """
        .formatted(ami, network.privateSubnets().get(0), network.privateSubnets().get(1));
  }
}
