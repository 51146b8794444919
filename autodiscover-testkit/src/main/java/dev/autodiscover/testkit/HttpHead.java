package dev.autodiscover.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The start line and header fields of an HTTP/1.x request or response. Immutable.
 *
 * @param startLine request line or status line, without line terminator
 * @param headers header fields in wire order
 */
record HttpHead(String startLine, List<Header> headers) {
  /** Upper bound for one head; protects the proxy from a peer that never sends the blank line. */
  static final int MAX_HEAD_BYTES = 64 * 1024;

  /** One header field, name as received. */
  record Header(String name, String value) {}

  HttpHead {
    headers = List.copyOf(headers);
  }

  /**
   * Reads one head byte by byte, so that nothing after the blank line is consumed from {@code in}.
   *
   * @return the head, or {@code null} if the stream ended before the first byte
   * @throws ProtocolException if the stream ends inside the head or the head exceeds {@link #MAX_HEAD_BYTES}
   */
  static @Nullable HttpHead read(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    int last4 = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (bytes.size() == 0) {
          return null;
        }
        throw new ProtocolException("connection closed inside an HTTP head");
      }
      bytes.write(b);
      last4 = (last4 << 8) | b;
      if (last4 == 0x0D0A0D0A || (last4 & 0xFFFF) == 0x0A0A) {
        break;
      }
      if (bytes.size() > MAX_HEAD_BYTES) {
        throw new ProtocolException("HTTP head longer than " + MAX_HEAD_BYTES + " bytes");
      }
    }
    String[] lines = bytes.toString(StandardCharsets.ISO_8859_1).split("\r?\n");
    List<Header> headers = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        throw new ProtocolException("malformed header line: " + lines[i]);
      }
      headers.add(new Header(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()));
    }
    return new HttpHead(lines[0], headers);
  }

  /** Returns the first value of the named header (case-insensitive), or {@code null}. */
  @Nullable String value(String name) {
    for (Header h : headers) {
      if (h.name().equalsIgnoreCase(name)) {
        return h.value();
      }
    }
    return null;
  }

  /** Returns the declared body length, empty if there is no valid {@code Content-Length}. */
  OptionalLong contentLength() throws ProtocolException {
    String value = value("Content-Length");
    if (value == null) {
      return OptionalLong.empty();
    }
    try {
      long length = Long.parseLong(value);
      if (length < 0) {
        throw new ProtocolException("negative Content-Length: " + value);
      }
      return OptionalLong.of(length);
    } catch (NumberFormatException e) {
      throw new ProtocolException("malformed Content-Length: " + value);
    }
  }

  /** Whether the body uses chunked transfer coding. */
  boolean chunked() {
    String value = value("Transfer-Encoding");
    return value != null && value.toLowerCase(Locale.ROOT).contains("chunked");
  }

  /** Returns a copy with another start line. */
  HttpHead withStartLine(String newStartLine) {
    return new HttpHead(newStartLine, headers);
  }

  /**
   * Returns a copy for the next hop: {@code Connection}, {@code Proxy-Connection}, {@code Keep-Alive} and
   * every header named in a {@code Connection} header are removed, and {@code Connection: close} is
   * appended. Framing headers stay, because the proxy forwards bodies with their framing.
   */
  HttpHead forNextHopClosing() {
    Set<String> hopByHop = new HashSet<>(Set.of("connection", "proxy-connection", "keep-alive"));
    for (Header h : headers) {
      if (h.name().equalsIgnoreCase("Connection")) {
        for (String token : h.value().split(",")) {
          hopByHop.add(token.trim().toLowerCase(Locale.ROOT));
        }
      }
    }
    hopByHop.remove("transfer-encoding");
    hopByHop.remove("content-length");
    List<Header> kept = new ArrayList<>();
    for (Header h : headers) {
      if (!hopByHop.contains(h.name().toLowerCase(Locale.ROOT))) {
        kept.add(h);
      }
    }
    kept.add(new Header("Connection", "close"));
    return new HttpHead(startLine, kept);
  }

  /** Serialises the head with CRLF line endings and the terminating blank line. */
  byte[] toBytes() {
    StringBuilder text = new StringBuilder(startLine).append("\r\n");
    for (Header h : headers) {
      text.append(h.name()).append(": ").append(h.value()).append("\r\n");
    }
    return text.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }
}
