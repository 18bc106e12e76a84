package com.zenith.functions.operator.resources;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Semantic equality of model objects: equal when they serialize to the same JSON tree. fabric8
 * models distinguish a null list from an empty one in {@code equals}, though both mean the same on
 * the wire; comparing trees (whose object fields are unordered) avoids writes that change nothing.
 */
public final class Equivalence {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Equivalence() {}

  /** True when {@code a} and {@code b} say the same thing to the API server. */
  public static boolean same(Object a, Object b) {
    return MAPPER.valueToTree(a).equals(MAPPER.valueToTree(b));
  }
}
