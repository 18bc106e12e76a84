package com.zenith.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.local.engine.Engine;
import com.zenith.functions.local.store.ResourceType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --git-poll}: a Function cloned from branch {@code main} of a git repository ({@code
 * file://}, made with JGit) follows the branch: a new commit is built and served, and the status
 * names it.
 */
class GitPollDevSessionTest {
  @TempDir Path dir;

  private static String commit(Git git, Path repo, String answer) throws Exception {
    Files.writeString(repo.resolve("requirements.txt"), "");
    Files.writeString(repo.resolve("main.py"), TestManifests.pythonServer(answer));
    git.add().addFilepattern(".").call();
    return git.commit()
        .setMessage(answer)
        .setAuthor("t", "t@example.com")
        .setCommitter("t", "t@example.com")
        .call()
        .name();
  }

  @Test
  void aNewCommitOnTheBranchIsBuiltAndServedAndTheStatusNamesIt() throws Exception {
    Toolchains.require("python3");
    Path repo = Files.createDirectories(dir.resolve("repo"));
    try (Git git = Git.init().setInitialBranch("main").setDirectory(repo.toFile()).call()) {
      String first = commit(git, repo, "follow v1");
      Path manifest = dir.resolve("follow.yaml");
      Files.writeString(
          manifest,
          """
          apiVersion: functions.zenith.com/v1alpha1
          kind: Function
          metadata:
            name: follow
          spec:
            gitRepo: %s
            gitRevision: main
            build:
              image: registry.example.com/follow
            deploy: {}
          """
              .formatted(repo.toUri()));
      DevOptions o =
          TestManifests.options(
              dir.resolve("work"),
              Duration.ofSeconds(30),
              false,
              Duration.ofSeconds(2),
              null,
              manifest);
      HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();

      try (Engine s = new Engine(o)) {
        s.start();
        assertThat(s.awaitSettled(Duration.ofMinutes(1))).isTrue();
        String url = "http://127.0.0.1:" + s.port() + "/_zenith/fn/default/follow/";
        assertThat(body(client, url)).isEqualTo("follow v1");
        assertThat(builtCommit(s)).isEqualTo(first);

        String second = commit(git, repo, "follow v2");
        long t0 = System.nanoTime();
        String body = "";
        long deadline = t0 + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && !body.equals("follow v2")) {
          Thread.sleep(200);
          body = body(client, url);
        }

        assertThat(body).isEqualTo("follow v2");
        System.out.printf(
            "git-poll 2s: new commit served after %.1f s%n", (System.nanoTime() - t0) / 1e9);
        long statusDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < statusDeadline && !builtCommit(s).equals(second)) {
          Thread.sleep(100); // the status is written just after the swap
        }
        assertThat(builtCommit(s)).isEqualTo(second);
      }
    }
  }

  private static String body(HttpClient client, String url) throws Exception {
    return client
        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static String builtCommit(Engine s) {
    return s.store()
        .get(ResourceType.FUNCTION, "default", "follow")
        .orElseThrow()
        .path("status")
        .path("build")
        .path("commit")
        .asText();
  }
}
