package com.zenith.functions.local;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Settings of a zenith dev session.
 *
 * @param paths manifest files and directories
 * @param port the gateway port (0 picks a free one)
 * @param apiPort the Kubernetes API's port (0 picks a free one)
 * @param bindHost where the gateway listens (loopback unless told otherwise)
 * @param sources source directories by function name (--source)
 * @param cacheDir clones and build outputs, kept across sessions
 * @param stateDir the session file, logs and helper files
 * @param readyTimeout how long a started process may take to answer on its port
 * @param watch rebuild and swap a function when its source changes
 * @param consoleAccessLog print one line per gateway request on the console too
 * @param colour colour the console output
 * @param console where the session prints; null for nowhere
 * @param gitPoll how often a function cloned from git whose revision can move is resolved with git
 *     ls-remote, rebuilt when it moved; zero: never
 * @param tracing give every function the OTel variables, not only those whose spec enables tracing
 */
public record DevOptions(
    List<Path> paths,
    boolean recursive,
    int port,
    int apiPort,
    String bindHost,
    Map<String, Path> sources,
    Path cacheDir,
    Path stateDir,
    Duration readyTimeout,
    boolean watch,
    boolean consoleAccessLog,
    boolean colour,
    PrintStream console,
    Duration gitPoll,
    boolean tracing) {

  /** Options with tracing as each Function's spec says. */
  public DevOptions(
      List<Path> paths,
      boolean recursive,
      int port,
      int apiPort,
      String bindHost,
      Map<String, Path> sources,
      Path cacheDir,
      Path stateDir,
      Duration readyTimeout,
      boolean watch,
      boolean consoleAccessLog,
      boolean colour,
      PrintStream console,
      Duration gitPoll) {
    this(
        paths,
        recursive,
        port,
        apiPort,
        bindHost,
        sources,
        cacheDir,
        stateDir,
        readyTimeout,
        watch,
        consoleAccessLog,
        colour,
        console,
        gitPoll,
        false);
  }
}
