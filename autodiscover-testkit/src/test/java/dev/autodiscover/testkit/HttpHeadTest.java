package dev.autodiscover.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpHeadTest {
  @Test
  void read_stopsAtBlankLineAndLeavesBodyUnread() throws IOException {
    InputStream in = stream("POST http://a.example/x HTTP/1.1\r\nHost: a.example\r\nContent-Length: 4\r\n\r\nbody");

    HttpHead head = HttpHead.read(in);

    assertThat(head).isNotNull();
    assertThat(head.startLine()).isEqualTo("POST http://a.example/x HTTP/1.1");
    assertThat(head.value("content-length")).isEqualTo("4");
    assertThat(head.contentLength()).hasValue(4);
    assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("body");
  }

  @Test
  void read_whenStreamEmpty_returnsNull_andWhenTruncated_throws() throws IOException {
    assertThat(HttpHead.read(stream(""))).isNull();
    assertThatThrownBy(() -> HttpHead.read(stream("GET / HTTP/1.1\r\nHost: a"))).isInstanceOf(ProtocolException.class);
  }

  @Test
  void forNextHopClosing_dropsHopByHopHeadersAndAppendsConnectionClose() throws IOException {
    HttpHead head = HttpHead.read(stream("GET / HTTP/1.1\r\n"
        + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA\r\n"
        + "Proxy-Connection: keep-alive\r\nKeep-Alive: timeout=5\r\nHost: a.example\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n"));

    String forwarded = new String(head.forNextHopClosing().toBytes(), StandardCharsets.ISO_8859_1);

    assertThat(forwarded).isEqualTo("GET / HTTP/1.1\r\nHost: a.example\r\nTransfer-Encoding: chunked\r\n"
        + "Connection: close\r\n\r\n");
  }

  @Test
  void hostOf_stripsPortUserInfoAndCase() {
    assertThat(LoopbackProxy.hostOf("AutoDiscover.Contoso.com:443")).isEqualTo("autodiscover.contoso.com");
    assertThat(LoopbackProxy.hostOf("user@mail.contoso.com")).isEqualTo("mail.contoso.com");
    assertThat(LoopbackProxy.hostOf("[::1]:8080")).isEqualTo("::1");
  }

  private static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
  }
}
