package com.zenith.functions.operator.resources;

import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.Function;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The ServiceAccount {@code <fn>-sa} the build and the function run as. The git Secret and the
 * registry Secret go in {@code secrets} (where Tekton's credential initialisation looks); the
 * registry Secret also goes in {@code imagePullSecrets} (where the kubelet looks) (W11). The names
 * the operator put there are remembered in an annotation, so that a Secret the spec stops naming is
 * removed again while Secrets added by others stay (W12).
 */
public final class ServiceAccountResource {

  /** Annotation listing the Secret names this operator added to the ServiceAccount. */
  public static final String MANAGED_SECRETS_ANNOTATION = "functions.zenith.com/managed-secrets";

  private ServiceAccountResource() {}

  /** The desired ServiceAccount. */
  public static ServiceAccount desired(Function fn) {
    var spec = fn.getSpec();
    List<String> secrets = new ArrayList<>();
    if (spec.gitAuthSecretName() != null && !spec.gitAuthSecretName().isEmpty()) {
      secrets.add(spec.gitAuthSecretName());
    }
    String registry = spec.build() == null ? null : spec.build().registrySecretName();
    List<String> pullSecrets = new ArrayList<>();
    if (registry != null && !registry.isEmpty()) {
      if (!secrets.contains(registry)) {
        secrets.add(registry);
      }
      pullSecrets.add(registry);
    }
    var meta = ChildMetadata.of(fn, FunctionNames.serviceAccount(fn.getMetadata().getName()));
    if (!secrets.isEmpty()) {
      meta.setAnnotations(Map.of(MANAGED_SECRETS_ANNOTATION, String.join(",", secrets)));
    }
    return new ServiceAccountBuilder()
        .withMetadata(meta)
        .withSecrets(
            ChildMetadata.nullIfEmpty(secrets.stream().map(ServiceAccountResource::ref).toList()))
        .withImagePullSecrets(
            ChildMetadata.nullIfEmpty(pullSecrets.stream().map(LocalObjectReference::new).toList()))
        .build();
  }

  /**
   * The observed ServiceAccount with the desired Secrets applied: ours added, ours no longer wanted
   * removed, everybody else's kept. Equal to {@code observed} when nothing needs writing.
   */
  public static ServiceAccount overlay(ServiceAccount observed, ServiceAccount desired) {
    ServiceAccount out = DeepCopy.of(observed, ServiceAccount.class);
    Set<String> previouslyOurs = managed(observed);
    Set<String> nowOurs = managed(desired);
    Map<String, String> labels =
        new HashMap<>(Objects.requireNonNullElse(out.getMetadata().getLabels(), Map.of()));
    labels.putAll(desired.getMetadata().getLabels());
    out.getMetadata().setLabels(labels);
    Map<String, String> annotations =
        new HashMap<>(Objects.requireNonNullElse(out.getMetadata().getAnnotations(), Map.of()));
    if (nowOurs.isEmpty()) {
      annotations.remove(MANAGED_SECRETS_ANNOTATION);
    } else {
      annotations.put(MANAGED_SECRETS_ANNOTATION, String.join(",", nowOurs));
    }
    out.getMetadata().setAnnotations(ChildMetadata.nullIfEmpty(annotations));

    List<ObjectReference> secrets = new ArrayList<>();
    for (ObjectReference r :
        Objects.requireNonNullElse(observed.getSecrets(), List.<ObjectReference>of())) {
      if (!previouslyOurs.contains(r.getName()) || nowOurs.contains(r.getName())) {
        secrets.add(r);
      }
    }
    for (ObjectReference r :
        Objects.requireNonNullElse(desired.getSecrets(), List.<ObjectReference>of())) {
      if (secrets.stream().noneMatch(s -> Objects.equals(s.getName(), r.getName()))) {
        secrets.add(r);
      }
    }
    out.setSecrets(ChildMetadata.nullIfEmpty(secrets));

    List<LocalObjectReference> pulls = new ArrayList<>();
    Set<String> wantedPulls = new LinkedHashSet<>();
    Objects.requireNonNullElse(desired.getImagePullSecrets(), List.<LocalObjectReference>of())
        .forEach(r -> wantedPulls.add(r.getName()));
    for (LocalObjectReference r :
        Objects.requireNonNullElse(
            observed.getImagePullSecrets(), List.<LocalObjectReference>of())) {
      if (!previouslyOurs.contains(r.getName()) || wantedPulls.contains(r.getName())) {
        pulls.add(r);
      }
    }
    for (String name : wantedPulls) {
      if (pulls.stream().noneMatch(p -> Objects.equals(p.getName(), name))) {
        pulls.add(new LocalObjectReference(name));
      }
    }
    out.setImagePullSecrets(ChildMetadata.nullIfEmpty(pulls));
    return out;
  }

  private static Set<String> managed(ServiceAccount sa) {
    Map<String, String> annotations = sa.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(MANAGED_SECRETS_ANNOTATION);
    if (value == null || value.isEmpty()) {
      return Set.of();
    }
    return new LinkedHashSet<>(Arrays.asList(value.split(",")));
  }

  private static ObjectReference ref(String name) {
    return new ObjectReferenceBuilder().withName(name).build();
  }
}
