package dev.autodiscover.internal.soap;

import static dev.autodiscover.internal.soap.SoapTestSupport.TEXT_XML;
import static dev.autodiscover.internal.soap.SoapTestSupport.resource;
import static dev.autodiscover.internal.soap.SoapTestSupport.userEnvelope;
import static dev.autodiscover.internal.soap.SoapTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autodiscover.internal.xml.NotAutodiscoverException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bodies from hostile or confused servers: all must end in {@link NotAutodiscoverException}, nothing else. */
class SoapCodecHostileInputTest {
  private static final String SECRET = "s0ap-s3cr3t-91c3e0";
  private static final String SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/";

  private final SoapCodec codec = SoapCodec.create();
  private final AtomicInteger serverHits = new AtomicInteger();
  private ServerSocket server;
  private Thread acceptor;

  @BeforeEach
  void startServer() throws IOException {
    // Stands in for an attacker's DTD host: counts every connection; no test may ever reach it.
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket socket = server.accept()) {
          serverHits.incrementAndGet();
          socket.getOutputStream().write(utf8("HTTP/1.0 200 OK\r\n\r\n<!ENTITY leak \"" + SECRET + "\">"));
        } catch (IOException e) {
          // closed by stopServer, or the client went away
        }
      }
    }, "soap-test-listener");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void stopServer() throws Exception {
    server.close();
    acceptor.join(5_000);
  }

  private static String redirectTo(String target) {
    return userEnvelope("<ErrorCode>NoError</ErrorCode><UserResponses><UserResponse>"
        + "<ErrorCode>RedirectAddress</ErrorCode><RedirectTarget>" + target + "</RedirectTarget>"
        + "</UserResponse></UserResponses>").replaceFirst("<\\?xml[^>]*>", "");
  }

  @Test
  void entityExpansion_isRefused() {
    StringBuilder dtd = new StringBuilder("<!DOCTYPE s:Envelope [\n  <!ENTITY e0 \"ha\">\n");
    for (int i = 1; i < 10; i++) {
      dtd.append("  <!ENTITY e").append(i).append(" \"").append(("&e" + (i - 1) + ";").repeat(10)).append("\">\n");
    }
    dtd.append("]>\n");

    assertRejected(utf8(dtd + redirectTo("&e9;")), TEXT_XML).hasMessage("DOCTYPE is not allowed");
  }

  @Test
  void externalEntityToLocalFile_isRefusedUnread(@TempDir Path dir) throws IOException {
    Path secret = Files.writeString(dir.resolve("secret.txt"), SECRET);
    String xml = "<!DOCTYPE s:Envelope [ <!ENTITY x SYSTEM \"" + secret.toUri() + "\"> ]>\n" + redirectTo("&x;");

    assertRejected(utf8(xml), TEXT_XML).hasMessage("DOCTYPE is not allowed");
  }

  @Test
  void externalDtdAndParameterEntities_areNeverFetched() {
    String url = "http://127.0.0.1:" + server.getLocalPort();
    assertRejected(utf8("<!DOCTYPE s:Envelope SYSTEM \"" + url + "/a.dtd\">\n" + redirectTo("&leak;")), TEXT_XML)
        .hasMessage("DOCTYPE is not allowed");
    assertRejected(utf8("<!DOCTYPE s:Envelope [ <!ENTITY % p SYSTEM \"" + url + "/p.dtd\"> %p; ]>\n"
        + redirectTo("x@contoso.com")), TEXT_XML).hasMessage("DOCTYPE is not allowed");

    assertThat(serverHits).hasValue(0);
  }

  @Test
  void undeclaredEntity_isRefused() {
    assertRejected(utf8(redirectTo("&nbsp;x@contoso.com")), TEXT_XML)
        .hasMessage("malformed XML: undeclared entity &nbsp;");
  }

  @Test
  void deepNesting_isRefused() {
    int depth = 10_000;
    String xml = userEnvelope("<ErrorCode>NoError</ErrorCode><UserResponses><UserResponse><UserSettings>"
        + "<UserSetting><Name>X</Name>" + "<d>".repeat(depth) + "</d>".repeat(depth) + "</UserSetting>"
        + "</UserSettings></UserResponse></UserResponses>");

    assertRejected(utf8(xml), TEXT_XML).hasMessageContaining("nested deeper than 64");
  }

  @Test
  void oversizeBody_isRefusedUnread() {
    byte[] body = new byte[SoapCodec.MAX_BODY_BYTES + 1];
    Arrays.fill(body, (byte) ' ');

    assertRejected(body, TEXT_XML).hasMessage("body larger than 524288 bytes").hasNoCause();
  }

  @Test
  void hugeText_withinTheSizeLimit_isShortenedInResults() throws Exception {
    String longMessage = "x".repeat(400_000);
    String xml = userEnvelope("<ErrorCode>ServerBusy</ErrorCode><ErrorMessage>" + longMessage + "</ErrorMessage>");

    SoapResponse.RequestError<?> error = (SoapResponse.RequestError<?>) codec.parseGetUserSettings(utf8(xml), TEXT_XML);
    assertThat(error.message()).hasSizeLessThan(1010).endsWith("...");
  }

  @Test
  void wrongContentTypes_areRefused() {
    byte[] body = resource("user-settings-two-users.xml");

    assertRejected(body, "text/html; charset=utf-8").hasMessage("content type text/html is not XML");
    assertRejected(body, "application/json").hasMessage("content type application/json is not XML");
    assertRejected(utf8("{\"ErrorCode\":\"InvalidUser\"}"), null)
        .hasMessage("no content type and the body does not start with '<'");
  }

  @Test
  void htmlAndForeignXml_areNotSoap() {
    assertRejected(utf8("<!DOCTYPE html><html><body>Sign in</body></html>"), "text/xml")
        .hasMessage("DOCTYPE is not allowed");
    assertRejected(utf8("<html><body>Moved<br></body></html>"), null)
        .hasMessage("root element is html, not Envelope");
    assertRejected(utf8("""
        <Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
          <Response/></Autodiscover>"""), TEXT_XML)
        .hasMessageStartingWith("root element is {http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006}");
  }

  @Test
  void soap12Envelope_isRefused() {
    String xml = redirectTo("x@contoso.com").replace(SOAP_NS, "http://www.w3.org/2003/05/soap-envelope");

    assertRejected(utf8(xml), "application/soap+xml").hasMessage("root element is "
        + "{http://www.w3.org/2003/05/soap-envelope}Envelope, not in the response namespace " + SOAP_NS);
  }

  @Test
  void emptyOrForeignBodies_areRefused() {
    assertRejected(utf8("<s:Envelope xmlns:s=\"" + SOAP_NS + "\"/>"), TEXT_XML)
        .hasMessage("SOAP Envelope has no Body");
    assertRejected(utf8("<s:Envelope xmlns:s=\"" + SOAP_NS + "\"><s:Body/></s:Envelope>"), TEXT_XML)
        .hasMessage("SOAP Body is empty, expected GetUserSettingsResponseMessage");
    assertRejected(utf8(redirectTo("x").replace("http://schemas.microsoft.com/exchange/2010/Autodiscover",
        "https://schemas.microsoft.com/exchange/2010/Autodiscover")), TEXT_XML)
        .hasMessage("SOAP Body holds {https://schemas.microsoft.com/exchange/2010/Autodiscover}"
            + "GetUserSettingsResponseMessage, not GetUserSettingsResponseMessage");
    assertRejected(utf8("<s:Envelope xmlns:s=\"" + SOAP_NS + "\"><s:Body><GetUserSettingsResponseMessage "
        + "xmlns=\"http://schemas.microsoft.com/exchange/2010/Autodiscover\"/></s:Body></s:Envelope>"), TEXT_XML)
        .hasMessage("GetUserSettingsResponseMessage has no Response");
  }

  @Test
  void truncatedOrTrailingGarbage_isMalformed() {
    String full = new String(resource("user-settings-two-users.xml"), java.nio.charset.StandardCharsets.UTF_8);

    assertRejected(utf8(full.substring(0, full.indexOf("<UserSettings>") + 30)), TEXT_XML)
        .hasMessageStartingWith("malformed XML: line ");
    assertRejected(utf8(redirectTo("x@contoso.com") + "<s:Envelope/>"), TEXT_XML)
        .hasMessageStartingWith("malformed XML: ");
    assertRejected(new byte[0], TEXT_XML).hasMessage("body is empty");
  }

  private AbstractThrowableAssert<?, ? extends Throwable> assertRejected(byte[] body, String contentType) {
    AbstractThrowableAssert<?, ? extends Throwable> rejected =
        assertThatThrownBy(() -> codec.parseGetUserSettings(body, contentType))
            .isInstanceOf(NotAutodiscoverException.class);
    rejected.satisfies(e -> {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      assertThat(trace.toString()).doesNotContain(SECRET);
    });
    return rejected;
  }
}
