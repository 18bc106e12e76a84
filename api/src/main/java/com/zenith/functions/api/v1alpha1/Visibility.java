package com.zenith.functions.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

/** Who can reach the function. */
public enum Visibility {
  /** Inside the cluster only. */
  @JsonProperty("cluster-local")
  CLUSTER_LOCAL("cluster-local"),
  /** Also from outside, under the cluster's domain. */
  @JsonProperty("external")
  EXTERNAL("external");

  private final String value;

  Visibility(String value) {
    this.value = value;
  }

  /** The value as written in manifests. */
  @JsonValue
  public String value() {
    return value;
  }
}
