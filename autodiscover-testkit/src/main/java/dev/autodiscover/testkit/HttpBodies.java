package dev.autodiscover.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/** Copies HTTP/1.1 message bodies verbatim, framing included, so the next hop sees the same bytes. */
final class HttpBodies {
  private static final int MAX_LINE_BYTES = 8 * 1024;
  private static final int BUFFER_BYTES = 8 * 1024;

  private HttpBodies() {}

  /**
   * Copies the body that follows {@code head}: chunked framing, else {@code Content-Length} bytes, else
   * (when {@code untilEofIfUnframed}, as for responses) everything up to end of stream, else nothing.
   */
  static void copy(HttpHead head, InputStream in, OutputStream out, boolean untilEofIfUnframed)
      throws IOException {
    OptionalLong length = head.contentLength();
    if (head.chunked()) {
      copyChunked(in, out);
    } else if (length.isPresent()) {
      copyExactly(in, out, length.getAsLong());
    } else if (untilEofIfUnframed) {
      in.transferTo(out);
    }
    out.flush();
  }

  /** Copies {@code count} bytes, failing if the stream ends first. */
  static void copyExactly(InputStream in, OutputStream out, long count) throws IOException {
    byte[] buffer = new byte[BUFFER_BYTES];
    long remaining = count;
    while (remaining > 0) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
      if (read < 0) {
        throw new ProtocolException("stream ended " + remaining + " bytes before the end of the body");
      }
      out.write(buffer, 0, read);
      remaining -= read;
    }
  }

  private static void copyChunked(InputStream in, OutputStream out) throws IOException {
    while (true) {
      String sizeLine = copyLine(in, out);
      int extension = sizeLine.indexOf(';');
      String hex = (extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim();
      long size;
      try {
        size = Long.parseLong(hex, 16);
      } catch (NumberFormatException e) {
        throw new ProtocolException("malformed chunk size: " + sizeLine);
      }
      if (size == 0) {
        // Trailer section, ended by an empty line.
        while (!copyLine(in, out).isEmpty()) {
          // keep copying trailer fields
        }
        return;
      }
      copyExactly(in, out, size);
      copyLine(in, out);
    }
  }

  /** Copies one line including its terminator and returns it without the terminator. */
  private static String copyLine(InputStream in, OutputStream out) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(16);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new ProtocolException("stream ended inside chunked framing");
      }
      out.write(b);
      if (b == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      line.write(b);
      if (line.size() > MAX_LINE_BYTES) {
        throw new ProtocolException("chunked framing line longer than " + MAX_LINE_BYTES + " bytes");
      }
    }
  }
}
