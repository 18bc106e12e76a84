package com.zenith.functions.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart through real Helm: {@code helm lint --strict}, the objects {@code helm template}
 * renders, the Deployment, and that the committed single-file manifest {@code
 * deploy/zenith-operator.yaml} is Helm's rendering with default values (regenerate it with {@code
 * -Dgolden.update=true}).
 */
class ChartTest {

  private static final Path MANIFEST = HelmChart.DEPLOY.resolve("zenith-operator.yaml");

  private static String rendered;
  private static List<HasMetadata> objects;

  @BeforeAll
  static void render() {
    rendered = HelmChart.template();
    objects = HelmChart.objects(rendered);
  }

  @Test
  void lintStrictFindsNothing() {
    LintResult lint = HelmChart.lintStrict();
    assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
  }

  @Test
  void rendersTheExpectedObjects() {
    assertThat(objects)
        .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "ClusterRole/zenith-operator",
            "ClusterRoleBinding/zenith-operator",
            "Deployment/zenith-operator",
            "Role/zenith-operator-leader-election",
            "RoleBinding/zenith-operator-leader-election",
            "Service/zenith-operator-metrics",
            "ServiceAccount/zenith-operator",
            "Task/zenith-git-clone-v1",
            "Task/zenith-buildpacks-v1");
    assertThat(objects)
        .allSatisfy(
            o ->
                assertThat(o.getMetadata().getLabels())
                    .containsEntry("app.kubernetes.io/name", "zenith-operator")
                    .containsEntry("app.kubernetes.io/version", "0.1.0"));
  }

  @Test
  void deploymentHasProbesResourcesAndARestrictedSecurityContext() {
    Deployment d = deployment(objects);
    var pod = d.getSpec().getTemplate().getSpec();
    var c = pod.getContainers().get(0);
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(c.getResources().getLimits()).containsKey("memory");
    assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(c.getImage()).isEqualTo("ghcr.io/zenith-functions/zenith-operator:0.1.0");
    assertThat(pod.getServiceAccountName()).isEqualTo("zenith-operator");
    assertThat(ChartTasksTest.operatorEnv(objects))
        .containsEntry("ZENITH_TASKS_NAMESPACE", "zenith-system")
        .containsEntry("ZENITH_GIT_CLONE_TASK", "zenith-git-clone-v1")
        .containsEntry("ZENITH_BUILDPACKS_TASK", "zenith-buildpacks-v1")
        .containsEntry("ZENITH_WATCH_NAMESPACES", "")
        .containsEntry("ZENITH_LEADER_ELECTION", "true")
        .containsEntry("ZENITH_GIT_POLL_INTERVAL", "60s")
        .containsEntry("ZENITH_RECHECK_INTERVAL", "10s")
        .doesNotContainKey("ZENITH_WEBHOOK_SECRET");
  }

  @Test
  void nonDefaultValuesReachTheDeployment() {
    var d =
        deployment(
            HelmChart.objects(
                HelmChart.template(
                    Map.of(
                        "image",
                        Map.of("repository", "registry.example.com/ops/zenith", "tag", "1.2.3"),
                        "watchNamespaces",
                        "team-a,team-b",
                        "build",
                        Map.of("fsGroup", ""),
                        "git",
                        Map.of(
                            "pollInterval",
                            "0",
                            "webhook",
                            Map.of("secretName", "git-hooks", "secretKey", "token")),
                        "replicas",
                        2))));
    var c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("registry.example.com/ops/zenith:1.2.3");
    assertThat(d.getSpec().getReplicas()).isEqualTo(2);
    var env = new java.util.HashMap<String, String>();
    c.getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
    assertThat(env)
        .containsEntry("ZENITH_WATCH_NAMESPACES", "team-a,team-b")
        .containsEntry("ZENITH_BUILD_FS_GROUP", "")
        .containsEntry("ZENITH_GIT_POLL_INTERVAL", "0");
    // The webhook's shared secret comes from the Secret, never as a value in the Deployment.
    var hook =
        c.getEnv().stream()
            .filter(e -> e.getName().equals("ZENITH_WEBHOOK_SECRET"))
            .findFirst()
            .orElseThrow();
    assertThat(hook.getValue()).isNull();
    assertThat(hook.getValueFrom().getSecretKeyRef().getName()).isEqualTo("git-hooks");
    assertThat(hook.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
  }

  @Test
  void committedManifestIsTheRenderedChart() throws IOException {
    // The CRD stays in its own file (crds/): apply both, CRD first.
    String manifest =
        "# Generated from deploy/helm/zenith-operator by ChartTest with real Helm (release\n"
            + "# zenith-operator, namespace zenith-system, default values). Do not edit; run the\n"
            + "# operator's ChartTest with -Dgolden.update=true to regenerate. Apply the CRD first:\n"
            + "#   kubectl apply -f deploy/helm/zenith-operator/crds/ -f deploy/zenith-operator.yaml\n"
            + "---\n"
            + "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: zenith-system\n"
            + rendered;
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(MANIFEST, manifest);
    }
    assertThat(MANIFEST).exists();
    assertThat(Files.readString(MANIFEST))
        .as("deploy/zenith-operator.yaml is stale: rerun ChartTest with -Dgolden.update=true")
        .isEqualTo(manifest);
  }

  private static Deployment deployment(List<HasMetadata> rendered) {
    return rendered.stream()
        .filter(Deployment.class::isInstance)
        .map(Deployment.class::cast)
        .findFirst()
        .orElseThrow();
  }
}
