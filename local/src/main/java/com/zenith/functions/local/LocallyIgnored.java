package com.zenith.functions.local;

import com.zenith.functions.api.v1alpha1.Function;
import java.util.ArrayList;
import java.util.List;

/** The fields of a Function that zenith dev does not apply, so the status view can say so. */
public final class LocallyIgnored {
  private LocallyIgnored() {}

  /** Human-readable notes, one per ignored field. */
  public static List<String> fields(Function fn, boolean localSource) {
    List<String> out = new ArrayList<>();
    var spec = fn.getSpec();
    if (localSource && spec.gitAuthSecretName() != null) {
      out.add("gitAuthSecretName (the source is a local directory)");
    }
    out.add("build.image (nothing is pushed locally)");
    if (spec.build().registrySecretName() != null) {
      out.add("build.registrySecretName");
    }
    if (spec.deploy().scale() != null) {
      out.add("deploy.scale (one process per function)");
    }
    if (spec.deploy().dapr() != null && Boolean.TRUE.equals(spec.deploy().dapr().enabled())) {
      out.add(
          "dapr sidecar (the gateway serves Dapr's service invocation instead, at DAPR_HTTP_PORT"
              + " and DAPR_GRPC_PORT)");
    }
    return out;
  }
}
