package com.zenith.functions.sdk.host;

import com.zenith.functions.sdk.Functions;
import java.util.Map;

/** The child process of {@link SigtermTest}: a function whose handler takes 500 ms. */
public final class SigtermMain {
  private SigtermMain() {}

  public static void main(String[] args) {
    var host =
        Functions.host()
            .post(
                "/slow",
                r -> {
                  System.out.println("ENTERED");
                  System.out.flush();
                  Thread.sleep(500);
                  return Map.of("done", true);
                })
            .start();
    System.out.println("PORT=" + host.port());
    System.out.flush();
    host.run();
  }
}
