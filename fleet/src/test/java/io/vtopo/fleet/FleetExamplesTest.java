package io.vtopo.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.diag.Diagnostic;
import io.vtopo.core.io.TopologyReader;
import io.vtopo.core.io.TopologyWriter;
import io.vtopo.core.validate.Validator;
import io.vtopo.testsupport.FileCases;
import io.vtopo.testsupport.Golden;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every fleet example validates under --strict, passes its intents, and its drawings, check report
 * and every host's rendered file match the golden files in {@code examples/fleet/golden/}; every
 * broken fleet fails with exactly the diagnostics in its {@code .expected} file. {@code
 * -Dvtopo.updateGolden=true} rewrites them for review.
 */
class FleetExamplesTest {
  static final Path DIR = Path.of("../examples/fleet");

  static List<Path> yamls(Path dir) {
    return FileCases.endingWith(dir, ".yaml");
  }

  static void golden(Path expected, String actual) {
    Golden.check(expected, actual);
  }

  @TestFactory
  Stream<DynamicTest> examplesValidateCheckDrawAndRenderAsGolden() throws IOException {
    List<Path> files = yamls(DIR);
    assertThat(files).isNotEmpty();
    return FileCases.each(
        files,
        f -> {
          FleetFile ff = FleetFile.load(f);
          assertThat(ff.valid(true))
              .as(
                  ff.diagnostics().stream()
                      .map(Diagnostic::format)
                      .collect(Collectors.joining("\n")))
              .isTrue();
          Fleet fleet = ff.fleet().orElseThrow();
          String name = FileCases.stem(f, ".yaml");
          FleetRender r = new FleetRender(fleet);
          golden(DIR.resolve("golden/" + name + ".dot"), FleetGraph.dot(r));
          golden(DIR.resolve("golden/" + name + ".mmd"), FleetGraph.mermaid(r));
          golden(DIR.resolve("golden/" + name + ".json"), FleetGraph.json(r));
          FleetReport report = FleetReport.of(FleetReach.of(fleet, ff.sources(), ff.hostSources()));
          assertThat(report.failures()).as(report.text()).isZero();
          golden(DIR.resolve("golden/" + name + ".check.txt"), report.text());
          assertThat(FleetReport.of(FleetReach.of(fleet, ff.sources(), ff.hostSources())).json())
              .as("deterministic")
              .isEqualTo(report.json());
          for (Fleet.Host h : fleet.hosts()) {
            String text =
                TopologyWriter.write(
                    r.render(h.name(), ff.sources(), ff.hostSources().get(h.name())).topology());
            assertThat(
                    TopologyWriter.write(
                        new FleetRender(fleet)
                            .render(h.name(), ff.sources(), ff.hostSources().get(h.name()))
                            .topology()))
                .as("deterministic render")
                .isEqualTo(text);
            golden(DIR.resolve("golden/" + name + "." + h.name() + ".yaml"), text);
            // The rendered file is a valid host file on its own and reads back to the
            // same topology.
            TopologyReader.Result back =
                Validator.withSemantics(
                    TopologyReader.read(h.name(), text.getBytes(StandardCharsets.UTF_8)));
            assertThat(back.diagnostics().hasErrors())
                .as(back.diagnostics().sorted().toString())
                .isFalse();
            assertThat(TopologyWriter.write(back.topology().orElseThrow())).isEqualTo(text);
          }
        });
  }

  @TestFactory
  Stream<DynamicTest> brokenFleetsFailWithTheirGoldenDiagnostics() throws IOException {
    List<Path> files = yamls(DIR.resolve("broken"));
    assertThat(files).hasSizeGreaterThanOrEqualTo(10);
    return FileCases.each(
        files,
        f -> {
          FleetFile ff = FleetFile.load(f);
          assertThat(ff.valid(false)).as("%s must be invalid", f).isFalse();
          String text =
              ff.diagnostics().stream().map(Diagnostic::format).collect(Collectors.joining("\n"))
                  + "\n";
          golden(FileCases.sibling(f, ".yaml", ".expected"), text.replace(DIR + "/", ""));
        });
  }
}
