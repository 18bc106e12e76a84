package com.zenith.functions.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CRD generated from the model has what kubectl users rely on, and the chart ships it. */
class FunctionCrdTest {
  private static final JsonNode CRD = FunctionCrd.load().definition();
  private static final JsonNode SCHEMA = FunctionCrd.load().schema();
  private static final Path CHART_COPY =
      Path.of(
          "..",
          "deploy",
          "helm",
          "zenith-operator",
          "crds",
          "functions.functions.zenith.com-v1.yml");

  @Test
  void namesTheResourceAsTheOriginalWithShortNamesFnAndFns() {
    JsonNode names = CRD.path("spec").path("names");
    assertThat(CRD.path("metadata").path("name").asText())
        .isEqualTo("functions.functions.zenith.com");
    assertThat(CRD.path("spec").path("group").asText()).isEqualTo("functions.zenith.com");
    assertThat(names.path("kind").asText()).isEqualTo("Function");
    assertThat(names.path("plural").asText()).isEqualTo("functions");
    assertThat(texts(names.path("shortNames"))).containsExactlyInAnyOrder("fn", "fns");
    assertThat(CRD.path("spec").path("scope").asText()).isEqualTo("Namespaced");
  }

  @Test
  void servesV1alpha1WithAStatusSubresource() {
    JsonNode version = CRD.path("spec").path("versions").get(0);
    assertThat(version.path("name").asText()).isEqualTo("v1alpha1");
    assertThat(version.path("served").asBoolean()).isTrue();
    assertThat(version.path("storage").asBoolean()).isTrue();
    assertThat(version.path("subresources").has("status")).isTrue();
  }

  @Test
  void printerColumnsShowReadyReasonUrlAndAge() {
    JsonNode columns = CRD.path("spec").path("versions").get(0).path("additionalPrinterColumns");
    List<String> names = new ArrayList<>();
    columns.forEach(c -> names.add(c.path("name").asText()));
    assertThat(names).contains("Ready", "Reason", "URL", "Age");
    assertThat(column(columns, "Ready").path("jsonPath").asText())
        .isEqualTo(".status.conditions[?(@.type==\"Ready\")].status");
    assertThat(column(columns, "Reason").path("jsonPath").asText())
        .isEqualTo(".status.conditions[?(@.type==\"Ready\")].reason");
    assertThat(column(columns, "URL").path("jsonPath").asText()).isEqualTo(".status.url");
    assertThat(column(columns, "Age").path("type").asText()).isEqualTo("date");
  }

  @Test
  void printerColumnsComeInTheOrderKubectlShowsThemNotSortedByTheGenerator() {
    JsonNode columns = CRD.path("spec").path("versions").get(0).path("additionalPrinterColumns");
    List<String> names = new ArrayList<>();
    columns.forEach(c -> names.add(c.path("name").asText()));
    assertThat(names)
        .as("the api build's PrinterColumnOrder step puts them in Function's declared order")
        .containsExactly("Ready", "Reason", "URL", "Image", "Age");
    assertThat(column(columns, "Image").path("priority").asInt()).as("wide only").isEqualTo(1);
  }

  @Test
  void defaultsGitRevisionToMainAndVisibilityToClusterLocal() {
    JsonNode spec = SCHEMA.path("properties").path("spec").path("properties");
    assertThat(spec.path("gitRevision").path("default").asText()).isEqualTo("main");
    assertThat(spec.at("/deploy/properties/visibility/default").asText())
        .isEqualTo("cluster-local");
    assertThat(texts(spec.at("/deploy/properties/visibility/enum")))
        .containsExactly("cluster-local", "external");
  }

  @Test
  void requiresGitRepoBuildAndDeploy() {
    JsonNode spec = SCHEMA.path("properties").path("spec");
    assertThat(texts(spec.path("required")))
        .containsExactlyInAnyOrder("gitRepo", "build", "deploy");
    assertThat(texts(spec.at("/properties/build/required"))).containsExactly("image");
  }

