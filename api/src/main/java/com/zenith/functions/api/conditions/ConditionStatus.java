package com.zenith.functions.api.conditions;

/** The three values of a condition's status. */
public final class ConditionStatus {
  private ConditionStatus() {}

  /** The condition holds. */
  public static final String TRUE = "True";

  /** The condition does not hold. */
  public static final String FALSE = "False";

  /** Not known yet, usually because work is in progress. */
  public static final String UNKNOWN = "Unknown";
}
