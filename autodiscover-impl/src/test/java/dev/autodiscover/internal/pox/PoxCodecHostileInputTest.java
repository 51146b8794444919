package dev.autodiscover.internal.pox;

import static dev.autodiscover.internal.pox.PoxTestSupport.TEXT_XML;
import static dev.autodiscover.internal.pox.PoxTestSupport.account;
import static dev.autodiscover.internal.pox.PoxTestSupport.resource;
import static dev.autodiscover.internal.pox.PoxTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autodiscover.internal.xml.NotAutodiscoverException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bodies from hostile or confused servers: all must end in {@link NotAutodiscoverException}, nothing else. */
class PoxCodecHostileInputTest {
  private static final String SECRET = "s3cr3t-c0ntent-7f41d2";
  private static final String OUTER_NS = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006";

  private final PoxCodec codec = PoxCodec.create();
  private final AtomicInteger serverHits = new AtomicInteger();
  private ServerSocket server;
  private Thread acceptor;

  @BeforeEach
  void startServer() throws IOException {
    // A loopback listener standing in for an attacker's DTD/entity host: it counts every connection (and
    // would answer with an entity holding the secret); no test may ever reach it.
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket socket = server.accept()) {
          serverHits.incrementAndGet();
          socket.getOutputStream().write(utf8("HTTP/1.0 200 OK\r\nContent-Type: application/xml-dtd\r\n\r\n"
              + "<!ENTITY leak \"" + SECRET + "\">"));
        } catch (IOException e) {
          // closed by stopServer, or the client went away
        }
      }
    }, "pox-test-listener");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void stopServer() throws Exception {
    server.close();
    acceptor.join(5_000);
  }

  private String serverUrl(String path) {
    return "http://127.0.0.1:" + server.getLocalPort() + path;
  }

  // ---------------------------------------------------------------- DTDs and entities

  @Test
  void parse_whenDoctypeWithInternalEntities_rejects() {
    String billionLaughs = """
        <?xml version="1.0"?>
        <!DOCTYPE Autodiscover [
          <!ENTITY lol "lol">
          <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
          <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
          <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
          <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
          <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
          <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
          <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
          <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
          <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
        ]>
        """ + account("<Action>redirectAddr</Action><RedirectAddr>&lol9;</RedirectAddr>")
        .replaceFirst("<\\?xml[^>]*>", "");

    assertRejected(utf8(billionLaughs), TEXT_XML).hasMessage("DOCTYPE is not allowed");
  }

  @Test
  void parse_whenExternalEntityPointsAtLocalFile_rejectsWithoutReadingIt(@TempDir Path dir) throws IOException {
    Path secretFile = Files.writeString(dir.resolve("secret.txt"), SECRET);
    String xxe = "<?xml version=\"1.0\"?>\n"
        + "<!DOCTYPE Autodiscover [ <!ENTITY xxe SYSTEM \"" + secretFile.toUri() + "\"> ]>\n"
        + account("<Action>redirectAddr</Action><RedirectAddr>&xxe;</RedirectAddr>").replaceFirst("<\\?xml[^>]*>", "");

    assertRejected(utf8(xxe), TEXT_XML).hasMessage("DOCTYPE is not allowed");
  }

  @Test
  void parse_whenExternalEntityPointsAtHttpUrl_neverFetchesIt() {
    String xxe = "<!DOCTYPE Autodiscover [ <!ENTITY xxe SYSTEM \"" + serverUrl("/entity") + "\"> ]>\n"
        + account("<Action>redirectAddr</Action><RedirectAddr>&xxe;</RedirectAddr>").replaceFirst("<\\?xml[^>]*>", "");

    assertRejected(utf8(xxe), TEXT_XML).hasMessage("DOCTYPE is not allowed");
    assertThat(serverHits).hasValue(0);
  }

  @Test
  void parse_whenExternalDtd_rejectsWithoutFetching() {
    String xml = "<?xml version=\"1.0\"?>\n"
        + "<!DOCTYPE Autodiscover SYSTEM \"" + serverUrl("/evil.dtd") + "\">\n"
        + account("<Action>redirectAddr</Action><RedirectAddr>&leak;</RedirectAddr>").replaceFirst("<\\?xml[^>]*>", "");

    assertRejected(utf8(xml), TEXT_XML).hasMessage("DOCTYPE is not allowed");
    assertThat(serverHits).hasValue(0);
  }

  @Test
  void parse_whenParameterEntityPullsExternalDtd_rejectsWithoutFetching() {
    String xml = "<!DOCTYPE Autodiscover [ <!ENTITY % remote SYSTEM \"" + serverUrl("/p.dtd") + "\"> %remote; ]>\n"
        + "<Autodiscover xmlns=\"" + OUTER_NS + "\"/>";

    assertRejected(utf8(xml), TEXT_XML).hasMessage("DOCTYPE is not allowed");
    assertThat(serverHits).hasValue(0);
  }

  @Test
  void parse_whenUndeclaredEntityReferenced_rejects() {
    String xml = account("<Action>redirectAddr</Action><RedirectAddr>&nbsp;x@contoso.com</RedirectAddr>");

    assertRejected(utf8(xml), TEXT_XML).hasMessage("malformed XML: undeclared entity &nbsp;");
  }

  @Test
  void parse_predefinedEntitiesAndCharacterReferences_areDecoded() throws Exception {
    String xml = account("<Action>redirectAddr</Action><RedirectAddr>r&amp;d&#64;contoso.com</RedirectAddr>");

    assertThat(codec.parse(utf8(xml), TEXT_XML)).isEqualTo(new PoxResponse.RedirectAddress("r&d@contoso.com"));
  }

  @Test
  void parse_xIncludeIsNotProcessed(@TempDir Path dir) throws Exception {
    Path secretFile = Files.writeString(dir.resolve("secret.txt"), SECRET);
    String xml = """
        <Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
          <Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">
            <User><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="%s" parse="text"/></User>
            <Account><Action>settings</Action></Account>
          </Response>
        </Autodiscover>""".formatted(secretFile.toUri());

    PoxResponse response = codec.parse(utf8(xml), TEXT_XML);

    assertThat(response).isInstanceOf(PoxResponse.Settings.class);
    assertThat(((PoxResponse.Settings) response).settings().user().elements())
        .containsEntry("include", "")
        .doesNotContainValue(SECRET);
  }

  // ---------------------------------------------------------------- size

  @Test
  void parse_whenBodyLargerThanLimit_rejectsBeforeParsing() {
    byte[] body = new byte[PoxCodec.MAX_BODY_BYTES + 1];
    java.util.Arrays.fill(body, (byte) '<'); // would be malformed, but is never parsed

    assertRejected(body, TEXT_XML).hasMessage("body larger than 524288 bytes").hasNoCause();
  }

  @Test
  void parse_whenBodyExactlyAtLimit_accepts() throws Exception {
    String xml = account("<Action>redirectUrl</Action><RedirectUrl>https://a.contoso.com/autodiscover/autodiscover.xml"
        + "</RedirectUrl>");
    String padding = " ".repeat(PoxCodec.MAX_BODY_BYTES - utf8(xml).length - "<!---->".length());
    byte[] body = utf8(xml + "<!--" + padding + "-->");
    assertThat(body).hasSize(PoxCodec.MAX_BODY_BYTES);

    assertThat(codec.parse(body, TEXT_XML)).isInstanceOf(PoxResponse.RedirectUrl.class);
  }

  @Test
  void parse_whenDeeplyNested_rejects() {
    int depth = 5_000;
    String xml = account("<Action>settings</Action><Protocol><Type>EXCH</Type>"
        + "<a>".repeat(depth) + "x" + "</a>".repeat(depth) + "</Protocol>");

    assertRejected(utf8(xml), TEXT_XML).hasMessageContaining("nested deeper than");
  }

  // ---------------------------------------------------------------- not Autodiscover at all

  @Test
  void parse_whenHtmlPageWithTextHtml_rejects() {
    byte[] html = utf8("<!DOCTYPE html><html><head><title>Sign in</title></head><body>Hello</body></html>");

    assertRejected(html, "text/html; charset=utf-8").hasMessage("content type text/html is not XML");
  }

  @Test
  void parse_whenXhtmlWithTextXml_rejectsRootElement() {
    byte[] html = utf8("""
        <?xml version="1.0" encoding="utf-8"?>
        <html xmlns="http://www.w3.org/1999/xhtml"><head><title>IIS</title></head><body/></html>""");

    assertRejected(html, TEXT_XML)
        .hasMessage("root element is {http://www.w3.org/1999/xhtml}html, not Autodiscover");
  }

  @Test
  void parse_whenHtmlWithDoctypeAndTextXml_rejects() {
    byte[] html = utf8("<!DOCTYPE html>\n<html><body><p>404 - File or directory not found.</p></body></html>");

    assertRejected(html, TEXT_XML).hasMessage("DOCTYPE is not allowed");
  }

  @Test
  void parse_whenTagSoupHtmlWithoutContentType_rejects() {
    byte[] html = utf8("<html><body>Moved<br><a href=/x>here</a></body></html>");

    assertRejected(html, null).hasMessage("root element is html, not Autodiscover");
  }

  @Test
  void parse_whenTagSoupInsideAutodiscover_rejects() {
    String xml = account("<Action>settings</Action><Protocol><Type>EXCH<br></Type></Protocol>");

    assertRejected(utf8(xml), TEXT_XML).hasMessageStartingWith("malformed XML: ");
  }

  @Test
  void parse_whenJson_rejects() {
    byte[] json = utf8("{\"Protocol\":\"AutodiscoverV1\","
        + "\"Url\":\"https://outlook.office365.com/autodiscover/autodiscover.xml\"}");

    assertRejected(json, "application/json; charset=utf-8").hasMessage("content type application/json is not XML");
    assertRejected(json, null).hasMessage("no content type and the body does not start with '<'");
    assertRejected(json, TEXT_XML).hasMessageStartingWith("malformed XML: ");
  }

  @Test
  void parse_whenOtherContentType_rejects() {
    byte[] body = resource("settings-full.xml");

    assertRejected(body, "text/plain").hasMessage("content type text/plain is not XML");
    assertRejected(body, "application/soap+xml").hasMessage("content type application/soap+xml is not XML");
    assertRejected(body, "text/xmlx").hasMessage("content type text/xmlx is not XML");
  }

  @Test
  void parse_whenBodyEmpty_rejects() {
    assertRejected(new byte[0], TEXT_XML).hasMessage("body is empty");
    assertRejected(new byte[0], null).hasMessage("body is empty");
    assertRejected(utf8("\uFEFF \r\n "), TEXT_XML).hasMessage("body is empty");
  }

  @Test
  void parse_whenXmlTruncated_rejects() {
    String full = new String(resource("settings-full.xml"), StandardCharsets.UTF_8);
    byte[] truncated = utf8(full.substring(0, full.indexOf("<Protocol>") + 20));

    assertRejected(truncated, TEXT_XML).hasMessageStartingWith("malformed XML: line ")
        .hasMessageContaining("column");
  }

  @Test
  void parse_whenTrailingGarbageAfterRoot_rejects() {
    String xml = account("<Action>settings</Action>") + "<Autodiscover/>";

    assertRejected(utf8(xml), TEXT_XML).hasMessageStartingWith("malformed XML: ");
  }

  @Test
  void parse_whenRootNamespaceIsHttpsTypo_rejects() {
    String xml = account("<Action>settings</Action>").replace(
        "xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006\"",
        "xmlns=\"https://schemas.microsoft.com/exchange/autodiscover/responseschema/2006\"");

    assertRejected(utf8(xml), TEXT_XML).hasMessage(
        "root element is {https://schemas.microsoft.com/exchange/autodiscover/responseschema/2006}Autodiscover,"
            + " not in the response namespace " + OUTER_NS);
  }

  @Test
  void parse_whenRootHasNoNamespace_rejects() {
    String xml = "<Autodiscover><Response><Account><Action>settings</Action></Account></Response></Autodiscover>";

    assertRejected(utf8(xml), TEXT_XML)
        .hasMessage("root element is Autodiscover, not in the response namespace " + OUTER_NS);
  }

  @Test
  void parse_whenResponseInUnknownNamespace_rejects() {
    String xml = account("<Action>settings</Action>").replace(
        "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a",
        "https://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a");

    assertRejected(utf8(xml), TEXT_XML).hasMessage("Autodiscover has no Response in a known response namespace");
  }

  @Test
  void parse_whenRequestDocumentEchoedBack_rejects() {
    String request = """
        <?xml version="1.0" encoding="utf-8"?>
        <Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">
          <Request>
            <EMailAddress>jan.novak@contoso.com</EMailAddress>
            <AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema>
          </Request>
        </Autodiscover>
        """;

    assertRejected(utf8(request), TEXT_XML).hasMessage("root element is "
        + "{http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006}Autodiscover,"
        + " not in the response namespace " + OUTER_NS);
  }

  @Test
  void parse_whenOwnRequestBodyEchoedBack_rejects() {
    byte[] echoed = codec.requestBody(dev.autodiscover.EmailAddress.parse("jan.novak@contoso.com"));

    assertRejected(echoed, TEXT_XML).hasMessageContaining("requestschema/2006}Autodiscover");
  }

  @Test
  void parse_whenInvalidUtf8_rejects() {
    byte[] xml = utf8(account("<Action>redirectAddr</Action><RedirectAddr>jan@contoso.com</RedirectAddr>"));
    int at = new String(xml, StandardCharsets.ISO_8859_1).indexOf("jan@");
    xml[at] = (byte) 0xC3; // start of a two-byte sequence followed by an ASCII byte
    xml[at + 1] = (byte) 'x';

    assertRejected(xml, TEXT_XML).hasMessage("malformed XML: body is not valid UTF-8");
  }

  @Test
  void parse_whenUnsupportedEncodingDeclared_rejects() {
    byte[] xml = utf8("<?xml version=\"1.0\" encoding=\"x-no-such-charset\"?>"
        + account("<Action>settings</Action>").replaceFirst("<\\?xml[^>]*>", ""));

    assertRejected(xml, TEXT_XML).hasMessage("malformed XML: unsupported encoding x-no-such-charset");
  }

  @Test
  void parse_whenTextBeforeRoot_rejects() {
    assertRejected(utf8("<!-- hi --> <?pi x?>"), TEXT_XML).hasMessageStartingWith("malformed XML: ");
    assertRejected(utf8("<!-- hi -->"), null).hasMessageStartingWith("malformed XML: ");
  }

  private AbstractThrowableAssert<?, ? extends Throwable> assertRejected(byte[] body, String contentType) {
    AbstractThrowableAssert<?, ? extends Throwable> rejected =
        assertThatThrownBy(() -> codec.parse(body, contentType)).isInstanceOf(NotAutodiscoverException.class);
    rejected.satisfies(e -> {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      assertThat(trace.toString()).doesNotContain(SECRET);
    });
    return rejected;
  }
}
