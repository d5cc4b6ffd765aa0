package io.vtopo.core.plan;

/**
 * One field that differs between the live object and the file.
 *
 * @param field field name as in the file ({@code mtu}, {@code addresses})
 * @param live live value, or "(none)"
 * @param desired desired value, or "(none)"
 * @param inPlace false when this field forces a replacement
 */
public record FieldChange(String field, String live, String desired, boolean inPlace) {
  @Override
  public String toString() {
    return field + ": " + live + " -> " + desired + (inPlace ? "" : " (forces replacement)");
  }
}
