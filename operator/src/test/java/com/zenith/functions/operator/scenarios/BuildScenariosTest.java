package com.zenith.functions.operator.scenarios;

import static com.zenith.functions.operator.scenarios.Functions.DIGEST;
import static com.zenith.functions.operator.scenarios.Functions.DIGEST_2;
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
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.operator.resources.ChildSettings;
import com.zenith.functions.operator.tekton.PipelineRun;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scenarios of the build: Tekton played by the test (zenith-go-behaviors.md section 4). */
class BuildScenariosTest extends ScenarioBase {

  /** basic-function, e2e-http-basic, pipelinerun-progress, git-clone-validation. */
  @Test
  void buildThenDeployThenReadyWithUrl() {
    String ns = ClusterFixture.namespace();
    cluster.create(function(ns, "hello"));

    PipelineRun pr = cluster.awaitBuild(ns, "hello");
    assertThat(pr.getMetadata().getName()).startsWith("hello-build-");
    var tasks = pr.getSpec().pipelineSpec().tasks();
    assertThat(tasks).extracting(t -> t.name()).containsExactly("fetch-source", "build-and-push");
    assertThat(tasks.get(0).params())
        .extracting(p -> p.name() + "=" + p.value())
        .containsExactly("url=https://github.com/example/hello", "revision=main");
    assertThat(pr.getSpec().taskRunTemplate().serviceAccountName()).isEqualTo("hello-sa");
    // The chart's own Tasks through the cluster resolver; fsGroup (D1); volume cleanup (D8).
    assertThat(tasks)
        .extracting(t -> t.taskRef().resolver() + ":" + t.taskRef().params().get(1).value())
        .containsExactly("cluster:zenith-git-clone-v1", "cluster:zenith-buildpacks-v1");
    assertThat(pr.getSpec().taskRunTemplate().podTemplate().securityContext().getFsGroup())
        .isEqualTo(65532L);
    assertThat(pr.getMetadata().getAnnotations())
        .containsEntry("tekton.dev/auto-cleanup-pvc", "true");
    cluster.awaitReady(ns, "hello", "Unknown", Reasons.BUILDING);

    cluster.succeedBuild(pr, DIGEST);
    var ksvc = cluster.awaitService(ns, "hello");
    assertThat(ksvc.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(IMAGE + "@" + DIGEST);
    cluster.awaitReady(ns, "hello", "Unknown", Reasons.DEPLOYING);

    cluster.markServiceReady(ns, "hello");
    Function ready = cluster.awaitReady(ns, "hello", "True", Reasons.READY);
    assertThat(ready.getStatus().url()).isEqualTo("http://hello." + ns + ".svc.cluster.local");
    assertThat(ready.getStatus().imageDigest()).isEqualTo(IMAGE + "@" + DIGEST);
    assertThat(ready.getStatus().build().name()).isEqualTo(pr.getMetadata().getName());
    assertThat(ready.getStatus().build().commit()).isEqualTo("0123abc");
    assertThat(ready.getStatus().observedGeneration())
        .isEqualTo(ready.getMetadata().getGeneration());
    assertThat(ready.getStatus().conditions())
        .extracting(c -> c.type() + "=" + c.status())
        .containsExactly("Ready=True", "BuildSucceeded=True", "ServiceReady=True");
  }

  /** build-failure, git-revision-invalid: the failing step's message, no Service. */
  @Test
  void buildFailureShowsTheFailingStep() {
    String ns = ClusterFixture.namespace();
    cluster.create(function(ns, "broken"));
    cluster.failBuild(
        cluster.awaitBuild(ns, "broken"), "fetch-source", "clone", "couldn't find remote ref main");

    Function fn = cluster.awaitReady(ns, "broken", "False", Reasons.BUILD_FAILED);
    assertThat(fn.getStatus().conditions().get(0).message())
        .contains("fetch-source/clone")
        .contains("couldn't find remote ref main");
    assertThat(cluster.service(ns, "broken")).isNull();
  }

  /** build-no-digest. */
  @Test
  void buildWithoutDigestIsAnImageError() {
    String ns = ClusterFixture.namespace();
    cluster.create(function(ns, "nodigest"));
    cluster.succeedBuild(cluster.awaitBuild(ns, "nodigest"), null);

    cluster.awaitReady(ns, "nodigest", "False", Reasons.BUILD_IMAGE_ERROR);
    assertThat(cluster.service(ns, "nodigest")).isNull();
  }

  /** git-auth-missing: GitAuthMissing, then Building soon after the Secret appears (W14). */
  @Test
  void gitAuthMissingThenCreated() {
    String ns = ClusterFixture.namespace();
    cluster.create(with(function(ns, "private"), s -> Functions.gitAuth(s, "github-auth")));

    Function fn = cluster.awaitReady(ns, "private", "False", Reasons.GIT_AUTH_MISSING);
    assertThat(fn.getStatus().conditions().get(0).message()).contains("github-auth");
    assertThat(cluster.builds(ns, "private")).isEmpty();

    cluster.createGitSecret(ns, "github-auth");
    cluster.awaitReady(ns, "private", "Unknown", Reasons.BUILDING);
    ServiceAccount sa = cluster.serviceAccount(ns, "private");
    assertThat(sa.getSecrets()).extracting(r -> r.getName()).containsExactly("github-auth");
  }

  /** update-no-rebuild fixed (W3): a gitRevision change starts a new build; old image serves. */
  @Test
  void gitRevisionChangeRebuilds() {
    String ns = ClusterFixture.namespace();
    cluster.deployReady(function(ns, "rev"));
    String first = cluster.get(ns, "rev").getStatus().build().name();

    cluster.editSpec(ns, "rev", s -> Functions.revision(s, "v1.0.0"));
    PipelineRun second = cluster.awaitBuild(ns, "rev");
    assertThat(second.getMetadata().getName()).isNotEqualTo(first);
    assertThat(second.getSpec().pipelineSpec().tasks().get(0).params())
        .extracting(p -> p.value())
        .contains("v1.0.0");
    Function building = cluster.awaitReady(ns, "rev", "Unknown", Reasons.BUILDING);
    assertThat(building.getStatus().imageDigest()).isEqualTo(IMAGE + "@" + DIGEST);

    cluster.succeedBuild(second, DIGEST_2);
    await()
        .atMost(ClusterFixture.WAIT)
        .untilAsserted(
            () ->
                assertThat(cluster.container(ns, "rev").getImage())
                    .isEqualTo(IMAGE + "@" + DIGEST_2));
    cluster.markServiceReady(ns, "rev");
    Function ready = cluster.awaitReady(ns, "rev", "True", Reasons.READY);
    assertThat(ready.getStatus().build().gitRevision()).isEqualTo("v1.0.0");
    assertThat(ready.getStatus().build().name()).isEqualTo(second.getMetadata().getName());
  }

  /** An env-only change does not rebuild; the Service gets the new env. */
  @Test
  void envOnlyChangeDoesNotRebuild() {
    String ns = ClusterFixture.namespace();
    cluster.deployReady(function(ns, "envonly"));

    cluster.editSpec(
        ns,
        "envonly",
        s ->
            Functions.deploy(
                s,
                new DeploySpec(
                    List.of(new EnvVar("VERSION", "v2", null)), null, null, null, null)));
    await()
        .atMost(ClusterFixture.WAIT)
        .untilAsserted(
            () ->
                assertThat(cluster.container(ns, "envonly").getEnv())
                    .extracting(e -> e.getName() + "=" + e.getValue())
                    .containsExactly("VERSION=v2"));
    assertThat(cluster.builds(ns, "envonly")).hasSize(1);
    cluster.markServiceReady(ns, "envonly");
    Function fn = cluster.awaitReady(ns, "envonly", "True", Reasons.READY);
    assertThat(fn.getStatus().observedGeneration()).isEqualTo(2L);
    assertThat(
            fn.getStatus().conditions().stream()
                .filter(c -> c.type().equals(ConditionTypes.BUILD_SUCCEEDED))
                .findFirst()
                .orElseThrow()
                .status())
        .isEqualTo("True");
  }

  /** The builds of one Function are pruned to a short history. */
  @Test
  void oldBuildsArePruned() {
    String ns = ClusterFixture.namespace();
    cluster.deployReady(function(ns, "many"));
    for (String rev : List.of("r1", "r2", "r3")) {
      cluster.editSpec(ns, "many", s -> Functions.revision(s, rev));
      cluster.succeedBuild(cluster.awaitBuild(ns, "many"), DIGEST_2);
      await()
          .atMost(ClusterFixture.WAIT)
          .until(() -> rev.equals(cluster.get(ns, "many").getStatus().build().gitRevision()));
    }
    await()
        .atMost(ClusterFixture.WAIT)
        .untilAsserted(
            () ->
                assertThat(cluster.builds(ns, "many"))
                    .hasSize(ChildSettings.defaults().buildHistory()));
    assertThat(cluster.builds(ns, "many"))
        .extracting(p -> p.getMetadata().getName())
        .contains(cluster.get(ns, "many").getStatus().build().name());
    assertThat(FunctionNames.FUNCTION_LABEL).isNotBlank();
  }

  /** Deleting a failed build retries it; the Function's Events tell the story. */
  @Test
  void deletingAFailedBuildRetriesIt() {
    String ns = ClusterFixture.namespace();
    cluster.create(function(ns, "flaky"));
    PipelineRun first = cluster.awaitBuild(ns, "flaky");
    cluster.failBuild(first, "build-and-push", "export", "registry unavailable");
    cluster.awaitReady(ns, "flaky", "False", Reasons.BUILD_FAILED);

    client.resource(first).delete();
    await()
        .atMost(ClusterFixture.WAIT)
        .untilAsserted(
            () -> {
              PipelineRun again =
                  client
                      .resources(PipelineRun.class)
                      .inNamespace(ns)
                      .withName(first.getMetadata().getName())
                      .get();
              assertThat(again).isNotNull();
              assertThat(again.getMetadata().getUid()).isNotEqualTo(first.getMetadata().getUid());
            });
    cluster.awaitReady(ns, "flaky", "Unknown", Reasons.BUILDING);
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .extracting(e -> e.getType() + "/" + e.getReason())
        .contains("Normal/Building", "Warning/BuildFailed");
  }

  /** W6: deleting the git Secret after deployment does not take a running function down. */
  @Test
  void gitSecretDeletedAfterDeployKeepsTheFunctionReady() {
    String ns = ClusterFixture.namespace();
    cluster.createGitSecret(ns, "github-auth");
    cluster.deployReady(with(function(ns, "steady"), s -> Functions.gitAuth(s, "github-auth")));
    client.secrets().inNamespace(ns).withName("github-auth").delete();
    cluster.editSpec(
        ns,
        "steady",
        s ->
            Functions.deploy(
                s, new DeploySpec(List.of(new EnvVar("A", "b", null)), null, null, null, null)));
    await()
        .atMost(ClusterFixture.WAIT)
        .until(() -> cluster.get(ns, "steady").getStatus().observedGeneration() == 2L);
    cluster.markServiceReady(ns, "steady");
    cluster.awaitReady(ns, "steady", "True", Reasons.READY);
  }
}
