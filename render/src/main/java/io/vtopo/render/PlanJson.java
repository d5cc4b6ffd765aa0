package io.vtopo.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vtopo.core.plan.Action;
import io.vtopo.core.plan.Mark;
import io.vtopo.core.plan.Plan;
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
    List<StepDoc> steps = p.steps().stream().map(PlanJson::step).toList();
    List<RefusalDoc> refusals =
        p.refusals().stream()
            .map(r -> new RefusalDoc(r.id().toString(), r.reason(), r.flag()))
            .toList();
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Action a : Action.values()) {
      counts.put(a.verb(), p.count(a));
    }
    return Json.pretty(
        new PlanDoc(p.topology(), !p.isEmpty(), steps, refusals, p.warnings(), counts));
  }

  private static StepDoc step(Step s) {
    // A device step also says what the running guest sees: live, next boot, hot-plug, hot-unplug,
    // config only.
    Step.DeviceStep d = s instanceof Step.DeviceStep ds ? ds : null;
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
        s.impact());
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
      Map<String, Long> counts) {}

  private record StepDoc(
      String action,
      String id,
      String kind,
      @JsonInclude(JsonInclude.Include.NON_NULL) String effect,
      @JsonInclude(JsonInclude.Include.NON_NULL) String domain,
      List<String> marks,
      List<ChangeDoc> changes,
      List<String> impact) {}

  private record ChangeDoc(
      String field, String live, String desired, boolean inPlace, String effect) {}

  private record RefusalDoc(
      String id, String reason, @JsonInclude(JsonInclude.Include.NON_NULL) String flag) {}
}
