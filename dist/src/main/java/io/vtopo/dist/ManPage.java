package io.vtopo.dist;

import io.vtopo.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes the man page (roff) and the bash completion script of the installed command from picocli's
 * model of the command line, so both always say what the code accepts. Build-time only: {@code
 * ManPage OUTDIR VERSION} writes {@code OUTDIR/vtopo.1}, {@code OUTDIR/vtopo.1.gz} and {@code
 * OUTDIR/vtopo.bash-completion}.
 */
public final class ManPage {
  private ManPage() {}

  /** Generates both files. */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    String version = args.length > 1 ? args[1] : "";
    Files.createDirectories(out);
    CommandLine cl = Main.commandLine();
    String page = roff(cl.getCommandSpec(), version);
    Files.writeString(out.resolve("vtopo.1"), page, StandardCharsets.UTF_8);
    // Debian installs man pages gzip-compressed; a fixed header (no name, no time) keeps the build
    // reproducible.
    try (java.util.zip.GZIPOutputStream gz =
        new java.util.zip.GZIPOutputStream(Files.newOutputStream(out.resolve("vtopo.1.gz")))) {
      gz.write(page.getBytes(StandardCharsets.UTF_8));
    }
    Files.writeString(
        out.resolve("vtopo.bash-completion"),
        AutoComplete.bash("vtopo", cl),
        StandardCharsets.UTF_8);
  }

  /** The whole man page: the root command, then every subcommand (recursively) as a subsection. */
  public static String roff(CommandSpec root, String version) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        ".\\\" Generated from the picocli command model by io.vtopo.dist.ManPage; do not edit.\n");
    sb.append(".TH VTOPO 1 \"\" \"vtopo ").append(esc(version)).append("\" \"User Commands\"\n");
    sb.append(".SH NAME\nvtopo \\- ")
        .append(esc(lowerFirst(String.join(" ", root.usageMessage().description()))))
        .append('\n');
    sb.append(".SH SYNOPSIS\n.B vtopo\n[\\fIOPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR...]\n");
    sb.append(".SH DESCRIPTION\n");
    paragraphs(sb, root.usageMessage().description());
    options(sb, root);
    sb.append(".SH COMMANDS\n");
    List<CommandSpec> subs = new ArrayList<>();
    collect(root, subs);
    for (CommandSpec c : subs) {
      sb.append(".SS \"").append(esc(c.qualifiedName())).append(synopsisArgs(c)).append("\"\n");
      paragraphs(sb, c.usageMessage().description());
      options(sb, c);
      exitCodes(sb, c.usageMessage().exitCodeList(), ".PP\nExit codes:\n");
    }
    exitCodes(sb, root.usageMessage().exitCodeList(), ".SH \"EXIT STATUS\"\n");
    sb.append(
        ".SH FILES\n.TP\n.I /var/lib/vtopo\nState directory: apply journals, the host lock, storage ownership"
            + " records.\n.TP\n.I /usr/share/vtopo/examples\nExample topologies.\n");
    sb.append(".SH \"SEE ALSO\"\n.BR virsh (1),\n.BR ip (8)\n");
    return sb.toString();
  }

  private static void collect(CommandSpec c, List<CommandSpec> out) {
    for (CommandLine sub : c.subcommands().values()) {
      CommandSpec s = sub.getCommandSpec();
      if (!out.contains(s) && !s.usageMessage().hidden()) {
        out.add(s);
        collect(s, out);
      }
    }
  }

  private static String synopsisArgs(CommandSpec c) {
    StringBuilder sb = new StringBuilder();
    if (!c.options().isEmpty()) {
      sb.append(" [OPTIONS]");
    }
    for (PositionalParamSpec p : c.positionalParameters()) {
      if (p.hidden()) {
        continue;
      }
      boolean optional = p.arity().min() == 0;
      boolean many = p.arity().max() > 1;
      sb.append(' ')
          .append(optional ? "[" : "")
          .append(esc(p.paramLabel()))
          .append(many ? "..." : "")
          .append(optional ? "]" : "");
    }
    if (!c.subcommands().isEmpty()) {
      sb.append(" COMMAND");
    }
    return sb.toString();
  }

  private static void paragraphs(StringBuilder sb, String[] lines) {
    if (lines.length == 0) {
      return;
    }
    sb.append(".PP\n");
    for (String l : lines) {
      sb.append(line(l)).append('\n');
    }
  }

  private static void options(StringBuilder sb, CommandSpec c) {
    for (OptionSpec o : c.options()) {
      if (o.hidden()) {
        continue;
      }
      sb.append(".TP\n");
      List<String> names = new ArrayList<>();
      for (String n : o.names()) {
        names.add("\\fB" + esc(n) + "\\fR");
      }
      sb.append(String.join(", ", names));
      if (o.arity().max() > 0 && !o.paramLabel().isEmpty() && !o.typeInfo().isBoolean()) {
        sb.append("=\\fI").append(esc(o.paramLabel())).append("\\fR");
      }
      sb.append('\n');
      sb.append(line(String.join(" ", o.description()))).append('\n');
    }
    for (PositionalParamSpec p : c.positionalParameters()) {
      if (!p.hidden()) {
        sb.append(".TP\n\\fI")
            .append(esc(p.paramLabel()))
            .append("\\fR\n")
            .append(line(String.join(" ", p.description())))
            .append('\n');
      }
    }
  }

  private static void exitCodes(StringBuilder sb, Map<String, String> codes, String heading) {
    if (codes.isEmpty()) {
      return;
    }
    sb.append(heading);
    for (Map.Entry<String, String> e : codes.entrySet()) {
      sb.append(".TP\n.B ")
          .append(esc(e.getKey().trim()))
          .append('\n')
          .append(line(e.getValue()))
          .append('\n');
    }
  }

  private static String lowerFirst(String s) {
    String t = s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    return t.isEmpty() ? t : Character.toLowerCase(t.charAt(0)) + t.substring(1);
  }

  /**
   * One text line: escaped, and protected from being read as a request when it starts with '.' or
   * '\''.
   */
  private static String line(String s) {
    String e = esc(s.replace("%n", " "));
    return e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e;
  }

  /**
   * Escapes roff's specials: backslash, and '-' (a hyphen, not a minus, would break copy-pasted
   * options).
   */
  static String esc(String s) {
    return s.replace("\\", "\\e").replace("-", "\\-");
  }
}
