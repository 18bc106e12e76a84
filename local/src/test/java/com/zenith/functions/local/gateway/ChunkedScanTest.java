package com.zenith.functions.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Where a chunked body ends, found as its bytes go by. */
class ChunkedScanTest {
  private static final String BODY = "4;ext=1\r\nWiki\r\nA\r\n0123456789\r\n0\r\nX-T: 1\r\n\r\n";

  private static ByteBuf bytes(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
  }

  @Test
  void theEndIsFoundWholeAndByteByByteAndWhatFollowsIsNotTaken() {
    ChunkedScan scan = new ChunkedScan();
    ByteBuf b = bytes(BODY + "NEXT");
    assertThat(scan.scan(b, 0, b.writerIndex())).isEqualTo(BODY.length());
    for (int i = 0; i < BODY.length() - 1; i++) {
      assertThat(scan.scan(b, i, i + 1)).as("byte %d", i).isEqualTo(ChunkedScan.MORE);
    }
    assertThat(scan.scan(b, BODY.length() - 1, b.writerIndex())).isEqualTo(BODY.length());
  }

  @Test
  void aBrokenBodyIsInvalid() {
    for (String bad : new String[] {"x\r\n", "4\r\nWikiX\r\n", "4\nWiki", "\r\n", "0\r\n\n"}) {
      ByteBuf b = bytes(bad);
      assertThat(new ChunkedScan().scan(b, 0, b.writerIndex()))
          .as(bad)
          .isEqualTo(ChunkedScan.INVALID);
    }
  }
}
