package com.zenith.functions.local.kube;

import java.nio.file.Files;
import java.nio.file.Path;

/** Starts an API for manual exploration with kubectl -v=8 (not a test). */
final class KubeApiScratch {
  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("kube-scratch");
    try (KubeTestSupport s = new KubeTestSupport(dir)) {
      s.views.pod(
          "default",
          "transaction-processor",
          "transaction-processor-00001-deployment-abc",
          java.util.List.of("line 1", "line 2", "line 3"));
      System.out.println("KUBECONFIG=" + s.kubeconfig);
      System.out.flush();
      Thread.sleep(Long.parseLong(args.length > 0 ? args[0] : "600") * 1000);
    }
  }
}
