package io.vtopo.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vtopo.testsupport.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP side without a browser: a real netty server on an ephemeral loopback port over an
 * in-memory host.
 */
class WebServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private FakeHost host;
  private LiveModel model;
  private WebServer server;
  private URI base;

  @BeforeEach
  void start() {
    host = new FakeHost().set(LiveViewTest.HOST, "lab", "eth0", "lo", "tap-c", "default");
    model =
        new LiveModel(
            FakeHost.parse(LiveViewTest.FILE),
            host,
            Duration.ofMillis(100),
            Duration.ofSeconds(60));
    model.start();
    server = WebServer.start(model, "127.0.0.1", 0);
    base = server.url();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (model != null) {
      model.close();
    }
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    HttpRequest r =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    return http.send(r, HttpResponse.BodyHandlers.ofString());
  }

  private static String type(HttpResponse<?> r) {
    return r.headers().firstValue("Content-Type").orElse("");
  }

  @Test
  void bindsLoopbackOnAnEphemeralPort() {
    assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
    assertThat(server.address().getPort()).isPositive();
    assertThat(base.toString()).isEqualTo("http://127.0.0.1:" + server.address().getPort() + "/");
  }

  @Test
  void aBusyPortIsReportedWithTheAddress() {
    int port = server.address().getPort();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> WebServer.start(model, "127.0.0.1", port))
        .isInstanceOf(io.vtopo.core.VtopoException.class)
        .hasMessageContaining("cannot listen on 127.0.0.1 port " + port)
        .hasMessageContaining("--port 0");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> WebServer.start(model, "no such host.invalid", 0))
        .isInstanceOf(io.vtopo.core.VtopoException.class)
        .hasMessageContaining("--bind no such host.invalid");
  }

  @Test
  void servesThePageAndItsAssetsWithTheirTypes() throws Exception {
    HttpResponse<String> page = send("GET", "/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(type(page)).isEqualTo("text/html; charset=utf-8");
    assertThat(page.body())
        .contains("<script src=\"serve.js\"></script>")
        .doesNotContain("http://", "https://");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("default-src 'self'");
    HttpResponse<String> js = send("GET", "/serve.js");
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(type(js)).isEqualTo("text/javascript; charset=utf-8");
    assertThat(js.body()).contains("new EventSource('/api/events')");
    assertThat(type(send("GET", "/serve.css"))).isEqualTo("text/css; charset=utf-8");
  }

  @Test
  void topologyIsJsonWithVersionStatusAndView() throws Exception {
    HttpResponse<String> r = send("GET", "/api/topology");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(type(r)).isEqualTo("application/json");
    JsonNode j = JSON.readTree(r.body());
    assertThat(j.path("version").asLong()).isEqualTo(1);
    assertThat(j.path("server").asText()).matches("[0-9a-f]+");
    assertThat(j.path("status").path("source").asText()).isEqualTo("fake host");
    assertThat(j.path("status").path("events").asText()).isEqualTo("live");
    assertThat(j.path("view").path("objects").size()).isEqualTo(model.view().objects().size());
  }

  @Test
  void onlyGetIsAllowed() throws Exception {
    for (String m : new String[] {"POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"}) {
      for (String p : new String[] {"/", "/api/topology", "/api/path?from=web1&to=web2"}) {
        HttpResponse<String> r = send(m, p);
        assertThat(r.statusCode()).as("%s %s", m, p).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).as("%s %s", m, p).hasValue("GET");
      }
    }
  }

  @Test
  void unknownPathsAre404() throws Exception {
    HttpResponse<String> page = send("GET", "/nothing-here");
    assertThat(page.statusCode()).isEqualTo(404);
    assertThat(type(page)).startsWith("text/plain");
    HttpResponse<String> api = send("GET", "/api/nothing");
    assertThat(api.statusCode()).isEqualTo(404);
    assertThat(type(api)).isEqualTo("application/json");
    assertThat(JSON.readTree(api.body()).path("error").asText()).contains("/api/topology");
    HttpResponse<String> obj = send("GET", "/api/object/link:nope");
    assertThat(obj.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(obj.body()).path("error").asText()).contains("link:nope");
  }

  @Test
  void objectsByIdCarryTheirFields() throws Exception {
    HttpResponse<String> r = send("GET", "/api/object/link:br0");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode o = JSON.readTree(r.body());
    assertThat(o.path("state").asText()).isEqualTo("modified");
    assertThat(o.path("desired").path("mtu").asInt()).isEqualTo(1400);
    assertThat(o.path("live").path("mtu").asInt()).isEqualTo(1500);
    assertThat(
            JSON.readTree(send("GET", "/api/object/volume:img%2Fa.qcow2").body())
                .path("state")
                .asText())
        .isEqualTo("in-sync");
  }

  @Test
  void pathQueriesAnswerFromTheFile() throws Exception {
    HttpResponse<String> r = send("GET", "/api/path?from=web1&to=web2");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode a = JSON.readTree(r.body());
    assertThat(a.path("reachable").asBoolean()).isTrue();
    assertThat(a.path("text").asText())
        .isEqualTo(
            "web1/eth0 -> tap-a -> br0 -> tap-b -> web2/eth0: reachable (same L2 segment, subnet 192.0.2.0/24)");
    assertThat(a.path("hops").size()).isEqualTo(5);
    assertThat(a.path("onHost").path("text").asText()).isEqualTo(a.path("text").asText());
    HttpResponse<String> unknown = send("GET", "/api/path?from=web1&to=ghost");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(unknown.body()).path("error").asText()).contains("ghost");
    HttpResponse<String> missing = send("GET", "/api/path?from=web1");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(missing.body()).path("error").asText()).contains("from=VM and to=VM");
  }

  @Test
  void pathQueriesAlsoAnswerOnTheHostAsItIs() throws Exception {
    // On the host tap-b left the bridge: the file still joins web1 and web2, the host no longer
    // does.
    host.set(
        LiveViewTest.HOST.replace(
            "{name: tap-b, kind: tap, state: up, master: br0}",
            "{name: tap-b, kind: tap, state: up}"),
        "lab",
        "eth0",
        "lo",
        "tap-c",
        "default");
    host.event();
    Await.until("the model's second version", () -> model.version() >= 2);
    JsonNode a = JSON.readTree(send("GET", "/api/path?from=web1&to=web2").body());
    assertThat(a.path("reachable").asBoolean()).isTrue();
    assertThat(a.path("onHost").path("reachable").asBoolean()).isFalse();
    assertThat(a.path("onHost").path("text").asText()).startsWith("web1 -> web2: not reachable");
  }

  @Test
  void foreignHostNamesAreRefusedOnLoopback() throws Exception {
    assertThat(rawStatus("evil.example:" + server.address().getPort())).isEqualTo(403);
    assertThat(rawStatus("localhost:" + server.address().getPort())).isEqualTo(200);
    assertThat(rawStatus("127.0.0.1")).isEqualTo(200);
    assertThat(WebServer.loopbackHost("[::1]:8080")).isTrue();
    assertThat(WebServer.loopbackHost("localhost.evil.example")).isFalse();
    assertThat(WebServer.loopbackHost(null)).isFalse();
  }

  /** The status of a GET / with this Host header (java.net.http does not let a caller set Host). */
  private int rawStatus(String hostHeader) throws Exception {
    try (Socket s = new Socket(server.address().getAddress(), server.address().getPort())) {
      s.setSoTimeout(10_000);
      OutputStream o = s.getOutputStream();
      o.write(
          ("GET / HTTP/1.1\r\nHost: " + hostHeader + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      o.flush();
      String status =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      return Integer.parseInt(status.split(" ")[1]);
    }
  }

  @Test
  void eventStreamPushesANewVersionWhenTheHostChanges() throws Exception {
    HttpRequest req = HttpRequest.newBuilder(base.resolve("/api/events")).build();
    HttpResponse<Stream<String>> r = http.send(req, HttpResponse.BodyHandlers.ofLines());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(type(r)).isEqualTo("text/event-stream; charset=utf-8");
    BlockingQueue<String> data = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              Iterator<String> it = r.body().iterator();
              while (it.hasNext()) {
                String line = it.next();
                if (line.startsWith("data: ")) {
                  data.add(line.substring(6));
                }
              }
            });
    reader.setDaemon(true);
    reader.start();
    JsonNode first = JSON.readTree(data.poll(10, TimeUnit.SECONDS));
    assertThat(first.path("version").asLong()).isEqualTo(1);

    // A burst of events over one change: one re-read after the debounce, one new version.
    int readsBefore = host.reads.get();
    host.set(
        LiveViewTest.HOST.replace("links:\n", "links:\n  - {name: br-live, kind: bridge}\n"),
        "lab",
        "eth0",
        "lo",
        "tap-c",
        "default",
        "br-live");
    for (int i = 0; i < 50; i++) {
      host.event();
    }
    String next = data.poll(10, TimeUnit.SECONDS);
    assertThat(next).as("a pushed version").isNotNull();
    JsonNode second = JSON.readTree(next);
    assertThat(second.path("version").asLong()).isEqualTo(2);
    assertThat(second.path("view").path("objects").findValuesAsText("id")).contains("link:br-live");
    // Every re-read the burst scheduled has run once the model is settled: no later read can still
    // come from it.
    Await.until("the re-reads of the burst to finish", model::settled);
    assertThat(host.reads.get() - readsBefore).as("reads for 50 events").isBetween(1, 2);

    // An event that changes nothing visible is read but not pushed.
    int readsNow = host.reads.get();
    host.event();
    Await.until(
        "the re-read after an invisible change",
        () -> host.reads.get() > readsNow && model.settled());
    assertThat(model.version()).isEqualTo(2);
    // The next visible change is pushed as version 3: had the invisible change been pushed, the
    // stream would carry
    // a second version 2 (or the model a version 3 already) first.
    host.set(LiveViewTest.HOST, "lab", "eth0", "lo", "tap-c", "default");
    host.event();
    JsonNode third = JSON.readTree(data.poll(10, TimeUnit.SECONDS));
    assertThat(third.path("version").asLong()).isEqualTo(3);
  }

  @Test
  void periodicResyncCatchesChangesWithoutEvents() throws Exception {
    FakeHost quiet = new FakeHost().set(LiveViewTest.HOST, "lab");
    try (LiveModel m = new LiveModel(null, quiet, Duration.ofMillis(100), Duration.ofMillis(200))) {
      m.start();
      assertThat(m.version()).isEqualTo(1);
      quiet.set(
          LiveViewTest.HOST.replace("links:\n", "links:\n  - {name: br-late, kind: bridge}\n"),
          "lab");
      Await.until("a version from the periodic resync", () -> m.version() >= 2);
      assertThat(m.version()).isEqualTo(2);
      assertThat(m.view().object("link:br-late")).isNotNull();
    }
    assertThat(quiet.watching).as("closing the model stops watching").isFalse();
  }

  @Test
  void aFailingReadKeepsTheLastStateAndSaysSo() throws Exception {
    FakeHost broken = new FakeHost().set(LiveViewTest.HOST, "lab");
    try (LiveModel m = new LiveModel(null, broken, Duration.ofMillis(10), Duration.ofSeconds(60))) {
      m.start();
      broken.failReads = "netlink dump of netns x failed: EPERM";
      m.changed();
      Await.until("a version carrying the read error", () -> m.version() >= 2);
      JsonNode j = JSON.readTree(m.topologyJson());
      assertThat(j.path("status").path("readError").asText()).contains("EPERM");
      assertThat(j.path("view").path("objects").size()).isPositive();
      assertThat(m.readError()).contains("EPERM");
    }
  }
}
