package com.zenith.functions.local.store;

import static com.zenith.functions.local.store.PersistentStoreTest.fn;
import static com.zenith.functions.local.store.PersistentStoreTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistentStoreFilesTest {
  @TempDir Path dir;

  @Test
  void whatWasStoredComesBackAfterARestartAndVersionsContinue() throws Exception {
    String uid;
    String lastVersion;
    try (PersistentStore s = PersistentStore.open(dir, Admission.NONE)) {
      uid = s.create(ResourceType.FUNCTION, fn("a", "img:1")).at("/metadata/uid").asText();
      s.create(ResourceType.FUNCTION, fn("b", "img:1"));
      ObjectNode a = s.get(ResourceType.FUNCTION, "default", "a").orElseThrow();
      a.putObject("status").put("url", "http://a");
      s.updateStatus(ResourceType.FUNCTION, a);
      s.create(ResourceType.SECRET, json("{'metadata':{'name':'s'},'data':{'k':'dg=='}}"));
      s.delete(ResourceType.FUNCTION, "default", "b");
      lastVersion = s.resourceVersion();
    }
    try (PersistentStore s = PersistentStore.open(dir, Admission.NONE)) {
      ObjectNode a = s.get(ResourceType.FUNCTION, "default", "a").orElseThrow();
      assertThat(a.at("/metadata/uid").asText()).isEqualTo(uid);
      assertThat(a.at("/status/url").asText()).isEqualTo("http://a");
      assertThat(s.get(ResourceType.FUNCTION, "default", "b")).isEmpty();
      assertThat(s.get(ResourceType.SECRET, "default", "s")).isPresent();
      assertThat(s.resourceVersion()).isEqualTo(lastVersion);
      ObjectNode c = s.create(ResourceType.FUNCTION, fn("c", "img:1"));
      assertThat(c.at("/metadata/resourceVersion").asLong())
          .isGreaterThan(Long.parseLong(lastVersion));
      // History from before the restart is gone: a watch from an older version is told so.
      assertThatThrownBy(() -> s.watch(ResourceType.FUNCTION, null, "1", e -> {}))
          .hasFieldOrPropertyWithValue("code", 410);
    }
    assertThat(Files.getPosixFilePermissions(dir.resolve(StoreLog.FILE)))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void aDamagedLineStopsTheOpenWithAMessageNamingTheFileAndWhatToDo() throws Exception {
    try (PersistentStore s = PersistentStore.open(dir, Admission.NONE)) {
      s.create(ResourceType.FUNCTION, fn("a", "img:1"));
      s.create(ResourceType.FUNCTION, fn("b", "img:1"));
    }
    Path file = dir.resolve(StoreLog.FILE);
    List<String> lines = Files.readAllLines(file);
    lines.set(1, lines.get(1).substring(0, 20) + "#garbage");
    Files.write(file, lines);
    assertThatThrownBy(() -> PersistentStore.open(dir, Admission.NONE))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("line 2")
        .hasMessageContaining("Move the file away");
    // The damaged file is left as it was, for the user to look at.
    assertThat(Files.readAllLines(file)).isEqualTo(lines);
  }

  @Test
  void aWriteTornByACrashIsDroppedAndTheRestKept() throws Exception {
    try (PersistentStore s = PersistentStore.open(dir, Admission.NONE)) {
      s.create(ResourceType.FUNCTION, fn("a", "img:1"));
    }
    Files.writeString(
        dir.resolve(StoreLog.FILE),
        "{\"op\":\"put\",\"object\":{\"apiVersion\":\"functions.zen",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    try (PersistentStore s = PersistentStore.open(dir, Admission.NONE)) {
      assertThat(s.get(ResourceType.FUNCTION, "default", "a")).isPresent();
      s.create(ResourceType.FUNCTION, fn("b", "img:1"));
    }
    try (PersistentStore s = PersistentStore.open(dir, Admission.NONE)) {
      assertThat(s.list(ResourceType.FUNCTION, null)).hasSize(2);
    }
  }

  @Test
  void aSecondEngineCannotOpenTheSameStore() throws Exception {
    try (PersistentStore s = PersistentStore.open(dir, Admission.NONE)) {
      assertThatThrownBy(() -> PersistentStore.open(dir, Admission.NONE))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("in use by another zenith engine");
    }
  }

  @Test
  void compactionKeepsOnlyTheLiveObjects() throws Exception {
    try (PersistentStore s = PersistentStore.open(dir, Admission.NONE)) {
      for (int i = 0; i < 1500; i++) {
        s.update(
            ResourceType.NAMESPACE,
            json("{'metadata':{'name':'default','labels':{'i':'" + i + "'}}}"));
      }
    }
    assertThat(Files.readAllLines(dir.resolve(StoreLog.FILE)).size()).isLessThan(600);
    try (PersistentStore s = PersistentStore.open(dir, Admission.NONE)) {
      assertThat(
              s.get(ResourceType.NAMESPACE, null, "default")
                  .orElseThrow()
                  .at("/metadata/labels/i")
                  .asText())
          .isEqualTo("1499");
    }
  }

  @Test
  void eventsAreBoundedInNumberAndAge() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    try (PersistentStore s = PersistentStore.inMemory(Admission.NONE, clock)) {
      for (int i = 0; i < EventRetention.MAX_EVENTS + 5; i++) {
        s.create(ResourceType.EVENT, json("{'metadata':{'name':'e" + i + "'},'reason':'X'}"));
      }
      assertThat(s.list(ResourceType.EVENT, null)).hasSize(EventRetention.MAX_EVENTS);
      assertThat(s.get(ResourceType.EVENT, "default", "e0")).isEmpty();
      assertThat(s.get(ResourceType.EVENT, "default", "e5")).isPresent();
      clock.now = clock.now.plus(Duration.ofMinutes(59));
      s.create(ResourceType.EVENT, json("{'metadata':{'name':'recent'}}"));
      clock.now = clock.now.plus(Duration.ofMinutes(2));
      s.expireEvents();
      assertThat(s.list(ResourceType.EVENT, null))
          .extracting(o -> o.at("/metadata/name").asText())
          .containsExactly("recent");
    }
  }

  static final class MutableClock extends Clock {
    volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
