package com.zenith.functions.operator.resources;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zenith.functions.api.naming.FieldRefs;
import com.zenith.functions.api.v1alpha1.EnvFromSource;
import com.zenith.functions.api.v1alpha1.EnvVar;
import com.zenith.functions.api.v1alpha1.Function;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the Function's env and envFrom into the container's. As the original does, a fieldRef to
 * metadata.name, metadata.namespace or metadata.uid becomes a literal value taken from the
 * Function; unlike it (W20), any other fieldRef, a resourceFieldRef or a fileKeyRef is reported as
 * a problem instead of silently becoming an empty string.
 */
public final class EnvResolver {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private EnvResolver() {}

  /**
   * The resolved environment.
   *
   * @param env the container's env, in spec order
   * @param envFrom the container's envFrom
   * @param problems what cannot be honoured, one sentence each; empty when all is well
   */
  public record Resolution(
      List<io.fabric8.kubernetes.api.model.EnvVar> env,
      List<io.fabric8.kubernetes.api.model.EnvFromSource> envFrom,
      List<String> problems) {}

  /** A Secret or ConfigMap the env needs before the function can start. */
  public record Reference(Kind kind, String name) {

    /** The kind of object referenced. */
    public enum Kind {
      /** A core/v1 Secret. */
      SECRET,
      /** A core/v1 ConfigMap. */
      CONFIG_MAP
    }
  }

  /** Resolves env and envFrom of {@code fn}. */
  public static Resolution resolve(Function fn) {
    var deploy = fn.getSpec().deploy();
    List<io.fabric8.kubernetes.api.model.EnvVar> env = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<EnvVar> specEnv = deploy == null || deploy.env() == null ? List.of() : deploy.env();
    for (EnvVar e : specEnv) {
      var from = e.valueFrom();
      if (from == null) {
        env.add(new EnvVarBuilder().withName(e.name()).withValue(e.value()).build());
      } else if (from.fieldRef() != null) {
        String value = FieldRefs.value(fn, from.fieldRef().fieldPath());
        if (value == null) {
          problems.add(
              "env "
                  + e.name()
                  + ": fieldRef "
                  + from.fieldRef().fieldPath()
                  + " is not supported; use "
                  + FieldRefs.SUPPORTED_TEXT);
        } else {
          env.add(new EnvVarBuilder().withName(e.name()).withValue(value).build());
        }
      } else if (from.resourceFieldRef() != null) {
        problems.add(
            "env "
                + e.name()
                + ": resourceFieldRef cannot be honoured, functions get no resource limits to"
                + " read; set a literal value instead");
      } else if (from.fileKeyRef() != null) {
        problems.add(
            "env "
                + e.name()
                + ": fileKeyRef needs a volume and a function has none; use secretKeyRef or"
                + " configMapKeyRef");
      } else {
        env.add(MAPPER.convertValue(e, io.fabric8.kubernetes.api.model.EnvVar.class));
      }
    }
    List<EnvFromSource> specEnvFrom =
        deploy == null || deploy.envFrom() == null ? List.of() : deploy.envFrom();
    List<io.fabric8.kubernetes.api.model.EnvFromSource> envFrom =
        specEnvFrom.stream()
            .map(s -> MAPPER.convertValue(s, io.fabric8.kubernetes.api.model.EnvFromSource.class))
            .toList();
    return new Resolution(List.copyOf(env), envFrom, List.copyOf(problems));
  }

  /**
   * The Secrets and ConfigMaps that must exist before the function can start: every reference not
   * marked optional, in spec order, without duplicates.
   */
  public static List<Reference> requiredReferences(Function fn) {
    return references(fn, false);
  }

  /**
   * The Secrets and ConfigMaps env and envFrom refer to, in spec order, without duplicates; the
   * optional ones only when {@code includeOptional}.
   */
  public static List<Reference> references(Function fn, boolean includeOptional) {
    Set<Reference> refs = new LinkedHashSet<>();
    var deploy = fn.getSpec() == null ? null : fn.getSpec().deploy();
    if (deploy == null) {
      return List.of();
    }
    for (EnvVar e : deploy.env() == null ? List.<EnvVar>of() : deploy.env()) {
      var from = e.valueFrom();
      if (from != null && from.secretKeyRef() != null) {
        add(
            refs,
            Reference.Kind.SECRET,
            from.secretKeyRef().name(),
            from.secretKeyRef().optional(),
            includeOptional);
      }
      if (from != null && from.configMapKeyRef() != null) {
        add(
            refs,
            Reference.Kind.CONFIG_MAP,
            from.configMapKeyRef().name(),
            from.configMapKeyRef().optional(),
            includeOptional);
      }
    }
    for (EnvFromSource s : deploy.envFrom() == null ? List.<EnvFromSource>of() : deploy.envFrom()) {
      if (s.secretRef() != null) {
        add(
            refs,
            Reference.Kind.SECRET,
            s.secretRef().name(),
            s.secretRef().optional(),
            includeOptional);
      }
      if (s.configMapRef() != null) {
        add(
            refs,
            Reference.Kind.CONFIG_MAP,
            s.configMapRef().name(),
            s.configMapRef().optional(),
            includeOptional);
      }
    }
    return List.copyOf(refs);
  }

  private static void add(
      Set<Reference> refs,
      Reference.Kind kind,
      String name,
      Boolean optional,
      boolean includeOptional) {
    if (includeOptional || !Boolean.TRUE.equals(optional)) {
      refs.add(new Reference(kind, name));
    }
  }
}
