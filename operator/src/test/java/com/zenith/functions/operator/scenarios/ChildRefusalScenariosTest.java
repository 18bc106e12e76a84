package com.zenith.functions.operator.scenarios;

import static com.zenith.functions.operator.scenarios.Functions.function;
import static com.zenith.functions.operator.scenarios.Functions.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.api.conditions.ConditionTypes;
import com.zenith.functions.api.conditions.Reasons;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * D3: a child create the API server refuses with 403 (RBAC, or the
 * OwnerReferencesPermissionEnforcement admission plugin refusing {@code blockOwnerDeletion} without
 * update on functions/finalizers) becomes a condition on the Function, for every child, instead of
 * a retry loop nobody sees.
 */
class ChildRefusalScenariosTest extends ScenarioBase {

  /** The API server's words when OwnerReferencesPermissionEnforcement refuses a child. */
  private static String ownerRefsForbidden(String resource, String name) {
    return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\""
        + resource
        + " \\\""
        + name
        + "\\\" is forbidden: cannot set blockOwnerDeletion if an ownerReference refers to a"
        + " resource you can't set finalizers on: , <nil>\",\"reason\":\"Forbidden\","
        + "\"details\":{\"name\":\""
        + name
        + "\"},\"code\":403}";
  }

  private void refuse(String path, String resource, String name) {
    server
        .expect()
        .post()
        .withPath(path)
        .andReturn(403, ownerRefsForbidden(resource, name))
        .always();
  }

  @Test
  void aRefusedServiceAccountIsBuildSucceededForbidden() {
    String ns = ClusterFixture.namespace();
    refuse("/api/v1/namespaces/" + ns + "/serviceaccounts", "serviceaccounts", "sa-fn-sa");
    cluster.create(function(ns, "sa-fn"));

    cluster.awaitReady(ns, "sa-fn", "False", Reasons.FORBIDDEN);
    assertThat(cluster.condition(ns, "sa-fn", ConditionTypes.BUILD_SUCCEEDED))
        .hasValueSatisfying(
            c ->
                assertThat(c.message())
                    .contains(
                        "ServiceAccount sa-fn-sa", "blockOwnerDeletion", "functions/finalizers"));
    assertThat(cluster.builds(ns, "sa-fn")).isEmpty();
  }

  @Test
  void aRefusedPipelineRunIsBuildSucceededForbidden() {
    String ns = ClusterFixture.namespace();
    refuse(
        "/apis/tekton.dev/v1/namespaces/" + ns + "/pipelineruns", "pipelineruns.tekton.dev", "b");
    cluster.create(function(ns, "pr-fn"));

    cluster.awaitReady(ns, "pr-fn", "False", Reasons.FORBIDDEN);
    assertThat(cluster.condition(ns, "pr-fn", ConditionTypes.BUILD_SUCCEEDED))
        .hasValueSatisfying(
            c ->
                assertThat(c.message())
                    .contains("PipelineRun pr-fn-build-", "functions/finalizers"));
  }

  @Test
  void aRefusedKnativeServiceIsServiceReadyForbidden() {
    String ns = ClusterFixture.namespace();
    refuse(
        "/apis/serving.knative.dev/v1/namespaces/" + ns + "/services",
        "services.serving.knative.dev",
        "ks-fn");
    cluster.create(function(ns, "ks-fn"));
    cluster.succeedBuild(cluster.awaitBuild(ns, "ks-fn"), Functions.DIGEST);

    cluster.awaitReady(ns, "ks-fn", "False", Reasons.FORBIDDEN);
    assertThat(cluster.condition(ns, "ks-fn", ConditionTypes.SERVICE_READY))
        .hasValueSatisfying(c -> assertThat(c.message()).contains("Service ks-fn"));
  }

  @Test
  void aRefusedTriggerIsEventingReadyForbidden() {
    String ns = ClusterFixture.namespace();
    refuse(
        "/apis/eventing.knative.dev/v1/namespaces/" + ns + "/triggers",
        "triggers.eventing.knative.dev",
        "tr-fn-trigger");
    cluster.createBroker(ns, "default");
    cluster.create(with(function(ns, "tr-fn"), s -> Functions.eventing(s, "default", Map.of())));
    cluster.succeedBuild(cluster.awaitBuild(ns, "tr-fn"), Functions.DIGEST);
    cluster.awaitService(ns, "tr-fn");
    cluster.markServiceReady(ns, "tr-fn");

    cluster.awaitReady(ns, "tr-fn", "False", Reasons.FORBIDDEN);
    assertThat(cluster.condition(ns, "tr-fn", ConditionTypes.EVENTING_READY))
        .hasValueSatisfying(c -> assertThat(c.message()).contains("Trigger tr-fn-trigger"));
  }
}
