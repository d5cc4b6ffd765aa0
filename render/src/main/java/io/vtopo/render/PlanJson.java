package io.vtopo.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vtopo.core.plan.Action;
import io.vtopo.core.plan.Mark;
import io.vtopo.core.plan.Plan;
import io.vtopo.core.plan.PlanRenderer;
import io.vtopo.core.plan.Step;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A plan for programs: {@code vtopo plan -o json}. */
public final class PlanJson {
  private PlanJson() {}

  /**
   * The JSON form: steps with action, id, kind, marks, changes, impact; refusals; warnings; counts.
   */
  public static String of(Plan p) {
    return of(p, PlanRenderer.Context.NONE);
  }

  /**
   * The JSON form with the command's context: refusals an adoption lifts carry the {@code adopt}
   * command naming the file, steps carry the {@code unmodelled} XML paths of their object, and the
   * objects the file declares that exist, match and are not managed are listed under {@code
   * unmanaged} with the {@code adoptCommand} that takes them over.
   */
  public static String of(Plan p, PlanRenderer.Context ctx) {
    List<StepDoc> steps = p.steps().stream().map(s -> step(s, ctx)).toList();
    List<RefusalDoc> refusals =
        p.refusals().stream()
            .map(
                r ->
                    new RefusalDoc(
                        r.id().toString(), r.reason(), r.flag(), r.adoptCommand(ctx.file())))
            .toList();
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Action a : Action.values()) {
      counts.put(a.verb(), p.count(a));
    }
    List<String> unmanaged = p.unmanaged().stream().map(f -> f.id().toString()).toList();
    return Json.pretty(
        new PlanDoc(
            p.topology(),
            !p.isEmpty(),
            steps,
            refusals,
            p.warnings(),
            counts,
            unmanaged,
            unmanaged.isEmpty() ? null : PlanRenderer.adoptAll(ctx.file())));
  }

  private static StepDoc step(Step s, PlanRenderer.Context ctx) {
    // A device step also says what the running guest sees: live, next boot, hot-plug, hot-unplug,
    // config only.
    Step.DeviceStep d = s instanceof Step.DeviceStep ds ? ds : null;
    List<String> keep = ctx.unmodelled().get(s.id());
    return new StepDoc(
        s.action().verb(),
        s.id().toString(),
        s.kind(),
        d == null ? null : d.effect().label(),
        d == null ? null : d.domain(),
        s.marks().stream().map(PlanJson::mark).toList(),
        s.changes().stream()
            .map(
                c ->
                    new ChangeDoc(
                        c.field(),
                        c.liveText(),
                        c.desiredText(),
                        c.inPlace(),
                        c.effect().name().toLowerCase(Locale.ROOT).replace('_', '-')))
            .toList(),
        s.impact(),
        keep == null || keep.isEmpty() || s.action() == Action.DELETE ? null : keep);
  }

  private static String mark(Mark m) {
    return m.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private record PlanDoc(
      String topology,
      boolean changes,
      List<StepDoc> steps,
      List<RefusalDoc> refusals,
      List<String> warnings,
      Map<String, Long> counts,
      List<String> unmanaged,
      @JsonInclude(JsonInclude.Include.NON_NULL) String adoptCommand) {}

  private record StepDoc(
      String action,
      String id,
      String kind,
      @JsonInclude(JsonInclude.Include.NON_NULL) String effect,
      @JsonInclude(JsonInclude.Include.NON_NULL) String domain,
      List<String> marks,
      List<ChangeDoc> changes,
      List<String> impact,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<String> unmodelled) {}

  private record ChangeDoc(
      String field, String live, String desired, boolean inPlace, String effect) {}

  private record RefusalDoc(
      String id,
      String reason,
      @JsonInclude(JsonInclude.Include.NON_NULL) String flag,
      @JsonInclude(JsonInclude.Include.NON_NULL) String adopt) {}
}
