package com.zenith.functions.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.zenith.functions.operator.OperatorConfig;
import com.zenith.functions.operator.resources.ChildSettings;
import com.zenith.functions.operator.resources.PipelineRunResource;
import com.zenith.functions.operator.resources.ResourceFixtures;
import com.zenith.functions.operator.tekton.PipelineRun;
import com.zenith.functions.operator.tekton.PipelineRunSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Tekton Tasks the chart ships, as real Helm renders them, and the PipelineRun the operator
 * builds with the settings the rendered Deployment gives it: it must reference only those Tasks and
 * pass only the params they declare.
 */
class ChartTasksTest {

  private static final Pattern BY_DIGEST = Pattern.compile(".+@sha256:[0-9a-f]{64}");

  private static List<HasMetadata> objects;

  @BeforeAll
  static void render() {
    objects = HelmChart.objects(HelmChart.template());
  }

  @Test
  void installsTwoVersionedTasksInTheReleaseNamespaceLabelledWithTheChartVersion() {
    List<JsonNode> tasks = tasks(objects);
    assertThat(tasks)
        .extracting(
            t -> t.at("/metadata/namespace").asText() + "/" + t.at("/metadata/name").asText())
        .containsExactlyInAnyOrder(
            "zenith-system/" + ChildSettings.CHART_GIT_CLONE_TASK,
            "zenith-system/" + ChildSettings.CHART_BUILDPACKS_TASK);
    for (JsonNode t : tasks) {
      assertThat(t.at("/apiVersion").asText()).isEqualTo("tekton.dev/v1");
      assertThat(t.at("/metadata/labels/app.kubernetes.io~1version").asText()).isEqualTo("0.1.0");
    }
  }

