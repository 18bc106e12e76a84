package com.zenith.functions.cli;

/** What zenith's exit codes mean; scripts may rely on them. */
public final class ExitCodes {
  private ExitCodes() {}

  /** Everything was fine. */
  public static final int OK = 0;

  /** The input was invalid (a manifest failed validation). */
  public static final int INVALID = 1;

  /** The command line itself was wrong: unknown option, missing argument. */
  public static final int USAGE = 2;

  /** zenith itself failed; the message says what to report. */
  public static final int INTERNAL = 3;
}
