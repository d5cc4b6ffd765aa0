package io.vtopo.cli;

import io.vtopo.core.diag.Severity;
import io.vtopo.core.model.Topology;
import io.vtopo.render.DiagnosticsJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vtopo validate FILE...}: offline structural and semantic checks. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check topology files offline: schema, references and cross-layer rules.",
      "Every problem is reported with file:line:column, the object path and a rule id."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:all files are valid",
      "1:a file has errors (or warnings, with --strict)",
      "2:usage error"
    })
final class ValidateCommand implements Callable<Integer>, JsonOutput {
  @Spec CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE",
      description = "Topology files (YAML, apiVersion vtopo/v1).")
  List<Path> files;

  @Option(names = "--strict", description = "Treat warnings as errors.")
  boolean strict;

  @Mixin ReportFormat output = new ReportFormat();

  @Override
  public boolean jsonOutput() {
    return output.json();
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    boolean allValid = true;
    List<DiagnosticsJson.FileResult> results = new ArrayList<>();
    for (Path f : files) {
      Loaded l = Loaded.of(f);
      boolean valid = l.valid(strict);
      allValid &= valid;
      results.add(new DiagnosticsJson.FileResult(l.file(), valid, l.diagnostics()));
      if (!output.json()) {
        l.print(out);
        out.println(summary(l, valid));
      }
    }
    if (output.json()) {
      out.print(DiagnosticsJson.render(results));
    }
    out.flush();
    return allValid ? ExitCodes.OK : ExitCodes.INVALID;
  }

  /**
   * {@code N error(s), M warning(s)}: the tail of every summary line, here and in fleet validate.
   */
  static String counts(long errors, long warnings) {
    return errors + " error(s), " + warnings + " warning(s)";
  }

  /** The summary line of an invalid file, here and in fleet validate. */
  static String invalid(Object file, long errors, long warnings, boolean strict) {
    return file
        + ": invalid, "
        + counts(errors, warnings)
        + (errors == 0 && strict ? " (--strict)" : "");
  }

  private String summary(Loaded l, boolean valid) {
    long e = l.count(Severity.ERROR);
    long w = l.count(Severity.WARNING);
    if (!valid) {
      return invalid(l.file(), e, w, strict);
    }
    Topology t = l.topology().orElseThrow();
    int volumes = t.pools().stream().mapToInt(p -> p.attrs().volumes().size()).sum();
    return l.file()
        + ": valid (topology '"
        + t.name()
        + "': "
        + t.links().size()
        + " links, "
        + t.networks().size()
        + " networks, "
        + t.pools().size()
        + " pools, "
        + volumes
        + " volumes, "
        + t.vms().size()
        + " vms, "
        + t.expectations().size()
        + " expectations), "
        + counts(e, w);
  }
}
