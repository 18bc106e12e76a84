package com.zenith.functions.local.source;

import java.nio.file.Path;

/**
 * Where a function's source was found: the directory, how it was chosen, and the commit when it
 * came from git.
 */
public record ResolvedSource(Path directory, Origin origin, String commit) {
  /** How the source was chosen. */
  public enum Origin {
    /** --source NAME=DIR on the command line. */
    COMMAND_LINE,
    /** The functions.zenith.com/local-source annotation. */
    ANNOTATION,
    /** A clone of spec.gitRepo at spec.gitRevision. */
    GIT
  }
}
