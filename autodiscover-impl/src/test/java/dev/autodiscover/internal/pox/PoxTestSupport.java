package dev.autodiscover.internal.pox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodiscover.MailboxSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test payload helpers. */
final class PoxTestSupport {
  static final String TEXT_XML = "text/xml; charset=utf-8";

  private PoxTestSupport() {}

  /** Reads a payload next to the tests, from {@code src/test/resources/dev/autodiscover/internal/pox/}. */
  static byte[] resource(String name) {
    try (InputStream in = PoxTestSupport.class.getResourceAsStream(name)) {
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

  /** Wraps an Account body in the usual envelope (outer 2006 root, 2006a Response). */
  static String account(String accountChildren) {
    return """
        <?xml version="1.0" encoding="utf-8"?>
        <Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
          <Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">
            <Account>
        %s
            </Account>
          </Response>
        </Autodiscover>
        """.formatted(accountChildren);
  }

  /** The settings of a settings answer; fails the test for any other kind of answer. */
  static MailboxSettings settings(PoxResponse response) {
    assertThat(response).isInstanceOf(PoxResponse.Settings.class);
    return ((PoxResponse.Settings) response).settings();
  }
}