  @Test
  void cloneTaskTakesUrlAndRevisionGivesCommitAndUrlAndRunsAsNonRootByDigest() {
    JsonNode clone = task(objects, ChildSettings.CHART_GIT_CLONE_TASK);
    assertThat(names(clone.at("/spec/params"))).contains("url", "revision");
    assertThat(names(clone.at("/spec/results"))).containsExactlyInAnyOrder("commit", "url");
    assertThat(names(clone.at("/spec/workspaces"))).containsExactly("output");
    JsonNode step = clone.at("/spec/steps/0");
    assertThat(step.path("image").asText()).matches(BY_DIGEST);
    assertThat(step.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(step.at("/securityContext/runAsUser").asLong()).isEqualTo(65532L);
    assertThat(step.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
    // Params reach the script as variables only: no $(params...) spliced into shell text.
    assertThat(step.path("script").asText()).doesNotContain("$(params.");
  }

  @Test
  void buildTaskRunsTheCreatorInTheBuilderAndGivesDigestAndUrl() {
    JsonNode build = task(objects, ChildSettings.CHART_BUILDPACKS_TASK);
    assertThat(names(build.at("/spec/params")))
        .contains("APP_IMAGE", "BUILDER_IMAGE", "SOURCE_SUBPATH", "RUN_IMAGE", "CACHE_IMAGE");
    assertThat(names(build.at("/spec/results")))
        .containsExactlyInAnyOrder("IMAGE_DIGEST", "IMAGE_URL");
    assertThat(names(build.at("/spec/workspaces"))).containsExactly("source");
    JsonNode step = build.at("/spec/steps/0");
    assertThat(step.path("image").asText()).isEqualTo("$(params.BUILDER_IMAGE)");
    assertThat(step.path("script").asText())
        .contains("/cnb/lifecycle/creator")
        .doesNotContain("$(params.");
    assertThat(param(build, "BUILDER_IMAGE").path("default").asText()).matches(BY_DIGEST);
  }

  @Test
  void everyImageTheDeploymentGivesTheBuildsIsPinnedByDigest() {
    Map<String, String> env = operatorEnv(objects);
    assertThat(env.get("ZENITH_BUILDER_IMAGE")).matches(BY_DIGEST);
    assertThat(env.get("ZENITH_RUN_IMAGE")).matches(BY_DIGEST);
    assertThat(env.get("ZENITH_BUILD_FS_GROUP")).isEqualTo("65532");
  }

  /** The PipelineRun of the operator configured by the rendered chart fits the rendered Tasks. */
  @Test
  void theOperatorsPipelineRunFitsTheShippedTasks() {
    assertFits(objects);
    assertFits(
        HelmChart.objects(
            HelmChart.template(
                Map.of(
                    "build",
                    Map.of("fsGroup", 1000, "insecureRegistries", "registry.example.com")))));
  }

  @Test
  void fsGroupComesFromTheValues() {
    var rendered = HelmChart.objects(HelmChart.template(Map.of("build", Map.of("fsGroup", 1000))));
    ChildSettings settings = OperatorConfig.fromEnv(operatorEnv(rendered)).children();
    PipelineRun pr = PipelineRunResource.desired(ResourceFixtures.plain(), settings, null);
    assertThat(pr.getSpec().taskRunTemplate().podTemplate().securityContext().getFsGroup())
        .isEqualTo(1000L);
  }

  @Test
  void ownTasksInsteadOfTheChartsNeedTheirNames() {
    assertThatThrownBy(
            () -> HelmChart.template(Map.of("build", Map.of("tasks", Map.of("install", false)))))
        .hasMessageContaining("build.tasks.gitClone is required");
    var own =
        HelmChart.objects(
            HelmChart.template(
                Map.of(
                    "build",
                    Map.of(
                        "tasks",
                        Map.of(
                            "install", false,
                            "namespace", "",
                            "gitClone", "my-clone",
                            "buildpacks", "my-build")))));
    assertThat(tasks(own)).isEmpty();
    Map<String, String> env = operatorEnv(own);
    assertThat(env).containsEntry("ZENITH_TASKS_NAMESPACE", "");
    assertThat(env).containsEntry("ZENITH_GIT_CLONE_TASK", "my-clone");
    assertThat(env).containsEntry("ZENITH_BUILDPACKS_TASK", "my-build");
  }

  private static void assertFits(List<HasMetadata> rendered) {
    ChildSettings settings = OperatorConfig.fromEnv(operatorEnv(rendered)).children();
    var fn =
        ResourceFixtures.fn(
            "v1.2.0",
            null,
            new com.zenith.functions.api.v1alpha1.BuildSpec(
                "registry.example.com/team/hello:latest", "registry-creds"),
            ResourceFixtures.plain().getSpec().deploy(),
            null,
            null);
    PipelineRun pr = PipelineRunResource.desired(fn, settings, null);
    Set<String> pipelineWorkspaces = new TreeSet<>();
    pr.getSpec().pipelineSpec().workspaces().forEach(w -> pipelineWorkspaces.add(w.name()));
    for (PipelineRunSpec.PipelineTask pt : pr.getSpec().pipelineSpec().tasks()) {
      var ref = pt.taskRef();
      assertThat(ref.resolver()).isEqualTo("cluster");
      Map<String, String> refParams = new HashMap<>();
      ref.params().forEach(p -> refParams.put(p.name(), p.value()));
      assertThat(refParams).containsEntry("kind", "task");
      JsonNode task = task(rendered, refParams.get("name"));
      assertThat(task.at("/metadata/namespace").asText()).isEqualTo(refParams.get("namespace"));

      List<String> declared = names(task.at("/spec/params"));
      List<String> passed = pt.params().stream().map(PipelineRunSpec.Param::name).toList();
      assertThat(declared).as("params of %s", pt.name()).containsAll(passed);
      for (JsonNode p : task.at("/spec/params")) {
        if (!p.has("default")) {
          assertThat(passed)
              .as("required params of %s", pt.name())
              .contains(p.path("name").asText());
        }
      }
      assertThat(pt.workspaces())
          .extracting(PipelineRunSpec.WorkspaceUse::name)
          .containsExactlyElementsOf(names(task.at("/spec/workspaces")));
      assertThat(pipelineWorkspaces)
          .containsAll(
              pt.workspaces().stream().map(PipelineRunSpec.WorkspaceUse::workspace).toList());
    }
    // Every pipeline result reads a result a Task declares.
    Pattern ref = Pattern.compile("\\$\\(tasks\\.([a-z-]+)\\.results\\.([A-Za-z_-]+)\\)");
    for (PipelineRunSpec.Param result : pr.getSpec().pipelineSpec().results()) {
      var m = ref.matcher(result.value());
      assertThat(m.matches()).as(result.value()).isTrue();
      String taskName =
          pr.getSpec().pipelineSpec().tasks().stream()
              .filter(t -> t.name().equals(m.group(1)))
              .findFirst()
              .orElseThrow()
              .taskRef()
              .params()
              .get(1)
              .value();
      assertThat(names(task(rendered, taskName).at("/spec/results"))).contains(m.group(2));
    }
  }

  static Map<String, String> operatorEnv(List<HasMetadata> rendered) {
    Deployment d =
        rendered.stream()
            .filter(Deployment.class::isInstance)
            .map(Deployment.class::cast)
            .findFirst()
            .orElseThrow();
    Map<String, String> env = new HashMap<>();
    for (EnvVar e : d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
      if (e.getValue() != null) {
        env.put(e.getName(), e.getValue());
      }
    }
    return env;
  }

  static List<JsonNode> tasks(List<HasMetadata> rendered) {
    return rendered.stream().filter(o -> "Task".equals(o.getKind())).map(HelmChart::tree).toList();
  }

  private static JsonNode task(List<HasMetadata> rendered, String name) {
    return tasks(rendered).stream()
        .filter(t -> name.equals(t.at("/metadata/name").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("the chart ships no Task " + name));
  }

  private static JsonNode param(JsonNode task, String name) {
    for (JsonNode p : task.at("/spec/params")) {
      if (name.equals(p.path("name").asText())) {
        return p;
      }
    }
    throw new AssertionError("no param " + name);
  }

  private static List<String> names(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path("name").asText()));
    return out;
  }
}
