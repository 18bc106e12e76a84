package com.zenith.functions.operator.scenarios;

import static com.zenith.functions.operator.scenarios.Functions.function;
import static com.zenith.functions.operator.scenarios.Functions.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zenith.functions.api.conditions.FunctionMessages;
import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.api.v1alpha1.Function;
import io.fabric8.knative.eventing.v1.Trigger;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scenarios of eventing: Trigger lifecycle, broker changes, missing brokers (section 4). */
class EventingScenariosTest extends ScenarioBase {

  /** eventing-trigger, trigger-update (filters), broker change by re-creation (W8), removal. */
  @Test
  void triggerCreatedUpdatedRecreatedAndRemoved() {
    String ns = ClusterFixture.namespace();
    cluster.createBroker(ns, "default");
    cluster.createBroker(ns, "alternate-broker");
    Function ready =
        cluster.deployReady(
            with(
                function(ns, "events"),
                s -> Functions.eventing(s, "default", Map.of("type", "v1"))));
    assertThat(ready.getStatus().conditions().get(0).message())
        .isEqualTo(FunctionMessages.READY_WITH_EVENTING);
    Trigger t = cluster.trigger(ns, "events");
    assertThat(t.getSpec().getBroker()).isEqualTo("default");
    assertThat(t.getSpec().getFilter().getAttributes()).containsExactly(Map.entry("type", "v1"));
    assertThat(t.getSpec().getSubscriber().getRef().getName()).isEqualTo("events");
    assertThat(t.getSpec().getSubscriber().getRef().getKind()).isEqualTo("Service");

    cluster.editSpec(
        ns, "events", s -> Functions.eventing(s, "default", Map.of("type", "v2", "source", "app")));
    await()
        .atMost(ClusterFixture.WAIT)
        .untilAsserted(
            () ->
                assertThat(cluster.trigger(ns, "events").getSpec().getFilter().getAttributes())
                    .containsOnly(Map.entry("type", "v2"), Map.entry("source", "app")));
    assertThat(cluster.trigger(ns, "events").getMetadata().getUid())
        .isEqualTo(t.getMetadata().getUid());

    cluster.editSpec(
        ns, "events", s -> Functions.eventing(s, "alternate-broker", Map.of("type", "v2")));
    await()
        .atMost(ClusterFixture.WAIT)
        .untilAsserted(
            () -> {
              Trigger now = cluster.trigger(ns, "events");
              assertThat(now).isNotNull();
              assertThat(now.getSpec().getBroker()).isEqualTo("alternate-broker");
              assertThat(now.getMetadata().getUid()).isNotEqualTo(t.getMetadata().getUid());
            });
    // The function now sends to the other broker (K_SINK): Knative rolls out a new revision.
    await()
        .atMost(ClusterFixture.WAIT)
        .untilAsserted(
            () ->
                assertThat(cluster.container(ns, "events").getEnv())
                    .extracting(e -> e.getName() + "=" + e.getValue())
                    .contains(
                        "K_SINK="
                            + com.zenith.functions.api.naming.FunctionNames.brokerIngressUrl(
                                ns, "alternate-broker")));
    cluster.markServiceReady(ns, "events");
    cluster.awaitReady(ns, "events", "Unknown", Reasons.TRIGGER_NOT_READY);
    cluster.markTriggerReady(ns, "events");
    cluster.awaitReady(ns, "events", "True", Reasons.READY);

    cluster.editSpec(ns, "events", s -> Functions.eventing(s, null, null));
    await().atMost(ClusterFixture.WAIT).until(() -> cluster.trigger(ns, "events") == null);
    await()
        .atMost(ClusterFixture.WAIT)
        .untilAsserted(
            () ->
                assertThat(cluster.container(ns, "events").getEnv())
                    .as("no broker, no K_SINK")
                    .noneMatch(e -> e.getName().equals("K_SINK")));
    cluster.markServiceReady(ns, "events");
    Function after = cluster.awaitReady(ns, "events", "True", Reasons.READY);
    assertThat(after.getStatus().conditions())
        .extracting(c -> c.type())
        .doesNotContain("EventingReady");
    assertThat(after.getStatus().conditions().get(0).message()).isEqualTo(FunctionMessages.READY);
  }

  /** broker-not-found, then the Broker is created (W14). */
  @Test
  void brokerNotFoundThenCreated() {
    String ns = ClusterFixture.namespace();
    cluster.create(
        with(function(ns, "orphan"), s -> Functions.eventing(s, "non-existent-broker", null)));
    cluster.succeedBuild(cluster.awaitBuild(ns, "orphan"), Functions.DIGEST);
    cluster.awaitService(ns, "orphan");
    cluster.markServiceReady(ns, "orphan");
    Function fn = cluster.awaitReady(ns, "orphan", "False", Reasons.BROKER_NOT_FOUND);
    assertThat(fn.getStatus().conditions().get(0).message()).contains("non-existent-broker");
    assertThat(cluster.trigger(ns, "orphan")).isNull();

    cluster.createBroker(ns, "non-existent-broker");
    cluster.awaitTrigger(ns, "orphan");
    cluster.markTriggerReady(ns, "orphan");
    cluster.awaitReady(ns, "orphan", "True", Reasons.READY);
  }

  /** multi-functions-same-broker. */
  @Test
  void twoFunctionsOnOneBroker() {
    String ns = ClusterFixture.namespace();
    cluster.createBroker(ns, "shared-broker");
    cluster.deployReady(
        with(function(ns, "first"), s -> Functions.eventing(s, "shared-broker", null)));
    cluster.deployReady(
        with(function(ns, "second"), s -> Functions.eventing(s, "shared-broker", null)));
    assertThat(cluster.trigger(ns, "first").getSpec().getBroker()).isEqualTo("shared-broker");
    assertThat(cluster.trigger(ns, "second").getSpec().getBroker()).isEqualTo("shared-broker");
    assertThat(cluster.trigger(ns, "second").getSpec().getSubscriber().getRef().getName())
        .isEqualTo("second");
    // multi-functions: each Function has its own ServiceAccount, build and Service
    assertThat(cluster.serviceAccount(ns, "first")).isNotNull();
    assertThat(cluster.serviceAccount(ns, "second")).isNotNull();
    assertThat(cluster.builds(ns, "first")).hasSize(1);
    assertThat(cluster.builds(ns, "second")).hasSize(1);
    assertThat(cluster.builds(ns, "first").get(0).getMetadata().getName())
        .isNotEqualTo(cluster.builds(ns, "second").get(0).getMetadata().getName());
  }
}
