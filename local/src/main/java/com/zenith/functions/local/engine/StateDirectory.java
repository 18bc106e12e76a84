package com.zenith.functions.local.engine;

import com.zenith.functions.local.process.OwnerOnly;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The layout of an engine's state directory (the twin of a cluster's etcd data and node state):
 * readable by its owner only, since it holds the API token and the functions' logs.
 */
final class StateDirectory {
  private final Path root;

  StateDirectory(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** Creates the directories, owner-only. */
  void create() throws IOException {
    for (Path d : new Path[] {root, logs(), processes(), root.resolve("events")}) {
      OwnerOnly.directories(d);
    }
  }

  Path root() {
    return root;
  }

  Path store() {
    return root.resolve("store");
  }

  Path logs() {
    return root.resolve("logs");
  }

  Path processes() {
    return root.resolve("processes");
  }

  Path kubeconfig() {
    return root.resolve("kubeconfig");
  }

  /** The Node preload that routes fetch and http through the gateway, written on first use. */
  Path nodePreload() throws IOException {
    Path p = root.resolve("node-preload.cjs");
    try (InputStream in = StateDirectory.class.getResourceAsStream("/zenith/node-preload.cjs")) {
      Files.write(p, in.readAllBytes());
    }
    OwnerOnly.file(p);
    return p;
  }
}
