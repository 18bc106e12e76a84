package com.zenith.functions.api.source;

import java.util.regex.Pattern;

/**
 * Which git revisions can move: a full commit id names one commit forever, while a branch, a tag or
 * an abbreviated id can point elsewhere tomorrow. Both engines follow the revisions that can move
 * and build again when they do.
 */
public final class GitRevisions {

  /** A full SHA-1 (40) or SHA-256 (64) object id. */
  private static final Pattern FULL_COMMIT = Pattern.compile("^([0-9a-f]{40}|[0-9a-f]{64})$");

  private GitRevisions() {}

  /** True when {@code revision} is a full commit id (lowercase hex, as git prints it). */
  public static boolean isFullCommit(String revision) {
    return revision != null && FULL_COMMIT.matcher(revision).matches();
  }

  /** True when {@code revision} can point at another commit later, so it must be followed. */
  public static boolean canMove(String revision) {
    return revision != null && !revision.isEmpty() && !isFullCommit(revision);
  }

  /**
   * The refs {@code git ls-remote} must look at for {@code revision}, most specific first: a fully
   * qualified ref as is, else the branch, then the tag of that name (git's own order for a short
   * name, a branch winning over a tag).
   */
  public static java.util.List<String> candidateRefs(String revision) {
    if (revision.startsWith("refs/")) {
      return java.util.List.of(revision);
    }
    if (revision.equals("HEAD")) {
      return java.util.List.of("HEAD");
    }
    return java.util.List.of("refs/heads/" + revision, "refs/tags/" + revision);
  }
}
