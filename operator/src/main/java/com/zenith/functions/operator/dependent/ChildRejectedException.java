package com.zenith.functions.operator.dependent;

/**
 * The API server (or an admission webhook such as Knative's) refused a child as invalid. Retrying
 * cannot help; only a change of the Function's spec can, so the steps report it as InvalidSpec.
 */
public final class ChildRejectedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  ChildRejectedException(String kind, String name, String reason) {
    super(kind + " " + name + " was rejected: " + reason);
  }
}
