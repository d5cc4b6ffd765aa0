package io.vtopo.cli;

import io.vtopo.core.graph.TopologyGraph;
import io.vtopo.core.model.Topology;
import io.vtopo.render.GraphExport;
import io.vtopo.render.SvgRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vtopo graph FILE -o dot|mermaid|json|svg|html [-O PATH]}: the topology's object graph. */
@Command(
    name = "graph",
    mixinStandardHelpOptions = true,
    description = {
      "Print the topology as a graph: every object a vertex, every reference an edge",
      "(port of, parent of, member of, attached to, stored in). Output is deterministic."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:graph written",
      "1:the file is invalid or the output cannot be written",
      "2:usage error"
    })
final class GraphCommand implements Callable<Integer>, JsonOutput {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "Topology file.")
  Path file;

  @Mixin GraphFormat format = new GraphFormat();

  @Mixin OutFile outFile = new OutFile();

  @Override
  public boolean jsonOutput() {
    return format.get() == GraphFormat.Format.json;
  }

  @Mixin RealVms realVms = new RealVms();

  @Mixin HostOptions host = new HostOptions();

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    Optional<Topology> t =
        Loaded.of(file).requireValid(err, jsonOutput() ? spec.commandLine().getOut() : null);
    if (t.isEmpty()) {
      return ExitCodes.INVALID;
    }
    t = Optional.of(realVms.apply(t.get(), host, err, "graph"));
    TopologyGraph g = TopologyGraph.of(t.get());
    if (!g.cycles().isEmpty()) {
      err.println(
          file + ": dependency cycle through " + g.cycles().stream().map(v -> v.id()).toList());
      return ExitCodes.INVALID;
    }
    String text =
        switch (format.get()) {
          case dot -> GraphExport.dot(g, t.get().name(), SvgRenderer.notes(t.get()));
          case mermaid -> GraphExport.mermaid(g, SvgRenderer.notes(t.get()));
          case json -> GraphExport.json(g, t.get().name());
          case svg -> SvgRenderer.svg(g, SvgRenderer.Options.of(t.get()));
          case html -> SvgRenderer.html(g, SvgRenderer.Options.of(t.get()));
        };
    outFile.emit(spec.commandLine().getOut(), text);
    return ExitCodes.OK;
  }
}
