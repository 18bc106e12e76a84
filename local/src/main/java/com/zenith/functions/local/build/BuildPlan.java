package com.zenith.functions.local.build;

import java.nio.file.Path;
import java.util.List;

/**
 * How to build and start one function's source: the commands a Cloud Native Buildpack would pick
 * for it, run with the local toolchain.
 *
 * @param toolchain what was detected (maven, gradle, go, node, python, procfile)
 * @param steps build commands, run in order in {@code sourceDir}
 * @param run the start command, run in {@code sourceDir}
 * @param artifact a file the build must leave behind (checked on a cache hit), or null
 */
public record BuildPlan(
    String toolchain, Path sourceDir, List<List<String>> steps, List<String> run, Path artifact) {

  /** A one-line description, part of the cache key. */
  public String describe() {
    return toolchain + " " + steps + " -> " + run;
  }
}