  @Test
  void carriesTheCelRulesForScaleFiltersAndEnv() {
    JsonNode deploy = SCHEMA.at("/properties/spec/properties/deploy/properties");
    assertThat(rules(deploy.path("scale")))
        .anyMatch(r -> r.contains("self.minScale <= self.maxScale"));
    assertThat(rules(SCHEMA.at("/properties/spec/properties/eventing")))
        .anyMatch(r -> r.contains("self.filters.all(k, k.matches('^[a-z][a-z0-9]*$'))"));
    assertThat(rules(deploy.path("env").path("items"))).isNotEmpty();
    assertThat(rules(deploy.path("envFrom").path("items"))).isNotEmpty();
  }

  @Test
  void theRootRuleRefusesOnTheApiServerTheNamesZenithValidateRefuses() throws Exception {
    JsonNode root = SCHEMA.path("x-kubernetes-validations");
    assertThat(root).as("root x-kubernetes-validations").hasSize(1);
    String rule = root.get(0).path("rule").asText();
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    CelRules cel = new CelRules();
    String longest = "a".repeat(com.zenith.functions.api.naming.FunctionNames.MAX_FUNCTION_NAME);

    assertThat(cel.evaluate(rule, mapper.readTree("{\"metadata\":{\"name\":\"" + longest + "\"}}")))
        .isInstanceOf(CelRules.Passed.class);
    assertThat(
            cel.evaluate(rule, mapper.readTree("{\"metadata\":{\"name\":\"" + longest + "b\"}}")))
        .isInstanceOf(CelRules.Failed.class);

    String manifest =
        "apiVersion: functions.zenith.com/v1alpha1\nkind: Function\nmetadata:\n  name: "
            + longest
            + "b\nspec:\n  gitRepo: https://example.com/a.git\n  build: {image: reg.example.com/a:1}\n"
            + "  deploy: {}\n";
    ValidationResult result =
        new ManifestValidator()
            .validateBytes("long.yaml", manifest.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(result.errors())
        .as("one error, not one from the validator and another from the CRD rule")
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.message())
                    .contains(root.get(0).path("message").asText().substring(14)));
  }

  @Test
  void boundsAppPortAndPatternsSamplingRate() {
    JsonNode deploy = SCHEMA.at("/properties/spec/properties/deploy/properties");
    assertThat(deploy.at("/dapr/properties/appPort/minimum").asInt()).isEqualTo(1);
    assertThat(deploy.at("/dapr/properties/appPort/maximum").asInt()).isEqualTo(65535);
    assertThat(
            SCHEMA
                .at(
                    "/properties/spec/properties/observability/properties/tracing/properties/samplingRate/pattern")
                .asText())
        .isEqualTo("^(0(\\.\\d+)?|1(\\.0+)?)$");
  }

  @Test
  void everyFieldHasADescription() {
    List<String> missing = new ArrayList<>();
    collectMissingDescriptions(SCHEMA.path("properties").path("spec"), "spec", missing);
    collectMissingDescriptions(SCHEMA.path("properties").path("status"), "status", missing);
    assertThat(missing).isEmpty();
  }

  @Test
  void theHelmChartShipsExactlyTheGeneratedCrd() throws Exception {
    Path generated =
        Path.of(FunctionCrdTest.class.getClassLoader().getResource(FunctionCrd.RESOURCE).toURI());

    assertThat(CHART_COPY).exists();
    assertThat(Files.readString(CHART_COPY))
        .as(
            "deploy/helm/zenith-operator/crds must equal the CRD generated from the model; run"
                + " mvn -B -q -pl api -Pupdate-crd process-classes and commit the file")
        .isEqualTo(Files.readString(generated));
  }

  private static void collectMissingDescriptions(JsonNode schema, String path, List<String> out) {
    if (!schema.has("description")) {
      out.add(path);
    }
    schema
        .path("properties")
        .properties()
        .forEach(e -> collectMissingDescriptions(e.getValue(), path + "." + e.getKey(), out));
    if (schema.has("items")) {
      JsonNode items = schema.get("items");
      items
          .path("properties")
          .properties()
          .forEach(e -> collectMissingDescriptions(e.getValue(), path + "[]." + e.getKey(), out));
    }
  }

  private static JsonNode column(JsonNode columns, String name) {
    for (JsonNode c : columns) {
      if (name.equals(c.path("name").asText())) {
        return c;
      }
    }
    throw new AssertionError("no column " + name);
  }

  private static List<String> rules(JsonNode schema) {
    List<String> out = new ArrayList<>();
    schema.path("x-kubernetes-validations").forEach(r -> out.add(r.path("rule").asText()));
    return out;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
