package com.zenith.functions.operator.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The chart as real Helm (3.21, through helm-java) lints and renders it, parsed into objects: typed
 * where fabric8 has a model, {@code GenericKubernetesResource} for Tekton's Tasks.
 */
final class HelmChart {
  static final Path DEPLOY = Path.of("..", "deploy");
  static final Path CHART = DEPLOY.resolve("helm/zenith-operator");
  static final String RELEASE = "zenith-operator";
  static final String NAMESPACE = "zenith-system";
  static final String KUBE_VERSION = "1.30.0";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private HelmChart() {}

  /** {@code helm lint --strict} of the chart. */
  static LintResult lintStrict() {
    return new Helm(CHART).lint().strict().call();
  }

  /** {@code helm template} with the default values; the YAML Helm printed. */
  static String template() {
    return template(Map.of());
  }

  /**
   * {@code helm template} with {@code values} (a values file, so commas in values stay values); the
   * YAML Helm printed.
   */
  static String template(Map<String, Object> values) {
    var cmd =
        new Helm(CHART)
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION);
    if (values.isEmpty()) {
      return cmd.call();
    }
    try {
      Path file = Files.createTempFile("zenith-values", ".yaml");
      try {
        Files.writeString(file, SERIALIZATION.asYaml(values));
        return cmd.withValuesFile(file).call();
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The objects of a rendering. */
  static List<HasMetadata> objects(String rendered) {
    Object parsed = SERIALIZATION.unmarshal(rendered);
    List<HasMetadata> out = new ArrayList<>();
    if (parsed instanceof List<?> list) {
      list.forEach(o -> out.add((HasMetadata) o));
    } else {
      out.add((HasMetadata) parsed);
    }
    return out;
  }

  /** An object as a JSON tree, for the parts fabric8 does not type. */
  static JsonNode tree(HasMetadata object) {
    return SERIALIZATION.convertValue(object, JsonNode.class);
  }
}
