package com.zenith.functions.local.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ls-remote through JGit against a real repository on disk ({@code file://}). */
class GitLsRemoteTest {
  @TempDir Path dir;

  private final GitLsRemote remote = new GitLsRemote(10);

  private static RevCommit commit(Git git, Path dir, String content) throws Exception {
    Files.writeString(dir.resolve("main.py"), content);
    git.add().addFilepattern("main.py").call();
    return git.commit()
        .setMessage(content)
        .setAuthor("t", "t@example.com")
        .setCommitter("t", "t@example.com")
        .call();
  }

  @Test
  void aBranchAndAnAnnotatedTagResolveToTheirCommitsNow() throws Exception {
    try (Git git = Git.init().setInitialBranch("main").setDirectory(dir.toFile()).call()) {
      RevCommit first = commit(git, dir, "one");
      git.tag().setName("v1").setAnnotated(true).setMessage("v1").setObjectId(first).call();
      String url = dir.toUri().toString();
      assertThat(remote.commit(url, "main", null)).isEqualTo(first.name());

      RevCommit second = commit(git, dir, "two");

      assertThat(remote.commit(url, "main", null)).isEqualTo(second.name());
      assertThat(remote.commit(url, "refs/heads/main", null)).isEqualTo(second.name());
      assertThat(remote.commit(url, "v1", null)).as("the tag's commit").isEqualTo(first.name());
    }
  }

  @Test
  void aMissingBranchOrRepositoryIsAnErrorNamingIt() throws Exception {
    try (Git git = Git.init().setInitialBranch("main").setDirectory(dir.toFile()).call()) {
      commit(git, dir, "one");
    }
    String url = dir.toUri().toString();
    assertThatThrownBy(() -> remote.commit(url, "develop", null))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("has no branch or tag develop");
    String gone = dir.resolve("nothing-here").toUri().toString();
    assertThatThrownBy(() -> remote.commit(gone, "main", null))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("git ls-remote " + gone + " failed");
  }
}
