package com.zenith.functions.api.schedule;

import java.time.Duration;

/**
 * Intervals as users write them, the same for the operator's environment (the chart's values) and
 * the CLI's options: {@code 500ms}, {@code 60s}, {@code 2m}, {@code 1h}, or a bare number of
 * seconds.
 */
public final class Intervals {
  private Intervals() {}

  /**
   * Parses {@code value}, the setting {@code name}.
   *
   * @throws IllegalArgumentException naming the setting and the forms it takes
   */
  public static Duration parse(String name, String value) {
    String v = value.strip();
    try {
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      long n = Long.parseLong(v.replaceAll("[smh]$", ""));
      return switch (v.charAt(v.length() - 1)) {
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> Duration.ofSeconds(n);
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + "=" + value + " is not a duration; write it as 60s, 2m, 500ms or 1h", e);
    }
  }
}
