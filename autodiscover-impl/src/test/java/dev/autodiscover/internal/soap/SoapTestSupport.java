package dev.autodiscover.internal.soap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test payload helpers for the SOAP codec tests. */
final class SoapTestSupport {
  static final String TEXT_XML = "text/xml; charset=utf-8";

  private SoapTestSupport() {}

  /** Wraps the children of {@code Response} in a {@code GetUserSettingsResponseMessage} envelope. */
  static String userEnvelope(String responseChildren) {
    return """
        <?xml version="1.0" encoding="utf-8"?>
        <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">
          <s:Body>
            <GetUserSettingsResponseMessage xmlns="http://schemas.microsoft.com/exchange/2010/Autodiscover">
              <Response xmlns:i="http://www.w3.org/2001/XMLSchema-instance">%s</Response>
            </GetUserSettingsResponseMessage>
          </s:Body>
        </s:Envelope>
        """.formatted(responseChildren);
  }

  /** Reads a payload next to the tests, from {@code src/test/resources/dev/autodiscover/internal/soap/}. */
  static byte[] resource(String name) {
    try (InputStream in = SoapTestSupport.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("missing test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
