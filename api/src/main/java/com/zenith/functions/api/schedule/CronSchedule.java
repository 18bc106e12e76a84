package com.zenith.functions.api.schedule;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;

/**
 * A standard five-field cron schedule (minute hour day-of-month month day-of-week), as Knative's
 * PingSource takes it: numbers, {@code *}, ranges {@code a-b}, steps {@code /n}, lists, month and
 * day names, and the {@code @hourly}-style shortcuts. Times are in UTC.
 */
public final class CronSchedule {
  private static final Map<String, String> SHORTCUTS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");
  private static final String[] MONTHS = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
  };
  private static final String[] DAYS = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

  private final String text;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean anyDayOfMonth;
  private final boolean anyDayOfWeek;

  private CronSchedule(String text, String[] f) {
    this.text = text;
    this.minutes = field(f[0], 0, 59, null, "minute");
    this.hours = field(f[1], 0, 23, null, "hour");
    this.daysOfMonth = field(f[2], 1, 31, null, "day of month");
    this.months = field(f[3], 1, 12, MONTHS, "month");
    BitSet dow = field(f[4].replace("7", "0"), 0, 6, DAYS, "day of week");
    this.daysOfWeek = dow;
    this.anyDayOfMonth = f[2].equals("*");
    this.anyDayOfWeek = f[4].equals("*");
  }

  /**
   * Parses a schedule.
   *
   * @throws IllegalArgumentException naming the field and what was expected
   */
  public static CronSchedule parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          "the schedule is empty; expected five fields such as \"*/1 * * * *\"");
    }
    String t = text.strip().toLowerCase(Locale.ROOT);
    String expanded = SHORTCUTS.getOrDefault(t, t);
    String[] f = expanded.split("\\s+");
    if (f.length != 5) {
      throw new IllegalArgumentException(
          "expected five fields (minute hour day-of-month month day-of-week), got " + f.length);
    }
    return new CronSchedule(text, f);
  }

  /** The first time strictly after {@code after} (truncated to the minute) that matches. */
  public ZonedDateTime next(ZonedDateTime after) {
    ZonedDateTime t =
        after.withZoneSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    for (int i = 0; i < 60 * 24 * 366 * 5; i++) {
      if (matches(t)) {
        return t;
      }
      t = t.plusMinutes(1);
    }
    throw new IllegalStateException("the schedule " + text + " never fires");
  }

  private boolean matches(ZonedDateTime t) {
    if (!minutes.get(t.getMinute()) || !hours.get(t.getHour()) || !months.get(t.getMonthValue())) {
      return false;
    }
    boolean dom = daysOfMonth.get(t.getDayOfMonth());
    boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
    // cron: when both day fields are restricted, either may match
    if (!anyDayOfMonth && !anyDayOfWeek) {
      return dom || dow;
    }
    return dom && dow;
  }

  private static BitSet field(String spec, int min, int max, String[] names, String what) {
    BitSet bits = new BitSet(max + 1);
    for (String part : spec.split(",")) {
      int step = 1;
      String range = part;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        step = number(part.substring(slash + 1), 1, max, null, what + " step");
        range = part.substring(0, slash);
      }
      int lo;
      int hi;
      if (range.equals("*")) {
        lo = min;
        hi = max;
      } else if (range.contains("-")) {
        String[] ab = range.split("-", 2);
        lo = number(ab[0], min, max, names, what);
        hi = number(ab[1], min, max, names, what);
        if (hi < lo) {
          throw new IllegalArgumentException(what + " range " + range + " runs backwards");
        }
      } else {
        lo = number(range, min, max, names, what);
        hi = slash >= 0 ? max : lo;
      }
      for (int v = lo; v <= hi; v += step) {
        bits.set(v);
      }
    }
    return bits;
  }

  private static int number(String s, int min, int max, String[] names, String what) {
    if (names != null) {
      for (int i = 0; i < names.length; i++) {
        if (names[i].equals(s)) {
          return names == DAYS ? i : i + 1;
        }
      }
    }
    int v;
    try {
      v = Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          what + " \"" + s + "\" is not a number from " + min + " to " + max);
    }
    if (v < min || v > max) {
      throw new IllegalArgumentException(what + " " + v + " is out of range " + min + "-" + max);
    }
    return v;
  }

  @Override
  public String toString() {
    return text;
  }
}
