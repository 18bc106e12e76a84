package com.zenith.functions.api.naming;

import com.zenith.functions.api.v1alpha1.Function;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a build produces an image from: the source, the revision, the target image and the builder.
 * Two specs with the same identity share a build; changing any part starts a new one, while env,
 * scale or eventing changes do not.
 */
public record BuildIdentity(String gitRepo, String gitRevision, String image, String builder) {
  /** The revision built when the spec names none. */
  public static final String DEFAULT_REVISION = "main";

  /** The identity of a Function's current spec, built with {@code builder}. */
  public static BuildIdentity of(Function fn, String builder) {
    var spec = fn.getSpec();
    String revision =
        spec.gitRevision() == null || spec.gitRevision().isEmpty()
            ? DEFAULT_REVISION
            : spec.gitRevision();
    return new BuildIdentity(spec.gitRepo(), revision, spec.build().image(), builder);
  }

  /** Ten hex digits of a SHA-256 over the parts: stable across runs and JVMs. */
  public String hash() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (String part : new String[] {gitRepo, gitRevision, image, builder}) {
        md.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0); // separator: ("ab","c") and ("a","bc") differ
      }
      return HexFormat.of().formatHex(md.digest()).substring(0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
