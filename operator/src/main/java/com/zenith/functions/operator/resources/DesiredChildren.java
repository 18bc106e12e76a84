package com.zenith.functions.operator.resources;

import com.zenith.functions.api.v1alpha1.Function;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * Every child the operator creates for a Function, in the order it creates them (ServiceAccount,
 * PipelineRun, Instrumentation, Knative Service, Trigger), built by the same pure builders the
 * reconcile steps call. For {@code zenith render}: what a cluster will get, before applying.
 *
 * @param objects the children, each only where the spec asks for it
 * @param problems why the Knative Service cannot be built (env sources the operator refuses); the
 *     operator reports them as {@code InvalidSpec}; empty when every child was built
 */
public record DesiredChildren(List<HasMetadata> objects, List<String> problems) {

  /**
   * The children of {@code fn}, its Service running {@code imageDigest} ({@code image@sha256:...}:
   * what the build would produce).
   */
  public static DesiredChildren of(Function fn, ChildSettings settings, String imageDigest) {
    List<HasMetadata> out = new ArrayList<>();
    out.add(ServiceAccountResource.desired(fn));
    // Nothing is resolved here: the build clones the revision by name, as before the first
    // ls-remote.
    out.add(PipelineRunResource.desired(fn, settings, null));
    if (InstrumentationResource.wanted(fn)) {
      out.add(InstrumentationResource.desired(fn, settings));
    }
    EnvResolver.Resolution env = EnvResolver.resolve(fn);
    if (!env.problems().isEmpty()) {
      return new DesiredChildren(List.copyOf(out), env.problems());
    }
    out.add(KnativeServiceResource.desired(fn, imageDigest, env, settings));
    if (TriggerResource.wanted(fn)) {
      out.add(TriggerResource.desired(fn));
    }
    return new DesiredChildren(List.copyOf(out), List.of());
  }
}
