package com.zenith.functions.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Renders the Helm chart (see {@link ChartRenderer}), checks that every object is a valid
 * Kubernetes object, that RBAC is least privilege, and that the committed single-file manifest
 * {@code deploy/zenith-operator.yaml} is the rendering of the chart's templates (regenerate it with
 * {@code -Dgolden.update=true}).
 */
class ChartTest {

  private static final Path DEPLOY = Path.of("..", "deploy");
  private static final Path CHART = DEPLOY.resolve("helm/zenith-operator");
  private static final Path MANIFEST = DEPLOY.resolve("zenith-operator.yaml");

  private static String rendered;
  private static List<HasMetadata> objects;

  @BeforeAll
  static void render() throws IOException {
    rendered = new ChartRenderer(CHART, "zenith-operator", "zenith-system").renderAll();
    Object parsed = new KubernetesSerialization().unmarshal(rendered);
    objects = ((List<?>) parsed).stream().map(HasMetadata.class::cast).toList();
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
            "ServiceAccount/zenith-operator");
  }

  @Test
  void rbacHasNoWildcardsAndSecretsAreReadOnly() {
    List<PolicyRule> rules = rules();
    for (PolicyRule r : rules) {
      assertThat(r.getVerbs()).as("verbs of %s", r.getResources()).doesNotContain("*");
      assertThat(r.getResources()).doesNotContain("*");
      assertThat(r.getApiGroups()).doesNotContain("*");
    }
    Set<String> readOnly = Set.of("get", "list", "watch");
    rules.stream()
        .filter(
            r -> r.getResources().contains("secrets") || r.getResources().contains("configmaps"))
        .forEach(r -> assertThat(readOnly).containsAll(r.getVerbs()));
    assertThat(rules.stream().filter(r -> r.getResources().contains("secrets"))).isNotEmpty();
  }

  @Test
  void rbacGrantsWhatTheOperatorDoes() {
    List<PolicyRule> rules = rules();
    assertAllowed(rules, "functions.zenith.com", "functions/status", "patch");
    assertAllowed(rules, "", "serviceaccounts", "update");
    assertAllowed(rules, "tekton.dev", "pipelineruns", "create");
    assertAllowed(rules, "tekton.dev", "pipelineruns", "delete");
    assertAllowed(rules, "tekton.dev", "taskruns", "get");
    assertAllowed(rules, "serving.knative.dev", "services", "update");
    assertAllowed(rules, "eventing.knative.dev", "triggers", "delete");
    assertAllowed(rules, "eventing.knative.dev", "brokers", "watch");
    assertAllowed(rules, "opentelemetry.io", "instrumentations", "create");
    assertAllowed(rules, "", "events", "create");
    assertAllowed(rules, "coordination.k8s.io", "leases", "update");
  }

  @Test
  void deploymentHasProbesResourcesAndARestrictedSecurityContext() {
    Deployment d = one(Deployment.class);
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
    assertThat(c.getEnv())
        .extracting(e -> e.getName())
        .contains("ZENITH_LEADER_ELECTION", "ZENITH_TASKS_NAMESPACE", "POD_NAMESPACE");
    assertThat(pod.getServiceAccountName()).isEqualTo("zenith-operator");
  }

  @Test
  void committedManifestIsTheRenderedChart() throws IOException {
    // The CRD stays in its own file (crds/), written by the api build: apply both, CRD first.
    String manifest =
        "# Generated from deploy/helm/zenith-operator by ChartTest (release zenith-operator,\n"
            + "# namespace zenith-system, default values). Do not edit; run the operator tests\n"
            + "# with -Dgolden.update=true to regenerate. Apply the CRD first:\n"
            + "#   kubectl apply -f deploy/helm/zenith-operator/crds/ -f deploy/zenith-operator.yaml\n"
            + "---\n"
            + "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: zenith-system\n"
            + rendered;
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(MANIFEST, manifest);
    }
    assertThat(MANIFEST).exists();
    assertThat(Files.readString(MANIFEST)).isEqualTo(manifest);
  }

  private static List<PolicyRule> rules() {
    List<PolicyRule> rules = new java.util.ArrayList<>(one(ClusterRole.class).getRules());
    rules.addAll(one(Role.class).getRules());
    return rules;
  }

  private static void assertAllowed(
      List<PolicyRule> rules, String group, String resource, String verb) {
    assertThat(rules)
        .as("%s %s/%s", verb, group, resource)
        .anyMatch(
            r ->
                r.getApiGroups().contains(group)
                    && r.getResources().contains(resource)
                    && r.getVerbs().contains(verb));
  }

  private static <T extends HasMetadata> T one(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
  }
}
