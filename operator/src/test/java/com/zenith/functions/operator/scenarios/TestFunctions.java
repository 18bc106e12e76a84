package com.zenith.functions.operator.scenarios;

import com.zenith.functions.api.v1alpha1.Function;

/** Fixture Functions for tests outside this package. */
public final class TestFunctions {

  private TestFunctions() {}

  /** A Function with a plain spec. */
  public static Function plain(String namespace, String name) {
    return Functions.function(namespace, name);
  }
}
