package com.zenith.functions.local.realize;

/**
 * The names Knative gives a Function's revisions and their pods, so that {@code kubectl get pods}
 * shows what a cluster would: revision {@code <fn>-00001}, pod {@code <fn>-00001-deployment-<id>}.
 */
public final class PodNames {
  private PodNames() {}

  /** The revision name: the Knative Service name and a five-digit sequence. */
  public static String revision(String function, int revision) {
    return function + "-" + String.format("%05d", revision);
  }

  /** A pod name of that revision; the suffix is stable for one engine run. */
  public static String pod(String function, int revision) {
    String suffix =
        Long.toString(Math.abs((function.hashCode() * 31L + revision) ^ System.nanoTime()), 36);
    suffix = (suffix + "xxxxx").substring(0, 5);
    return revision(function, revision) + "-deployment-" + suffix;
  }
}
