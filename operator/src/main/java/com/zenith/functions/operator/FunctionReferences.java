package com.zenith.functions.operator;

import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.operator.resources.EnvResolver;
import com.zenith.functions.operator.resources.EnvResolver.Reference;
import com.zenith.functions.operator.resources.TriggerResource;
import java.util.ArrayList;
import java.util.List;

/** The names of the Secrets, ConfigMaps and Broker a Function refers to, for watch indexes. */
final class FunctionReferences {

  private FunctionReferences() {}

  /** The git Secret and every Secret env and envFrom name, optional ones included. */
  static List<String> secrets(Function fn) {
    List<String> names = new ArrayList<>();
    String git = fn.getSpec() == null ? null : fn.getSpec().gitAuthSecretName();
    if (git != null && !git.isEmpty()) {
      names.add(git);
    }
    names.addAll(named(fn, Reference.Kind.SECRET));
    return names.stream().distinct().toList();
  }

  /** Every ConfigMap env and envFrom name, optional ones included. */
  static List<String> configMaps(Function fn) {
    return named(fn, Reference.Kind.CONFIG_MAP);
  }

  static List<String> brokers(Function fn) {
    if (fn.getSpec() == null) {
      return List.of();
    }
    String broker = TriggerResource.broker(fn);
    return broker == null ? List.of() : List.of(broker);
  }

  private static List<String> named(Function fn, Reference.Kind kind) {
    return EnvResolver.references(fn, true).stream()
        .filter(r -> r.kind() == kind)
        .map(Reference::name)
        .toList();
  }
}
