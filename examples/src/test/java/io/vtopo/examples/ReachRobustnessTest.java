package io.vtopo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.vtopo.core.graph.TopologyGraph;
import io.vtopo.core.io.TopologyReader;
import io.vtopo.core.model.Topology;
import io.vtopo.core.model.Vm;
import io.vtopo.core.reach.ReachReport;
import io.vtopo.core.reach.Reachability;
import io.vtopo.render.ReachReportRenderer;
import io.vtopo.render.SvgRenderer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The analysis and the drawing take any model the reader produces, not only valid ones (live state
 * is not validated): every broken file that still yields a model is analysed, reported and drawn
 * without an exception.
 */
class ReachRobustnessTest {
  static Stream<Path> brokenWithModel() {
    return ExampleFiles.broken().stream()
        .filter(p -> TopologyReader.read(p).topology().isPresent());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenWithModel")
  void brokenModelsAreAnalysedAndDrawnWithoutExceptions(Path file) {
    Optional<Topology> t = TopologyReader.read(file).topology();
    Reachability r = Reachability.of(t.orElseThrow());
    ReachReport report = ReachReport.of(r);
    assertThat(ReachReportRenderer.text(report)).contains("expectation(s) pass");
    assertThat(ReachReportRenderer.json(report)).contains("\"segments\"");
    for (Vm a : t.get().vms()) {
      for (Vm b : t.get().vms()) {
        assertThat(r.path(a.name(), b.name()).text()).isNotEmpty();
      }
    }
    TopologyGraph g = TopologyGraph.of(t.get());
    assertThat(SvgRenderer.svg(g, SvgRenderer.Options.of(t.get().name()))).startsWith("<svg");
  }
}
