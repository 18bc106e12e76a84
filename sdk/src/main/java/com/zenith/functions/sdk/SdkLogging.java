package com.zenith.functions.sdk;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One line per SDK log record ({@code WARNING com.zenith.functions.sdk.host: ...}) instead of
 * java.util.logging's two, set on the SDK's own logger only and only when nobody configured
 * java.util.logging: no system property and no other logger is touched.
 */
final class SdkLogging {
  /** Held strongly: java.util.logging forgets the settings of a logger nobody references. */
  private static Logger sdkLogger;

  private SdkLogging() {}

  static synchronized void oneLinePerRecord() {
    if (sdkLogger != null
        || System.getProperty("java.util.logging.config.file") != null
        || System.getProperty("java.util.logging.config.class") != null) {
      return;
    }
    Logger logger = Logger.getLogger("com.zenith.functions.sdk");
    if (logger.getHandlers().length > 0) {
      return;
    }
    var handler = new ConsoleHandler();
    handler.setFormatter(new OneLine());
    logger.addHandler(handler);
    logger.setUseParentHandlers(false);
    sdkLogger = logger;
  }

  /** {@code LEVEL logger: message}, then the stack trace when there is one. */
  private static final class OneLine extends Formatter {
    @Override
    public String format(LogRecord r) {
      String line = r.getLevel() + " " + r.getLoggerName() + ": " + formatMessage(r);
      if (r.getThrown() == null) {
        return line + System.lineSeparator();
      }
      var trace = new StringWriter();
      r.getThrown().printStackTrace(new PrintWriter(trace));
      return line + System.lineSeparator() + trace;
    }
  }
}
