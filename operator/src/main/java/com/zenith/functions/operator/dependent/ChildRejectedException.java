package com.zenith.functions.operator.dependent;

import com.zenith.functions.api.conditions.FunctionMessages;
import com.zenith.functions.api.conditions.Reasons;

/**
 * The API server (or an admission webhook such as Knative's) refused a child: as invalid (400,
 * 422), which only a change of the Function's spec can fix, or as forbidden (403: RBAC, or an
 * admission plugin such as OwnerReferencesPermissionEnforcement), which only the cluster's
 * administrator can fix. The steps turn either into a condition on the Function.
 */
public final class ChildRejectedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final boolean forbidden;
  private final String kind;
  private final String name;
  private final String detail;

  ChildRejectedException(String kind, String name, String detail, boolean forbidden) {
    super(kind + " " + name + " was rejected: " + detail);
    this.kind = kind;
    this.name = name;
    this.detail = detail;
    this.forbidden = forbidden;
  }

  /** The condition reason: {@code Forbidden} or {@code InvalidSpec}. */
  public String reason() {
    return forbidden ? Reasons.FORBIDDEN : Reasons.INVALID_SPEC;
  }

  /** The condition message. */
  public String conditionMessage() {
    return forbidden
        ? FunctionMessages.forbidden(kind, name, detail)
        : FunctionMessages.invalidSpec(getMessage());
  }
}
