package com.zenith.functions.operator.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zenith.functions.api.conditions.ConditionTypes;
import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.operator.RuntimeSettings;
import com.zenith.functions.operator.resources.ChildSettings;
import com.zenith.functions.operator.resources.PipelineRunResource;
import com.zenith.functions.operator.tekton.PipelineRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Item 8: a Function on branch {@code main} of a real git repository ({@code file://}, made with
 * JGit) is resolved with ls-remote; a new commit on the branch starts a build named by it, and the
 * status shows the commit built.
 */
class GitFollowScenariosTest extends ScenarioBase {

  @TempDir Path dir;
  private Git git;

  @Override
  RuntimeSettings runtime() {
    return ClusterFixture.RUNTIME.withGitPollInterval(Duration.ofMillis(300));
  }

  @AfterEach
  void closeRepository() {
    if (git != null) {
      git.close();
    }
  }

  private RevCommit commit(String content) throws Exception {
    Files.writeString(dir.resolve("main.py"), content);
    git.add().addFilepattern("main.py").call();
    return git.commit()
        .setMessage(content)
        .setAuthor("t", "t@example.com")
        .setCommitter("t", "t@example.com")
        .call();
  }

  @Test
  void aNewCommitOnTheBranchStartsABuildNamedByItAndTheStatusShowsTheCommit() throws Exception {
    git = Git.init().setInitialBranch("main").setDirectory(dir.toFile()).call();
    String first = commit("print('one')").name();
    String ns = ClusterFixture.namespace();
    Function fn = Functions.function(ns, "follow");
    fn.setSpec(Functions.revision(Functions.with(fn, s -> s).getSpec(), "main"));
    fn = Functions.with(fn, s -> gitRepo(s, dir.toUri().toString()));
    cluster.create(fn);
    ChildSettings settings = settings();

    PipelineRun pr1 =
        cluster.awaitBuildNamed(
            ns, PipelineRunResource.name(cluster.get(ns, "follow"), settings, first));
    assertThat(pr1.getMetadata().getAnnotations())
        .containsEntry(PipelineRunResource.COMMIT_ANNOTATION, first);
    assertThat(revisionParam(pr1)).isEqualTo(first);
    cluster.succeedBuild(pr1, Functions.DIGEST, first);
    cluster.awaitService(ns, "follow");
    cluster.markServiceReady(ns, "follow");
    assertThat(cluster.awaitReady(ns, "follow", "True", Reasons.READY).getStatus().build().commit())
        .isEqualTo(first);

    String second = commit("print('two')").name();
    String secondName = PipelineRunResource.name(cluster.get(ns, "follow"), settings, second);
    PipelineRun pr2 = cluster.awaitBuildNamed(ns, secondName);
    assertThat(secondName).isNotEqualTo(pr1.getMetadata().getName());
    assertThat(revisionParam(pr2)).isEqualTo(second);
    await()
        .atMost(ClusterFixture.WAIT)
        .untilAsserted(
            () ->
                assertThat(cluster.condition(ns, "follow", ConditionTypes.BUILD_SUCCEEDED))
                    .hasValueSatisfying(
                        c -> assertThat(c.message()).contains("main at " + second)));
    cluster.succeedBuild(pr2, Functions.DIGEST_2, second);
    await()
        .atMost(ClusterFixture.WAIT)
        .until(() -> cluster.container(ns, "follow").getImage().endsWith(Functions.DIGEST_2));
    cluster.markServiceReady(ns, "follow");
    await()
        .atMost(ClusterFixture.WAIT)
        .untilAsserted(
            () -> {
              Function now = cluster.get(ns, "follow");
              assertThat(now.getStatus().build().commit()).isEqualTo(second);
              assertThat(now.getStatus().conditions().get(0).status()).isEqualTo("True");
            });
    assertThat(cluster.builds(ns, "follow")).hasSize(2);
  }

  private static com.zenith.functions.api.v1alpha1.FunctionSpec gitRepo(
      com.zenith.functions.api.v1alpha1.FunctionSpec s, String url) {
    return new com.zenith.functions.api.v1alpha1.FunctionSpec(
        url,
        s.gitRevision(),
        s.gitAuthSecretName(),
        s.build(),
        s.deploy(),
        s.eventing(),
        s.observability());
  }

  private static String revisionParam(PipelineRun pr) {
    return pr.getSpec().pipelineSpec().tasks().stream()
        .filter(t -> t.name().equals("fetch-source"))
        .flatMap(t -> t.params().stream())
        .filter(p -> p.name().equals("revision"))
        .map(p -> p.value())
        .findFirst()
        .orElseThrow();
  }
}
