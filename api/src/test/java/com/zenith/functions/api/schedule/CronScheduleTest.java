package com.zenith.functions.api.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** Five-field cron schedules, as PingSource takes them. */
class CronScheduleTest {
  private static final ZonedDateTime T = ZonedDateTime.parse("2026-11-28T10:07:30Z");

  @Test
  void everyMinuteFiresAtTheNextMinute() {
    assertThat(CronSchedule.parse("* * * * *").next(T))
        .isEqualTo(ZonedDateTime.parse("2026-11-28T10:08:00Z"));
    assertThat(CronSchedule.parse("*/1 * * * *").next(T))
        .isEqualTo(ZonedDateTime.parse("2026-11-28T10:08:00Z"));
  }

  @Test
  void stepsRangesListsAndNamesWork() {
    assertThat(CronSchedule.parse("*/15 * * * *").next(T))
        .isEqualTo(ZonedDateTime.parse("2026-11-28T10:15:00Z"));
    assertThat(CronSchedule.parse("0 9-17 * * mon-fri").next(T))
        .isEqualTo(ZonedDateTime.parse("2026-11-30T09:00:00Z"));
    assertThat(CronSchedule.parse("5,45 10 * * *").next(T))
        .isEqualTo(ZonedDateTime.parse("2026-11-28T10:45:00Z"));
    assertThat(CronSchedule.parse("0 0 1 jan *").next(T))
        .isEqualTo(ZonedDateTime.parse("2027-01-01T00:00:00Z"));
    assertThat(CronSchedule.parse("@hourly").next(T))
        .isEqualTo(ZonedDateTime.parse("2026-11-28T11:00:00Z"));
  }

  @Test
  void badSchedulesSayWhatIsWrong() {
    assertThatThrownBy(() -> CronSchedule.parse("* * *"))
        .hasMessageContaining("expected five fields");
    assertThatThrownBy(() -> CronSchedule.parse("61 * * * *"))
        .hasMessage("minute 61 is out of range 0-59");
    assertThatThrownBy(() -> CronSchedule.parse("* * * * funday"))
        .hasMessageContaining("day of week \"funday\" is not a number");
    assertThatThrownBy(() -> CronSchedule.parse("")).hasMessageContaining("the schedule is empty");
  }
}
