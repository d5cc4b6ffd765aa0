package io.vtopo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vtopo.testsupport.Privileged;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Headless Chromium driven through chromedriver's W3C WebDriver HTTP protocol with {@code
 * java.net.http}: just the calls the serve test needs. chromedriver listens on 127.0.0.1 on a free
 * port and is stopped by its PID.
 */
final class Browser implements AutoCloseable {
  /**
   * The browser itself: Debian's /usr/bin/chromium is a shell wrapper that does not exec, so
   * stopping it would orphan the browser.
   */
  static final Path CHROMIUM_BINARY = Path.of("/usr/lib/chromium/chromium");

  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process driver;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;
  private final String session;
  private final Path profile;

  /**
   * Skips (or fails under VTOPO_REQUIRE_PRIVILEGED=1) without Debian's chromium and
   * chromium-driver.
   */
  static void require() {
    Privileged.assume(
        Files.isExecutable(CHROMIUM_BINARY) && Files.isExecutable(CHROMEDRIVER),
        "needs "
            + CHROMIUM_BINARY
            + " and "
            + CHROMEDRIVER
            + " (Debian packages chromium chromium-driver; run"
            + " 'bash scripts/setup-host.sh packages')");
  }

  Browser(Path tmp) throws IOException, InterruptedException {
    profile = tmp.resolve("chromium-profile");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    base = URI.create("http://127.0.0.1:" + port + "/");
    driver =
        new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port, "--allowed-ips=127.0.0.1")
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("chromedriver.log").toFile())
            .start();
    String sid = null;
    try {
      waitUntil(
          "chromedriver ready on port " + port,
          Duration.ofSeconds(20),
          () -> {
            try {
              JsonNode st = call("GET", "status", null);
              return st.path("ready").asBoolean() ? Boolean.TRUE : null;
            } catch (IOException | RuntimeException e) {
              return null;
            }
          });
      ObjectNode caps = JSON.createObjectNode();
      ObjectNode always = caps.putObject("capabilities").putObject("alwaysMatch");
      always.put("browserName", "chrome");
      ObjectNode opts = always.putObject("goog:chromeOptions");
      opts.put("binary", CHROMIUM_BINARY.toString());
      var args = opts.putArray("args");
      for (String a :
          List.of(
              "--headless=new",
              "--no-sandbox",
              "--disable-gpu",
              "--disable-quic",
              "--no-first-run",
              "--disable-background-networking",
              "--disable-component-update",
              "--disable-sync",
              "--disable-dev-shm-usage",
              "--window-size=1400,900",
              "--user-data-dir=" + profile)) {
        args.add(a);
      }
      sid = call("POST", "session", caps).path("sessionId").asText(null);
      if (sid == null) {
        throw new IllegalStateException("chromedriver gave no session id");
      }
    } catch (IOException | RuntimeException | Error e) {
      stopDriver();
      throw e;
    }
    session = "session/" + sid + "/";
  }

  private JsonNode call(String method, String path, Object body) throws IOException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }
    HttpResponse<String> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    JsonNode v = JSON.readTree(r.body()).path("value");
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          "WebDriver "
              + method
              + " "
              + path
              + " -> "
              + r.statusCode()
              + ": "
              + v.path("error").asText()
              + ": "
              + v.path("message").asText());
    }
    return v;
  }

  private JsonNode sessionCall(String method, String path, Object body) {
    try {
      return call(method, session + path, body);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Loads a page. */
  void get(String url) {
    sessionCall("POST", "url", JSON.createObjectNode().put("url", url));
  }

  /** Runs a script in the page ({@code return ...;}) and gives its value as JSON. */
  JsonNode script(String js, Object... args) {
    ObjectNode b = JSON.createObjectNode().put("script", js);
    var a = b.putArray("args");
    for (Object o : args) {
      a.add(String.valueOf(o));
    }
    return sessionCall("POST", "execute/sync", b);
  }

  private String element(String css) {
    ObjectNode b = JSON.createObjectNode().put("using", "css selector").put("value", css);
    JsonNode v = sessionCall("POST", "element", b);
    String id = v.path(ELEMENT).asText();
    if (id.isEmpty()) {
      throw new IllegalStateException("no element id for '" + css + "' in " + v);
    }
    return id;
  }

  /**
   * Clicks the element {@code css} selects, as a user would (WebDriver scrolls it into view first).
   */
  void click(String css) {
    for (int attempt = 1; ; attempt++) {
      try {
        sessionCall("POST", "element/" + element(css) + "/click", JSON.createObjectNode());
        return;
      } catch (IllegalStateException e) {
        // The live page may redraw between finding and clicking: find it again.
        if (attempt == 5 || !String.valueOf(e.getMessage()).contains("stale element")) {
          throw e;
        }
      }
    }
  }

  /** Types into the element {@code css} selects. */
  void type(String css, String text) {
    String e = element(css);
    sessionCall("POST", "element/" + e + "/clear", JSON.createObjectNode());
    sessionCall("POST", "element/" + e + "/value", JSON.createObjectNode().put("text", text));
  }

  /** A PNG of the viewport. */
  byte[] screenshot() {
    return Base64.getDecoder().decode(sessionCall("GET", "screenshot", null).asText());
  }

  /**
   * Polls {@code probe} until it gives a non-null value; fails with {@code what} after {@code
   * timeout}.
   */
  static <T> T waitUntil(String what, Duration timeout, Supplier<T> probe)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      T v = probe.get();
      if (v != null) {
        return v;
      }
      if (System.nanoTime() > end) {
        throw new AssertionError(
            "timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  private void stopDriver() {
    driver.destroy();
    try {
      driver.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Any browser process still running with this test's own profile directory (its PID found by
    // that unique
    // argument, never by name) would outlive the test: stop it.
    ProcessHandle.allProcesses()
        .filter(
            p ->
                p.info()
                    .arguments()
                    .map(a -> java.util.Arrays.asList(a).contains("--user-data-dir=" + profile))
                    .orElse(false))
        .forEach(ProcessHandle::destroy);
    try {
      if (!driver.waitFor(10, TimeUnit.SECONDS)) {
        driver.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Ends the session (chromedriver closes Chromium) and stops chromedriver by its PID. */
  @Override
  public void close() {
    try {
      call("DELETE", session, null);
    } catch (IOException | RuntimeException e) {
      // chromedriver's exit below takes the browser with it.
    }
    stopDriver();
  }
}
