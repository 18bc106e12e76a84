package com.zenith.functions.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code zenith render}: the operator's children of each Function, and its exit codes. */
class RenderCommandTest {
  private static final Path EVERY_FIELD =
      Path.of("..", "api", "src", "test", "resources", "valid", "every-field.yaml");
  private static final Path SEED = Path.of("..", "examples", "seed");
  private static final Path INVALID = Path.of("..", "api", "src", "test", "resources", "invalid");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** namespace/name of every Task the chart ships, as real Helm renders the chart. */
  private static Set<String> chartTasks;

  @BeforeAll
  static void renderTheChart() throws Exception {
    String rendered =
        new Helm(Path.of("..", "deploy", "helm", "zenith-operator"))
            .template()
            .withName("zenith-operator")
            .withNamespace("zenith-system")
            .withKubeVersion("1.30.0")
            .call();
    chartTasks = new TreeSet<>();
    for (JsonNode doc : documents(rendered)) {
      if ("Task".equals(doc.path("kind").asText())) {
        chartTasks.add(
            doc.at("/metadata/namespace").asText() + "/" + doc.at("/metadata/name").asText());
      }
    }
    assertThat(chartTasks).hasSize(2);
  }

  @Test
  void aFunctionUsingEveryFieldGivesEveryChildAndOnlyTheChartsTasks() throws Exception {
    CliRun.Result r = CliRun.inProcess("render", EVERY_FIELD.toString());

    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    List<JsonNode> docs = documents(r.out());
    assertThat(docs)
        .extracting(d -> d.path("kind").asText() + "/" + d.at("/metadata/name").asText())
        .containsExactly(
            "ServiceAccount/everything-sa",
            "PipelineRun/" + docs.get(1).at("/metadata/name").asText(),
            "Instrumentation/zenith-instrumentation",
            "Service/everything",
            "Trigger/everything-trigger");
    assertThat(docs)
        .allSatisfy(d -> assertThat(d.at("/metadata/namespace").asText()).isEqualTo("payments"));

    JsonNode sa = docs.get(0);
    assertThat(names(sa.path("secrets"))).containsExactly("github-auth", "registry-auth");
    assertThat(names(sa.path("imagePullSecrets"))).containsExactly("registry-auth");

    JsonNode pr = docs.get(1);
    assertThat(pr.at("/metadata/name").asText()).matches("everything-build-[0-9a-f]{10}");
    assertThat(pr.at("/metadata/annotations/functions.zenith.com~1generation").asText())
        .isEqualTo("1");
    Set<String> referenced = new TreeSet<>();
    for (JsonNode task : pr.at("/spec/pipelineSpec/tasks")) {
      JsonNode ref = task.path("taskRef");
      assertThat(ref.path("resolver").asText()).isEqualTo("cluster");
      referenced.add(param(ref, "namespace") + "/" + param(ref, "name"));
    }
    assertThat(chartTasks).containsAll(referenced);
    assertThat(referenced).hasSize(2);
    assertThat(pr.at("/spec/taskRunTemplate/podTemplate/securityContext/fsGroup").asLong())
        .isEqualTo(65532L);

    JsonNode container = docs.get(3).at("/spec/template/spec/containers/0");
    assertThat(container.path("image").asText())
        .isEqualTo(
            "registry.registry.svc.cluster.local:5000/zenith/everything:latest@sha256:"
                + "0".repeat(64));
    assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(3000);
    assertThat(container.path("env").toString())
        .contains("\"name\":\"POD_NAME\",\"value\":\"everything\"")
        .contains("\"OTEL_EXPORTER_OTLP_ENDPOINT\"");
    assertThat(docs.get(3).at("/spec/template/metadata/annotations/dapr.io~1app-id").asText())
        .isEqualTo("everything");
    assertThat(docs.get(3).at("/spec/template/spec/timeoutSeconds").asLong()).isEqualTo(120L);

    JsonNode trigger = docs.get(4);
    assertThat(trigger.at("/spec/broker").asText()).isEqualTo("default");
    assertThat(trigger.at("/spec/filter/attributes/type").asText())
        .isEqualTo("com.example.transaction.created");
  }

  @Test
  void aDigestGivenIsTheImageTheServiceRuns() throws Exception {
    String digest = "sha256:" + "ab".repeat(32);
    CliRun.Result r = CliRun.inProcess("render", "--digest", digest, SEED.toString());

    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    List<JsonNode> services =
        documents(r.out()).stream().filter(d -> "Service".equals(d.path("kind").asText())).toList();
    assertThat(services).hasSize(3);
    assertThat(services)
        .allSatisfy(
            s ->
                assertThat(s.at("/spec/template/spec/containers/0/image").asText())
                    .endsWith("@" + digest));
    // Plain HTTP functions: no Trigger, no Instrumentation.
    assertThat(documents(r.out()))
        .extracting(d -> d.path("kind").asText())
        .doesNotContain("Trigger", "Instrumentation");
  }

  @Test
  void anInvalidManifestExitsOneWithThePositionedErrorAndPrintsNoYaml() {
    Path file = INVALID.resolve("12-min-greater-than-max.yaml");
    CliRun.Result r = CliRun.inProcess("render", file.toString());

    assertThat(r.code()).isEqualTo(ExitCodes.INVALID);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .containsPattern(java.util.regex.Pattern.quote(file.toString()) + ":\\d+:\\d+: error: ");
    assertThat(r.err()).doesNotContain("Exception");
  }

  @Test
  void aMissingFileExitsOne() {
    CliRun.Result r = CliRun.inProcess("render", "no-such-file.yaml");

    assertThat(r.code()).isEqualTo(ExitCodes.INVALID);
    assertThat(r.err()).contains("no-such-file.yaml");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aMalformedDigestOrNoPathIsAUsageError() {
    CliRun.Result bad = CliRun.inProcess("render", "--digest", "sha256:xyz", SEED.toString());
    assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("sha256:xyz").contains("64 hex digits");
    assertThat(CliRun.inProcess("render").code()).isEqualTo(ExitCodes.USAGE);
  }

  private static String param(JsonNode ref, String name) {
    for (JsonNode p : ref.path("params")) {
      if (name.equals(p.path("name").asText())) {
        return p.path("value").asText();
      }
    }
    throw new AssertionError("no param " + name + " in " + ref);
  }

  private static List<String> names(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path("name").asText()));
    return out;
  }

  private static List<JsonNode> documents(String yaml) throws Exception {
    List<JsonNode> docs = new ArrayList<>();
    try (var parser = YAML.createParser(yaml)) {
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode n = it.next();
        if (n != null && !n.isNull() && !n.isEmpty()) {
          docs.add(n);
        }
      }
    }
    return docs;
  }
}
