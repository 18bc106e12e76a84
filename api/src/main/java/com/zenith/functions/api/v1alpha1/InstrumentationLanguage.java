package com.zenith.functions.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

/** Languages the OpenTelemetry operator can auto-instrument. */
public enum InstrumentationLanguage {
  /** Go (eBPF agent). */
  @JsonProperty("go")
  GO("go"),
  /** Java agent. */
  @JsonProperty("java")
  JAVA("java"),
  /** Node.js. */
  @JsonProperty("nodejs")
  NODEJS("nodejs"),
  /** Python. */
  @JsonProperty("python")
  PYTHON("python"),
  /** .NET. */
  @JsonProperty("dotnet")
  DOTNET("dotnet");

  private final String value;

  InstrumentationLanguage(String value) {
    this.value = value;
  }

  /** The value as written in manifests. */
  @JsonValue
  public String value() {
    return value;
  }
}
