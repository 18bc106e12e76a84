package com.zenith.functions.local.source;

import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.Function;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Finds a function's source, in this order: {@code --source NAME=DIR}; the {@code
 * functions.zenith.com/local-source} annotation (relative to the manifest's directory); else a JGit
 * clone of spec.gitRepo at spec.gitRevision in a cache. Git credentials come from the environment
 * (ZENITH_GIT_USERNAME and ZENITH_GIT_TOKEN) and are never printed.
 */
public final class SourceResolver {
  private final Map<String, Path> overrides;
  private final Path gitCache;
  private final Map<String, String> env;

  /** A resolver with command-line overrides by function name and a clone cache directory. */
  public SourceResolver(Map<String, Path> overrides, Path gitCache, Map<String, String> env) {
    this.overrides = overrides;
    this.gitCache = gitCache;
    this.env = env;
  }

  /** Resolves the source of {@code fn}, declared in {@code manifest}. */
  public ResolvedSource resolve(Function fn, Path manifest) throws IOException {
    String name = fn.getMetadata().getName();
    Path override = overrides.get(name);
    if (override != null) {
      return existing(
          override.toAbsolutePath().normalize(),
          ResolvedSource.Origin.COMMAND_LINE,
          "--source " + name);
    }
    Map<String, String> annotations = fn.getMetadata().getAnnotations();
    String local =
        annotations == null ? null : annotations.get(FunctionNames.LOCAL_SOURCE_ANNOTATION);
    if (local != null && !local.isBlank()) {
      Path base = manifest.toAbsolutePath().getParent();
      return existing(
          base.resolve(local).normalize(),
          ResolvedSource.Origin.ANNOTATION,
          "annotation " + FunctionNames.LOCAL_SOURCE_ANNOTATION);
    }
    return clone(
        fn.getSpec().gitRepo(),
        fn.getSpec().gitRevision() == null ? "main" : fn.getSpec().gitRevision());
  }

  private static ResolvedSource existing(Path dir, ResolvedSource.Origin origin, String from)
      throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("source directory " + dir + " (from " + from + ") does not exist");
    }
    return new ResolvedSource(dir, origin, null);
  }

  private ResolvedSource clone(String url, String revision) throws IOException {
    Path dir = gitCache.resolve(sha(url + "\u0000" + revision).substring(0, 16));
    try {
      Git git;
      if (Files.isDirectory(dir.resolve(".git"))) {
        git = Git.open(dir.toFile());
        git.fetch().setCredentialsProvider(credentials()).setRemote("origin").call();
      } else {
        Files.createDirectories(dir.getParent());
        git =
            Git.cloneRepository()
                .setURI(url)
                .setDirectory(dir.toFile())
                .setNoCheckout(true)
                .setCloneAllBranches(true)
                .setCredentialsProvider(credentials())
                .call();
      }
      try (git) {
        Repository repo = git.getRepository();
        ObjectId commit = null;
        for (String candidate :
            new String[] {"refs/remotes/origin/" + revision, "refs/tags/" + revision, revision}) {
          commit = repo.resolve(candidate + "^{commit}");
          if (commit != null) {
            break;
          }
        }
        if (commit == null) {
          throw new IOException(
              "revision " + revision + " was not found in " + url + "; check spec.gitRevision");
        }
        // A hard reset works whatever the working tree holds (a fresh no-checkout clone or an
        // older revision), and leaves exactly the commit's files.
        git.reset()
            .setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD)
            .setRef(commit.name())
            .call();
        return new ResolvedSource(dir, ResolvedSource.Origin.GIT, commit.name());
      }
    } catch (GitAPIException | org.eclipse.jgit.errors.RevisionSyntaxException e) {
      throw new IOException(
          "cannot clone "
              + url
              + ": "
              + e.getMessage()
              + " (to run from a local directory instead, pass --source NAME=DIR or set the "
              + FunctionNames.LOCAL_SOURCE_ANNOTATION
              + " annotation)",
          e);
    }
  }

  private CredentialsProvider credentials() {
    String user = env.get("ZENITH_GIT_USERNAME");
    String token = env.get("ZENITH_GIT_TOKEN");
    if (token == null || token.isEmpty()) {
      return null;
    }
    return new UsernamePasswordCredentialsProvider(
        user == null || user.isEmpty() ? "git" : user, token);
  }

  private static String sha(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
