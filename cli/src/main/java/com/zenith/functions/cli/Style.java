package com.zenith.functions.cli;

import java.util.Map;

/** Terminal colours, off when NO_COLOR is set or the output is not a terminal. */
public record Style(boolean colour) {
  /** Decides from the environment: colour only on a terminal, never with NO_COLOR. */
  public static Style detect(Map<String, String> env) {
    boolean noColor = env.containsKey("NO_COLOR") && !env.get("NO_COLOR").isEmpty();
    boolean terminal = System.console() != null && !"dumb".equals(env.get("TERM"));
    return new Style(!noColor && terminal);
  }

  /** Plain text, for tests and pipes. */
  public static Style plain() {
    return new Style(false);
  }

  /** Red, for errors. */
  public String red(String s) {
    return wrap("31", s);
  }

  /** Yellow, for warnings. */
  public String yellow(String s) {
    return wrap("33", s);
  }

  /** Green, for success. */
  public String green(String s) {
    return wrap("32", s);
  }

  /** Bold. */
  public String bold(String s) {
    return wrap("1", s);
  }

  private String wrap(String code, String s) {
    return colour ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
  }
}
