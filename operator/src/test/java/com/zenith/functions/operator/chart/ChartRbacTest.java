package com.zenith.functions.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The chart's RBAC as real Helm renders it: least privilege, cluster-wide or per namespace. */
class ChartRbacTest {

  private static List<HasMetadata> allNamespaces;
  private static List<HasMetadata> twoNamespaces;

  @BeforeAll
  static void render() {
    allNamespaces = HelmChart.objects(HelmChart.template());
    twoNamespaces =
        HelmChart.objects(HelmChart.template(Map.of("watchNamespaces", "team-a, team-b")));
  }

  @Test
  void noWildcardsAnywhere() {
    List<PolicyRule> rules = new ArrayList<>(clusterRole(allNamespaces).getRules());
    twoNamespaces.stream()
        .filter(Role.class::isInstance)
        .forEach(r -> rules.addAll(((Role) r).getRules()));
    for (PolicyRule r : rules) {
      assertThat(r.getVerbs()).as("verbs of %s", r.getResources()).doesNotContain("*");
      assertThat(r.getResources()).doesNotContain("*");
      assertThat(r.getApiGroups()).doesNotContain("*");
    }
  }

  /** D4 (RBAC side): Secrets and ConfigMaps are read by name only; never listed or watched. */
  @Test
  void secretsAndConfigMapsAreGetOnlyNeverListedOrWatched() {
    for (String kind : List.of("secrets", "configmaps")) {
      assertThat(verbs(clusterRole(allNamespaces).getRules(), "", kind))
          .as(kind)
          .containsExactly("get");
      for (Role role : roles(twoNamespaces)) {
        assertThat(verbs(role.getRules(), "", kind)).as(kind).containsExactly("get");
      }
    }
  }

  /** D3: blockOwnerDeletion on children needs update on the owner's finalizers. */
  @Test
  void finalizersOfFunctionsMayBeUpdated() {
    assertThat(verbs(clusterRole(allNamespaces).getRules(), "functions.zenith.com", "functions"))
        .containsExactly("get", "list", "watch");
    assertThat(
            verbs(
                clusterRole(allNamespaces).getRules(),
                "functions.zenith.com",
                "functions/finalizers"))
        .containsExactly("update");
  }

  /**
   * D11: only the verbs the operator calls (status by JSON patch, Events created, never patched).
   */
  @Test
  void onlyTheVerbsTheOperatorCalls() {
    List<PolicyRule> rules = clusterRole(allNamespaces).getRules();
    assertThat(verbs(rules, "functions.zenith.com", "functions/status")).containsExactly("patch");
    assertThat(verbs(rules, "", "events")).containsExactly("create");
    assertThat(verbs(rules, "", "serviceaccounts"))
        .containsExactly("create", "get", "list", "update", "watch");
    assertThat(verbs(rules, "tekton.dev", "pipelineruns"))
        .containsExactly("create", "delete", "get", "list", "watch");
    assertThat(verbs(rules, "tekton.dev", "taskruns")).containsExactly("get");
    assertThat(verbs(rules, "serving.knative.dev", "services"))
        .containsExactly("create", "get", "list", "update", "watch");
    assertThat(verbs(rules, "eventing.knative.dev", "triggers"))
        .containsExactly("create", "delete", "get", "list", "update", "watch");
    assertThat(verbs(rules, "eventing.knative.dev", "brokers"))
        .containsExactly("get", "list", "watch");
    assertThat(verbs(rules, "opentelemetry.io", "instrumentations"))
        .containsExactly("create", "get");
    Role lease = role(allNamespaces, HelmChart.RELEASE + "-leader-election");
    assertThat(lease.getMetadata().getNamespace()).isEqualTo(HelmChart.NAMESPACE);
    assertThat(verbs(lease.getRules(), "coordination.k8s.io", "leases"))
        .containsExactly("create", "get", "update");
  }

  @Test
  void allNamespacesIsOneClusterRoleBoundToTheOperator() {
    ClusterRoleBinding binding = one(allNamespaces, ClusterRoleBinding.class);
    assertThat(binding.getRoleRef().getName()).isEqualTo(HelmChart.RELEASE);
    assertThat(binding.getSubjects())
        .extracting(s -> s.getKind() + "/" + s.getNamespace() + "/" + s.getName())
        .containsExactly("ServiceAccount/zenith-system/zenith-operator");
    assertThat(allNamespaces)
        .noneMatch(
            o ->
                o instanceof RoleBinding
                    && !o.getMetadata().getName().endsWith("-leader-election"));
  }

  /** D11: with watchNamespaces a Role per namespace, the same rules, and nothing cluster-wide. */
  @Test
  void watchNamespacesGivesARoleInEachAndNoClusterRole() {
    assertThat(twoNamespaces)
        .noneMatch(o -> o instanceof ClusterRole || o instanceof ClusterRoleBinding);
    for (String ns : List.of("team-a", "team-b")) {
      Role role =
          roles(twoNamespaces).stream()
              .filter(r -> ns.equals(r.getMetadata().getNamespace()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no Role in " + ns));
      assertThat(role.getRules()).isEqualTo(clusterRole(allNamespaces).getRules());
      RoleBinding binding =
          twoNamespaces.stream()
              .filter(RoleBinding.class::isInstance)
              .map(RoleBinding.class::cast)
              .filter(b -> ns.equals(b.getMetadata().getNamespace()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no RoleBinding in " + ns));
      assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
      assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
      assertThat(binding.getSubjects().get(0).getNamespace()).isEqualTo(HelmChart.NAMESPACE);
    }
  }

  private static TreeSet<String> verbs(List<PolicyRule> rules, String group, String resource) {
    TreeSet<String> out = new TreeSet<>();
    rules.stream()
        .filter(r -> r.getApiGroups().contains(group) && r.getResources().contains(resource))
        .forEach(r -> out.addAll(r.getVerbs()));
    return out;
  }

  private static ClusterRole clusterRole(List<HasMetadata> objects) {
    return one(objects, ClusterRole.class);
  }

  private static List<Role> roles(List<HasMetadata> objects) {
    return objects.stream()
        .filter(Role.class::isInstance)
        .map(Role.class::cast)
        .filter(r -> !r.getMetadata().getName().endsWith("-leader-election"))
        .toList();
  }

  private static Role role(List<HasMetadata> objects, String name) {
    return objects.stream()
        .filter(Role.class::isInstance)
        .map(Role.class::cast)
        .filter(r -> name.equals(r.getMetadata().getName()))
        .findFirst()
        .orElseThrow();
  }

  private static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type) {
    List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(found).as(type.getSimpleName()).hasSize(1);
    return found.get(0);
  }
}
