package com.zenith.functions.api.naming;

import com.zenith.functions.api.v1alpha1.Function;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a build produces an image from: the source, the revision, the commit that revision resolved
 * to (when an engine resolved it), the target image and the builder. Two specs with the same
 * identity share a build; changing any part starts a new one, so a branch that moves to a new
 * commit is built again, while env, scale or eventing changes are not.
 *
 * @param gitRepo the git URL
 * @param gitRevision the revision asked for (branch, tag or commit)
 * @param commit the commit {@code gitRevision} resolved to, or null when not resolved (a fixed
 *     commit, or a revision the engine could not resolve)
 * @param image the image pushed to
 * @param builder the builder image
 */
public record BuildIdentity(
    String gitRepo, String gitRevision, String commit, String image, String builder) {
  /** The revision built when the spec names none. */
  public static final String DEFAULT_REVISION = "main";

  /** The identity of a Function's current spec, built with {@code builder}. */
  public static BuildIdentity of(Function fn, String builder) {
    var spec = fn.getSpec();
    String revision =
        spec.gitRevision() == null || spec.gitRevision().isEmpty()
            ? DEFAULT_REVISION
            : spec.gitRevision();
    return new BuildIdentity(spec.gitRepo(), revision, null, spec.build().image(), builder);
  }

  /** The same identity pinned to {@code resolved} (null: unresolved). */
  public BuildIdentity withCommit(String resolved) {
    return new BuildIdentity(gitRepo, gitRevision, resolved, image, builder);
  }

  /**
   * Ten hex digits of a SHA-256 over the parts: stable across runs and JVMs. An unresolved identity
   * hashes as it did before commits were part of it, so existing build names stay valid.
   */
  public String hash() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (String part : new String[] {gitRepo, gitRevision, image, builder}) {
        md.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0); // separator: ("ab","c") and ("a","bc") differ
      }
      if (commit != null) {
        md.update(commit.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
      }
      return HexFormat.of().formatHex(md.digest()).substring(0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
