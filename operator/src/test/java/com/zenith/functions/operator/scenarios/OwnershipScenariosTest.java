package com.zenith.functions.operator.scenarios;

import static com.zenith.functions.operator.scenarios.Functions.function;
import static com.zenith.functions.operator.scenarios.Functions.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.api.v1alpha1.Function;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.serving.v1.ServiceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ownership: owner references on every child (the mock does not collect garbage), W13, W1. */
class OwnershipScenariosTest extends ScenarioBase {

  private static void assertOwnedBy(HasMetadata child, Function fn) {
    List<OwnerReference> refs = child.getMetadata().getOwnerReferences();
    assertThat(refs).as(child.getKind() + " " + child.getMetadata().getName()).hasSize(1);
    assertThat(refs.get(0).getKind()).isEqualTo("Function");
    assertThat(refs.get(0).getUid()).isEqualTo(fn.getMetadata().getUid());
    assertThat(refs.get(0).getController()).isTrue();
  }

  /** ownerref-cleanup, multi-functions, function-trigger-cleanup: every child is owned. */
  @Test
  void everyChildHasAControllerOwnerReference() {
    String ns = ClusterFixture.namespace();
    cluster.createBroker(ns, "default");
    Function fn =
        cluster.deployReady(
            with(function(ns, "owned"), s -> Functions.eventing(s, "default", null)));
    assertOwnedBy(cluster.serviceAccount(ns, "owned"), fn);
    cluster.builds(ns, "owned").forEach(pr -> assertOwnedBy(pr, fn));
    assertOwnedBy(cluster.service(ns, "owned"), fn);
    assertOwnedBy(cluster.trigger(ns, "owned"), fn);
    assertThat(cluster.serviceAccount(ns, "owned").getMetadata().getLabels())
        .containsEntry("functions.zenith.com/managed-by", "zenith-operator");
  }

  /** W13: a Service of that name that the Function does not own is reported, never changed. */
  @Test
  void aServiceOwnedBySomeoneElseIsNotTouched() {
    String ns = ClusterFixture.namespace();
    Service foreign =
        client
            .resource(
                new ServiceBuilder()
                    .withNewMetadata()
                    .withName("taken")
                    .withNamespace(ns)
                    .addToAnnotations("owner", "someone-else")
                    .endMetadata()
                    .build())
            .create();
    cluster.create(function(ns, "taken"));
    cluster.succeedBuild(cluster.awaitBuild(ns, "taken"), Functions.DIGEST);
    Function fn = cluster.awaitReady(ns, "taken", "False", Reasons.NAME_CONFLICT);
    assertThat(fn.getStatus().conditions().get(0).message()).contains("taken");
    assertThat(cluster.service(ns, "taken").getMetadata().getResourceVersion())
        .isEqualTo(foreign.getMetadata().getResourceVersion());
  }

  /** W1: a resync (operator restart) of a converged Function writes nothing. */
  @Test
  void resyncOfAConvergedFunctionWritesNothing() throws InterruptedException {
    String ns = ClusterFixture.namespace();
    Function ready = cluster.deployReady(function(ns, "calm"));
    String fnRv = ready.getMetadata().getResourceVersion();
    String svcRv = cluster.service(ns, "calm").getMetadata().getResourceVersion();
    String saRv = cluster.serviceAccount(ns, "calm").getMetadata().getResourceVersion();
    String readySince = ready.getStatus().conditions().get(0).lastTransitionTime();

    cluster.stop();
    drainWrites();
    double reconciled = cluster.reconciliations();
    cluster.start(settings());
    Thread.sleep(2000); // the restarted operator reconciles every Function once
    await().atMost(ClusterFixture.WAIT).until(() -> cluster.reconciliations() > reconciled);
    assertThat(drainWrites()).as("write requests during the resync").isEmpty();

    Function after = cluster.get(ns, "calm");
    assertThat(after.getMetadata().getResourceVersion()).isEqualTo(fnRv);
    assertThat(after.getStatus().conditions().get(0).lastTransitionTime()).isEqualTo(readySince);
    assertThat(cluster.service(ns, "calm").getMetadata().getResourceVersion()).isEqualTo(svcRv);
    assertThat(cluster.serviceAccount(ns, "calm").getMetadata().getResourceVersion())
        .isEqualTo(saRv);
  }
}
