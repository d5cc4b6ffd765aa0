package io.vtopo.cli;

import io.vtopo.core.graph.TopologyGraph;
import io.vtopo.core.model.Topology;
import io.vtopo.render.GraphExport;
import io.vtopo.render.SvgRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vtopo graph FILE --format dot|mermaid|json|svg|html}: the topology's object graph. */
@Command(
    name = "graph",
    mixinStandardHelpOptions = true,
    description = {"Print the topology as a graph: every object a vertex, every reference an edge",
        "(port of, parent of, member of, attached to, stored in). Output is deterministic."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:graph written", "1:the file is invalid or the output cannot be written", "2:usage error"})
final class GraphCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "Topology file.")
  Path file;

  @Option(names = {"-f", "--format"}, defaultValue = "dot", paramLabel = "FORMAT",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = {"-o", "--out"}, paramLabel = "PATH", description = "Write to PATH instead of standard output.")
  Path out;

  /** Output formats. */
  enum Format { dot, mermaid, json, svg, html }

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    Optional<Topology> t = Loaded.of(file).requireValid(err);
    if (t.isEmpty()) {
      return ExitCodes.INVALID;
    }
    TopologyGraph g = TopologyGraph.of(t.get());
    if (!g.cycles().isEmpty()) {
      err.println(file + ": dependency cycle through " + g.cycles().stream().map(v -> v.id()).toList());
      return ExitCodes.INVALID;
    }
    String text = switch (format) {
      case dot -> GraphExport.dot(g, t.get().name());
      case mermaid -> GraphExport.mermaid(g);
      case json -> GraphExport.json(g, t.get().name());
      case svg -> SvgRenderer.svg(g, SvgRenderer.Options.of(t.get().name()));
      case html -> SvgRenderer.html(g, SvgRenderer.Options.of(t.get().name()));
    };
    if (out != null) {
      Files.writeString(out, text, StandardCharsets.UTF_8);
    } else {
      spec.commandLine().getOut().print(text);
      spec.commandLine().getOut().flush();
    }
    return ExitCodes.OK;
  }
}
