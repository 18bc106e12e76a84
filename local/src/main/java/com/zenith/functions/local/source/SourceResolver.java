package com.zenith.functions.local.source;

import com.zenith.functions.api.naming.BuildIdentity;
import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.source.GitBasicAuth;
import com.zenith.functions.api.v1alpha1.Function;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Finds a function's source, in this order: {@code --source NAME=DIR}; the {@code
 * functions.zenith.com/local-source} annotation (relative to the manifest's directory); else a JGit
 * clone of spec.gitRepo at spec.gitRevision in a cache, fetched again on every resolve (so a
 * rebuild after the branch moved gets the new commit). Git credentials come from the Function's
 * {@code gitAuthSecretName} Secret (the API module's {@link GitBasicAuth} rule), else from the
 * environment (ZENITH_GIT_USERNAME and ZENITH_GIT_TOKEN); they are never printed.
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

  /** Resolves the source of {@code fn}, declared in {@code manifest}, with no Secrets known. */
  public ResolvedSource resolve(Function fn, Path manifest) throws IOException {
    return resolve(fn, manifest, List.of());
  }

  /**
   * Resolves the source of {@code fn}, declared in {@code manifest}; {@code secrets} are those of
   * its namespace, where its git Secret is looked up.
   */
  public ResolvedSource resolve(Function fn, Path manifest, List<Secret> secrets)
      throws IOException {
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
        BuildIdentity.of(fn, "").gitRevision(),
        credentials(fn.getSpec().gitAuthSecretName(), secrets));
  }

  private static ResolvedSource existing(Path dir, ResolvedSource.Origin origin, String from)
      throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("source directory " + dir + " (from " + from + ") does not exist");
    }
    return new ResolvedSource(dir, origin, null);
  }

  private ResolvedSource clone(String url, String revision, CredentialsProvider credentials)
      throws IOException {
    Path dir = gitCache.resolve(sha(url + "\u0000" + revision).substring(0, 16));
    try {
      Git git;
      if (Files.isDirectory(dir.resolve(".git"))) {
        git = Git.open(dir.toFile());
        // Forced, tags too: a branch or tag that moved (even rewritten) is taken as it is now.
        git.fetch()
            .setCredentialsProvider(credentials)
            .setRemote("origin")
            .setRefSpecs(
                new RefSpec("+refs/heads/*:refs/remotes/origin/*"),
                new RefSpec("+refs/tags/*:refs/tags/*"))
            .call();
      } else {
        Files.createDirectories(dir.getParent());
        git =
            Git.cloneRepository()
                .setURI(url)
                .setDirectory(dir.toFile())
                .setNoCheckout(true)
                .setCloneAllBranches(true)
                .setCredentialsProvider(credentials)
                .call();
      }
      try (git) {
        Repository repo = git.getRepository();
        ObjectId commit = null;
        String branch = revision.startsWith("refs/heads/") ? revision.substring(11) : revision;
        for (String candidate :
            new String[] {"refs/remotes/origin/" + branch, "refs/tags/" + revision, revision}) {
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

  /** The Function's git Secret's credentials when it names one that has them, else the env's. */
  private CredentialsProvider credentials(String secretName, List<Secret> secrets)
      throws IOException {
    if (secretName != null && !secretName.isEmpty()) {
      for (Secret s : secrets) {
        if (secretName.equals(s.getMetadata().getName())) {
          try {
            var auth = GitBasicAuth.fromSecretData(s.getData());
            if (auth.isPresent()) {
              return new UsernamePasswordCredentialsProvider(
                  auth.get().username(), auth.get().password());
            }
          } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage() + " (Secret " + secretName + ")", e);
          }
        }
      }
    }
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
