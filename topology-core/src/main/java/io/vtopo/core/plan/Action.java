package io.vtopo.core.plan;

/** What a plan step does to one object. */
public enum Action {
  /** Create an object that does not exist. */
  CREATE("+", "create"),
  /** Change an existing object in place. */
  MODIFY("~", "modify"),
  /** Delete and create again: a field cannot be changed in place. */
  REPLACE("-/+", "replace"),
  /** Delete an owned object the file no longer declares. */
  DELETE("-", "delete");

  private final String symbol;
  private final String verb;

  Action(String symbol, String verb) {
    this.symbol = symbol;
    this.verb = verb;
  }

  /** Terraform-style symbol. */
  public String symbol() {
    return symbol;
  }

  /** Lower-case verb. */
  public String verb() {
    return verb;
  }
}
