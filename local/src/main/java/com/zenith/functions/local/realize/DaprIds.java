package com.zenith.functions.local.realize;

import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.local.process.FunctionEnvironment;

/** The Dapr app ID the gateway routes for a Function: only when its Dapr block is enabled. */
final class DaprIds {
  private DaprIds() {}

  static String appIdIfEnabled(Function fn) {
    var d = fn.getSpec().deploy() == null ? null : fn.getSpec().deploy().dapr();
    return d != null && Boolean.TRUE.equals(d.enabled()) ? FunctionEnvironment.appId(fn) : null;
  }
}
