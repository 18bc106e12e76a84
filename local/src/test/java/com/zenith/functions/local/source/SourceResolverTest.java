package com.zenith.functions.local.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.api.validation.ManifestValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sources come from --source, then the local-source annotation, then a real git clone. */
class SourceResolverTest {
  @TempDir Path dir;

  private Function function(String gitRepo, String revision, String localSource)
      throws IOException {
    String yaml =
        "apiVersion: functions.zenith.com/v1alpha1\nkind: Function\nmetadata:\n  name: f\n"
            + (localSource == null
                ? ""
                : "  annotations:\n    functions.zenith.com/local-source: " + localSource + "\n")
            + "spec:\n  gitRepo: "
            + gitRepo
            + "\n"
            + (revision == null ? "" : "  gitRevision: " + revision + "\n")
            + "  build:\n    image: r/f\n  deploy: {}\n";
    Path manifest = dir.resolve("f.yaml");
    Files.writeString(manifest, yaml);
    var r = new ManifestValidator().validatePaths(List.of(manifest), false);
    assertThat(r.diagnostics()).isEmpty();
    return r.functions().get(0).function();
  }

  private RevCommit commit(Git git, String file, String content) throws Exception {
    Files.writeString(git.getRepository().getWorkTree().toPath().resolve(file), content);
    git.add().addFilepattern(file).call();
    return git.commit()
        .setMessage("update " + file)
        .setAuthor("t", "t@example.com")
        .setCommitter("t", "t@example.com")
        .call();
  }

  @Test
  void aGitRepoIsClonedAtTheRevisionAndTheCommitRecorded() throws Exception {
    Path origin = dir.resolve("origin");
    RevCommit v1;
    RevCommit v2;
    try (Git git = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call()) {
      v1 = commit(git, "Procfile", "web: echo v1\n");
      git.tag().setName("v1.0.0").call();
      v2 = commit(git, "Procfile", "web: echo v2\n");
    }
    SourceResolver resolver = new SourceResolver(Map.of(), dir.resolve("cache"), Map.of());
    Path manifest = dir.resolve("f.yaml");

    ResolvedSource main =
        resolver.resolve(function(origin.toUri().toString(), null, null), manifest);
    ResolvedSource tag =
        resolver.resolve(function(origin.toUri().toString(), "v1.0.0", null), manifest);

    assertThat(main.origin()).isEqualTo(ResolvedSource.Origin.GIT);
    assertThat(main.commit()).isEqualTo(v2.name());
    assertThat(Files.readString(main.directory().resolve("Procfile"))).isEqualTo("web: echo v2\n");
    assertThat(tag.commit()).isEqualTo(v1.name());
    assertThat(Files.readString(tag.directory().resolve("Procfile"))).isEqualTo("web: echo v1\n");
  }

  @Test
  void anUnknownRevisionSaysWhichAndWhere() throws Exception {
    Path origin = dir.resolve("origin");
    try (Git git = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call()) {
      commit(git, "Procfile", "web: echo\n");
    }
    SourceResolver resolver = new SourceResolver(Map.of(), dir.resolve("cache"), Map.of());

    assertThatThrownBy(
            () ->
                resolver.resolve(
                    function(origin.toUri().toString(), "no-such-branch", null),
                    dir.resolve("f.yaml")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("revision no-such-branch was not found");
  }

  @Test
  void theCommandLineWinsOverTheAnnotationWhichWinsOverGit() throws Exception {
    Files.createDirectories(dir.resolve("annotated"));
    Files.createDirectories(dir.resolve("override"));
    Function fn = function("https://github.com/myorg/f", null, "./annotated");

    ResolvedSource annotated =
        new SourceResolver(Map.of(), dir.resolve("cache"), Map.of())
            .resolve(fn, dir.resolve("f.yaml"));
    ResolvedSource overridden =
        new SourceResolver(Map.of("f", dir.resolve("override")), dir.resolve("cache"), Map.of())
            .resolve(fn, dir.resolve("f.yaml"));

    assertThat(annotated.origin()).isEqualTo(ResolvedSource.Origin.ANNOTATION);
    assertThat(annotated.directory())
        .isEqualTo(dir.resolve("annotated").toAbsolutePath().normalize());
    assertThat(overridden.origin()).isEqualTo(ResolvedSource.Origin.COMMAND_LINE);
    assertThat(overridden.directory())
        .isEqualTo(dir.resolve("override").toAbsolutePath().normalize());
  }

  @Test
  void aMissingLocalDirectoryIsReportedWithWhereItCameFrom() throws Exception {
    Function fn = function("https://github.com/myorg/f", null, "./nowhere");

    assertThatThrownBy(
            () ->
                new SourceResolver(Map.of(), dir.resolve("cache"), Map.of())
                    .resolve(fn, dir.resolve("f.yaml")))
        .hasMessageContaining("does not exist")
        .hasMessageContaining("functions.zenith.com/local-source");
  }
}
