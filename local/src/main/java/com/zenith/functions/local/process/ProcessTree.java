package com.zenith.functions.local.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Stops a process and every process it started, children of children included. */
public final class ProcessTree {
  private ProcessTree() {}

  /**
   * Asks the whole tree to stop (SIGTERM), waits up to {@code grace}, then kills what is left
   * (SIGKILL). Descendants are collected before the parent goes, so none is orphaned.
   */
  public static void stop(ProcessHandle root, Duration grace) {
    List<ProcessHandle> tree = new ArrayList<>();
    root.descendants().forEach(tree::add);
    tree.add(root);
    for (ProcessHandle p : tree) {
      p.destroy();
    }
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle p : tree) {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        try {
          p.onExit().get(left, TimeUnit.NANOSECONDS);
        } catch (Exception e) {
          // still alive: killed below
        }
      }
    }
    // A process may have started children while stopping: take them too.
    List<ProcessHandle> late = new ArrayList<>();
    for (ProcessHandle p : tree) {
      if (p.isAlive()) {
        p.descendants().forEach(late::add);
      }
    }
    late.forEach(ProcessHandle::destroyForcibly);
    tree.forEach(ProcessHandle::destroyForcibly);
  }
}
