package com.zenith.functions.operator;

import com.zenith.functions.api.v1alpha1.EnvFromSource;
import com.zenith.functions.api.v1alpha1.EnvVar;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.operator.resources.TriggerResource;
import java.util.ArrayList;
import java.util.List;

/** The names of the Secrets, ConfigMaps and Broker a Function refers to, for watch indexes. */
final class FunctionReferences {

  private FunctionReferences() {}

  static List<String> secrets(Function fn) {
    List<String> names = new ArrayList<>();
    var spec = fn.getSpec();
    if (spec == null) {
      return names;
    }
    if (spec.gitAuthSecretName() != null && !spec.gitAuthSecretName().isEmpty()) {
      names.add(spec.gitAuthSecretName());
    }
    for (EnvVar e : env(fn)) {
      if (e.valueFrom() != null && e.valueFrom().secretKeyRef() != null) {
        names.add(e.valueFrom().secretKeyRef().name());
      }
    }
    for (EnvFromSource s : envFrom(fn)) {
      if (s.secretRef() != null) {
        names.add(s.secretRef().name());
      }
    }
    return names.stream().distinct().toList();
  }

  static List<String> configMaps(Function fn) {
    List<String> names = new ArrayList<>();
    for (EnvVar e : env(fn)) {
      if (e.valueFrom() != null && e.valueFrom().configMapKeyRef() != null) {
        names.add(e.valueFrom().configMapKeyRef().name());
      }
    }
    for (EnvFromSource s : envFrom(fn)) {
      if (s.configMapRef() != null) {
        names.add(s.configMapRef().name());
      }
    }
    return names.stream().distinct().toList();
  }

  static List<String> brokers(Function fn) {
    if (fn.getSpec() == null) {
      return List.of();
    }
    String broker = TriggerResource.broker(fn);
    return broker == null ? List.of() : List.of(broker);
  }

  private static List<EnvVar> env(Function fn) {
    var d = fn.getSpec() == null ? null : fn.getSpec().deploy();
    return d == null || d.env() == null ? List.of() : d.env();
  }

  private static List<EnvFromSource> envFrom(Function fn) {
    var d = fn.getSpec() == null ? null : fn.getSpec().deploy();
    return d == null || d.envFrom() == null ? List.of() : d.envFrom();
  }
}
