package com.zenith.functions.operator.resources;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Deep copies of model objects through JSON, so an overlay never mutates a cached object. */
final class DeepCopy {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DeepCopy() {}

  static <T> T of(T value, Class<T> type) {
    try {
      return MAPPER.readValue(MAPPER.writeValueAsBytes(value), type);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy a " + type.getSimpleName(), e);
    }
  }
}
