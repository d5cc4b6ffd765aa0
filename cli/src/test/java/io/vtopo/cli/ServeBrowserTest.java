package io.vtopo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vtopo.netlink.Netns;
import io.vtopo.netlink.RtNetlink;
import io.vtopo.netlink.model.BridgeInfo;
import io.vtopo.netlink.model.LinkSpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code vtopo serve} in a real browser: headless Chromium (through chromedriver) loads the page
 * for a namespace and the real libvirtd, sees the objects with their drift, sees a bridge created
 * with the netlink client and a libvirt network defined with virsh appear without a reload, answers
 * a path query, shows an object's fields on click, and saves a screenshot to {@code
 * target/screenshots/serve.png}.
 */
class ServeBrowserTest extends LiveHostTest {
  @BeforeEach
  void requireBrowser() {
    Browser.require();
  }

  @Test
  void pageShowsLiveTopologyWithDriftAndFollowsHostEvents() throws Exception {
    String topo =
        """
        apiVersion: vtopo/v1
        name: %1$s
        links:
          - {name: br0, kind: bridge, state: up, ports: [tap-a, tap-b]%3$s}
          - {name: tap-a, kind: tap, state: up}
          - {name: tap-b, kind: tap, state: up}
        networks:
          - {name: %1$s-net, mode: isolated, bridge: %2$si}
        vms:
          - name: web1
            nics: [{name: eth0, tap: tap-a, ip: 192.0.2.2/28}]
          - name: web2
            nics: [{name: eth0, tap: tap-b, ip: 192.0.2.3/28}]
        """;
    Path applied = host.file("applied.yaml", topo.formatted(host.prefix, host.lp, ""));
    LiveHost.Run r = LiveHost.vtopo(args("apply", applied.toString(), "--yes"));
    assertThat(r.code()).as(r.toString()).isZero();
    // The served file drifts from the host: br0's STP differs and one bridge was never applied.
    // (Not its MTU alone: a
    // bridge MTU its TAP ports do not share is refused by validation, mtu.bridge-pulled.)
    Path served =
        host.file(
            "served.yaml",
            topo.formatted(host.prefix, host.lp, ", stp: true")
                .replace("links:\n", "links:\n  - {name: br-plan, kind: bridge}\n"));

    // A long resync: within the waits below only events can bring the changes.
    Process serve = host.spawn(args("serve", served.toString(), "--port", "0", "--resync", "120"));
    StringBuffer output = new StringBuffer();
    CompletableFuture<String> url = new CompletableFuture<>();
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                  output.append(line).append('\n');
                  if (line.startsWith("http://")) {
                    url.complete(line.strip());
                  }
                }
              } catch (java.io.IOException e) {
                // The process ended.
              }
              url.complete(null);
            });
    pump.setDaemon(true);
    pump.start();
    String page = url.get(60, TimeUnit.SECONDS);
    assertThat(page).as("first line of serve: %s", output).startsWith("http://127.0.0.1:");

    try (Browser b = new Browser(host.tmp)) {
      b.get(page);
      Browser.waitUntil(
          "the page connected to the event stream and drew the objects",
          Duration.ofSeconds(30),
          () ->
              b.script(
                          "return document.getElementById('conn').textContent === 'live'"
                              + " && document.querySelectorAll('#svg g.node[data-state]').length > 0")
                      .asBoolean()
                  ? true
                  : null);
      JsonNode states = states(b);
      assertThat(states.path("link:br0").asText()).isEqualTo("modified");
      assertThat(states.path("link:tap-a").asText()).isEqualTo("in-sync");
      assertThat(states.path("link:br-plan").asText()).isEqualTo("missing");
      assertThat(states.path("network:" + host.prefix + "-net").asText()).isEqualTo("in-sync");
      assertThat(states.path("vm:web1").asText()).isEqualTo("declared");
      assertThat(b.script("return document.getElementById('title').textContent").asText())
          .isEqualTo(host.prefix);
      assertThat(b.script("return document.getElementById('legend').textContent").asText())
          .contains("missing: in the file, missing from the host")
          .contains("modified");

      // A live change through the kernel: a bridge nobody declared.
      b.script("window.vttMarker = 'same page'; return true");
      try (Netns n = Netns.named(ns);
          RtNetlink nl = RtNetlink.open(n)) {
        nl.createLink(LinkSpec.create("br-live", BridgeInfo.defaults()));
      }
      Browser.waitUntil(
          "br-live on the page as unmanaged",
          Duration.ofSeconds(15),
          () -> "unmanaged".equals(states(b).path("link:br-live").asText()) ? true : null);
      // ... and through libvirt: a network defined and started with virsh.
      String net2 = host.prefix + "-net2";
      Path xml =
          host.file(
              "net2.xml",
              "<network><name>" + net2 + "</name><bridge name='" + host.lp + "j'/></network>");
      LiveHost.virsh("net-define", xml.toString());
      LiveHost.virsh("net-start", net2);
      Browser.waitUntil(
          "libvirt network " + net2 + " on the page",
          Duration.ofSeconds(15),
          () -> "unmanaged".equals(states(b).path("network:" + net2).asText()) ? true : null);
      assertThat(b.script("return window.vttMarker").asText())
          .as("the page was not reloaded")
          .isEqualTo("same page");

      // Path query between the file's VMs.
      b.type("#path-from", "web1");
      b.type("#path-to", "web2");
      b.click("#path-go");
      String answer =
          Browser.waitUntil(
              "the path answer",
              Duration.ofSeconds(15),
              () -> {
                String t =
                    b.script("return document.getElementById('path-result').textContent").asText();
                return t.contains("reachable (") ? t : null;
              });
      // The file's answer, and the same question on the host as it is (the TAPs are up: the same
      // answer).
      assertThat(answer)
          .contains("web1/eth0 -> tap-a -> br0 -> tap-b -> web2/eth0")
          .contains("same L2 segment")
          .contains("on the host as it is now: the same");

      // Click an object: its fields, file against host.
      b.click("#svg g.node[data-id='link:br0']");
      String details =
          Browser.waitUntil(
              "br0's field panel",
              Duration.ofSeconds(10),
              () -> {
                String t = b.script("return document.getElementById('details').innerText").asText();
                return t.contains("br0") && t.contains("stp") ? t : null;
              });
      assertThat(details).contains("modified");
      JsonNode stp =
          b.script(
              "var r = document.querySelector('#details table.fields tr[data-field=stp]');"
                  + " return r ? Array.from(r.cells).map(c => c.textContent) : null");
      assertThat(stp.toString()).isEqualTo("[\"stp\",\"true\",\"false\"]");

      Path shot = Path.of("target", "screenshots", "serve.png");
      Files.createDirectories(shot.getParent());
      Files.write(shot, b.screenshot());
      assertPng(shot);
    }

    assertThat(serve.isAlive()).as("serve still running: %s", output).isTrue();
    // SIGTERM, as Ctrl-C: the shutdown hook closes the server, the events and the session. Through
    // the handle:
    // Process.destroy() would also close our end of its output, losing what the hook prints.
    serve.toHandle().destroy();
    assertThat(serve.waitFor(20, TimeUnit.SECONDS)).as("serve stopped: %s", output).isTrue();
    pump.join(5_000);
    assertThat(output.toString()).as("exit %s", serve.exitValue()).contains("vtopo serve: stopped");
  }

  private static JsonNode states(Browser b) {
    return b.script(
        "var m = {}; document.querySelectorAll('#svg g.node').forEach(function (g) {"
            + " m[g.dataset.id] = g.dataset.state; }); return m;");
  }

  /**
   * A real PNG of the browser window: the signature, an IHDR of at least 800x600, and more than a
   * blank page.
   */
  private static void assertPng(Path p) throws java.io.IOException {
    byte[] png = Files.readAllBytes(p);
    assertThat(png.length).as("size of %s", p).isGreaterThan(20_000);
    assertThat(java.util.Arrays.copyOf(png, 8))
        .containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
    ByteBuffer b = ByteBuffer.wrap(png);
    assertThat(new String(png, 12, 4, StandardCharsets.US_ASCII)).isEqualTo("IHDR");
    assertThat(b.getInt(16)).as("width").isGreaterThanOrEqualTo(800);
    assertThat(b.getInt(20)).as("height").isGreaterThanOrEqualTo(600);
  }
}
