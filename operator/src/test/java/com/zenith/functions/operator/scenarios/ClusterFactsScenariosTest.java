package com.zenith.functions.operator.scenarios;

import static com.zenith.functions.operator.scenarios.Functions.IMAGE;
import static com.zenith.functions.operator.scenarios.Functions.function;
import static com.zenith.functions.operator.scenarios.Functions.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zenith.functions.api.conditions.ConditionTypes;
import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.DeploySpec;
import com.zenith.functions.api.v1alpha1.EnvVar;
import com.zenith.functions.api.v1alpha1.EnvVarSource;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.api.v1alpha1.SecretKeySelector;
import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What the cluster says, taken as it says it: a failing new revision while the old one serves (D9),
 * the broker's own address (D12), a git Secret Tekton would ignore (D13), and Secrets read by name
 * only, never listed or watched (D4).
 */
class ClusterFactsScenariosTest extends ScenarioBase {

  @Test
  void aFailingNewRevisionSaysThePreviousOneStillServesAndKeepsItsImageAsTheServingOne() {
    String ns = ClusterFixture.namespace();
    cluster.deployReady(function(ns, "roll"));
    cluster.editSpec(ns, "roll", s -> Functions.revision(s, "v2"));
    cluster.succeedBuild(cluster.awaitBuild(ns, "roll"), Functions.DIGEST_2);
    await()
        .atMost(ClusterFixture.WAIT)
        .until(() -> cluster.container(ns, "roll").getImage().endsWith(Functions.DIGEST_2));
    // Knative: the new revision's pods crash; traffic stays on the last ready revision.
    cluster.setServiceStatus(
        ns,
        "roll",
        "False",
        "RevisionFailed",
        "Revision \"roll-00002\" failed with message: Container failed to start.",
        "roll-00002",
        "roll-00001");

    Function fn = cluster.awaitReady(ns, "roll", "False", Reasons.REVISION_FAILED);
    assertThat(cluster.condition(ns, "roll", ConditionTypes.SERVICE_READY))
        .hasValueSatisfying(
            c ->
                assertThat(c.message())
                    .contains("roll-00002 failed", "Container failed to start")
                    .contains(
                        "Revision roll-00001 still serves " + IMAGE + "@" + Functions.DIGEST));
    assertThat(fn.getStatus().imageDigest()).isEqualTo(IMAGE + "@" + Functions.DIGEST);
    assertThat(fn.getStatus().build().digest()).isEqualTo(Functions.DIGEST_2);

    cluster.markServiceReady(ns, "roll");
    Function fixed = cluster.awaitReady(ns, "roll", "True", Reasons.READY);
    assertThat(fixed.getStatus().imageDigest()).isEqualTo(IMAGE + "@" + Functions.DIGEST_2);
  }

  @Test
  void theBrokersStatusAddressIsWhereTheFunctionSendsEvents() {
    String ns = ClusterFixture.namespace();
    cluster.createBroker(ns, "kafka");
    String address =
        "http://kafka-broker-ingress.knative-eventing.svc.cluster.local/" + ns + "/kafka";
    client
        .resources(Broker.class)
        .inNamespace(ns)
        .withName("kafka")
        .editStatus(
            b -> {
              var st = new io.fabric8.knative.eventing.v1.BrokerStatus();
              var addr = new io.fabric8.knative.duck.v1.Addressable();
              addr.setUrl(address);
              st.setAddress(addr);
              b.setStatus(st);
              return b;
            });
    cluster.deployReady(with(function(ns, "pub"), s -> Functions.eventing(s, "kafka", Map.of())));

    assertThat(cluster.container(ns, "pub").getEnv())
        .extracting(e -> e.getName() + "=" + e.getValue())
        .contains("K_SINK=" + address)
        .doesNotContain("K_SINK=" + FunctionNames.brokerIngressUrl(ns, "kafka"));
  }

  @Test
  void aGitSecretTektonWouldIgnoreSaysWhatToAddAndTheBuildStartsOnceFixed() {
    String ns = ClusterFixture.namespace();
    cluster.createSecret(ns, "git-creds"); // Opaque, no tekton.dev/git-0
    cluster.create(with(function(ns, "priv"), s -> Functions.gitAuth(s, "git-creds")));

    Function fn = cluster.awaitReady(ns, "priv", "False", Reasons.GIT_AUTH_UNUSABLE);
    assertThat(fn.getStatus().conditions().get(0).message())
        .contains("git-creds", "kubernetes.io/basic-auth", "tekton.dev/git-0: https://github.com");
    assertThat(cluster.builds(ns, "priv")).isEmpty();

    client.secrets().inNamespace(ns).withName("git-creds").delete();
    await()
        .atMost(ClusterFixture.WAIT)
        .until(() -> client.secrets().inNamespace(ns).withName("git-creds").get() == null);
    cluster.createGitSecret(ns, "git-creds");
    cluster.awaitReady(ns, "priv", "Unknown", Reasons.BUILDING);
  }

  @Test
  void secretsAreReadByNameAndNeverListedOrWatched() throws Exception {
    String ns = ClusterFixture.namespace();
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("unrelated")
                .withNamespace(ns)
                .endMetadata()
                .addToStringData("big", "x".repeat(10_000))
                .build())
        .create();
    cluster.createSecret(ns, "db");
    cluster.deployReady(
        with(
            function(ns, "reader"),
            s ->
                Functions.deploy(
                    s,
                    new DeploySpec(
                        List.of(
                            new EnvVar(
                                "PASSWORD",
                                null,
                                new EnvVarSource(
                                    new SecretKeySelector("db", "key", false),
                                    null,
                                    null,
                                    null,
                                    null))),
                        null,
                        null,
                        null,
                        null))));

    List<String> secretRequests = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
      if (r.getPath().contains("/secrets") || r.getPath().contains("/configmaps")) {
        secretRequests.add(r.getMethod() + " " + r.getPath());
      }
    }
    assertThat(secretRequests)
        .as("reads of named Secrets only: no list, no watch, nothing of other Secrets")
        .isNotEmpty()
        .allSatisfy(
            req -> assertThat(req).matches("(GET /api/v1/namespaces/[^/]+/secrets/db|POST .*)"))
        .noneMatch(req -> req.contains("unrelated"));
  }
}
