package com.zenith.functions.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zenith.functions.api.conditions.Conditions;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.operator.resources.ChildSettings;
import com.zenith.functions.operator.scenarios.MockCrds;
import com.zenith.functions.operator.scenarios.TestFunctions;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** With leader election on, the operator takes the Lease in its namespace, then reconciles. */
@EnableKubernetesMockClient(crud = true)
class LeaderElectionTest {

  KubernetesClient client;
  KubernetesMockServer server;

  @Test
  void takesTheLeaseThenReconciles() throws Exception {
    MockCrds.register(client);
    // JOSDK checks its Lease permissions with a SelfSubjectRulesReview (which any authenticated
    // user may create in a real cluster); the mock server needs to be told the answer.
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewStatus()
                .addNewResourceRule()
                .withApiGroups("coordination.k8s.io")
                .withResources("leases")
                .withVerbs("get", "create", "update")
                .endResourceRule()
                .withIncomplete(false)
                .endStatus()
                .build())
        .always();
    var config =
        new OperatorConfig(
            ChildSettings.defaults(),
            RuntimeSettings.defaults(),
            Set.of(),
            true,
            "zenith-system",
            0);
    FunctionOperator fo =
        FunctionOperator.create(client, config, new SimpleMeterRegistry(), Clock.systemUTC());
    fo.start();
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                Lease lease =
                    client
                        .leases()
                        .inNamespace("zenith-system")
                        .withName(OperatorConfig.LEASE_NAME)
                        .get();
                assertThat(lease).isNotNull();
                assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
              });
      client.resource(TestFunctions.plain("le", "led")).create();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                Function fn =
                    client.resources(Function.class).inNamespace("le").withName("led").get();
                assertThat(fn.getStatus()).isNotNull();
                assertThat(Conditions.find(fn.getStatus().conditions(), "Ready")).isPresent();
              });
    } finally {
      fo.stop();
    }
  }
}
