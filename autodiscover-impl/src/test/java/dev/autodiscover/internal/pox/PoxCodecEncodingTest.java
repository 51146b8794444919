package dev.autodiscover.internal.pox;

import static dev.autodiscover.internal.pox.PoxTestSupport.TEXT_XML;
import static dev.autodiscover.internal.pox.PoxTestSupport.account;
import static dev.autodiscover.internal.pox.PoxTestSupport.resource;
import static dev.autodiscover.internal.pox.PoxTestSupport.settings;
import static dev.autodiscover.internal.pox.PoxTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autodiscover.MailboxSettings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link PoxCodec#parse} and the transport of the XML: accepted content types and character encodings. */
class PoxCodecEncodingTest {
  private final PoxCodec codec = PoxCodec.create();

  // ---------------------------------------------------------------- content type and encoding

  @Test
  void parse_acceptsXmlContentTypesInAnyCaseWithParameters() throws Exception {
    byte[] body = resource("settings-full.xml");

    for (String type : List.of("text/xml", "TEXT/XML; charset=UTF-8", "application/xml",
        " Application/XML ;charset=\"utf-8\"", "text/xml;charset=utf-8;foo=bar")) {
      assertThat(codec.parse(body, type)).as(type).isInstanceOf(PoxResponse.Settings.class);
    }
  }

  @Test
  void parse_withoutContentType_acceptsBodyStartingWithAngleBracket() throws Exception {
    byte[] xml = utf8("\uFEFF \r\n\t" + new String(resource("settings-full.xml"), StandardCharsets.UTF_8));

    assertThat(codec.parse(xml, null)).isInstanceOf(PoxResponse.Settings.class);
    assertThat(codec.parse(xml, "")).isInstanceOf(PoxResponse.Settings.class);
    assertThat(codec.parse(xml, "  ")).isInstanceOf(PoxResponse.Settings.class);
  }

  @Test
  void parse_whenWhiteSpaceBeforeXmlDeclaration_accepts() throws Exception {
    byte[] xml = utf8("\n\n  " + new String(resource("settings-full.xml"), StandardCharsets.UTF_8));

    MailboxSettings s = settings(codec.parse(xml, TEXT_XML));

    assertThat(s.responseXml()).startsWith("\n\n  <?xml");
  }

  @Test
  void parse_respectsEncodingDeclaration() throws Exception {
    String xml = """
        <?xml version="1.0" encoding="ISO-8859-1"?>
        <Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
          <Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">
            <User><DisplayName>Zoë Müller</DisplayName></User>
            <Account><Action>settings</Action></Account>
          </Response>
        </Autodiscover>
        """;

    MailboxSettings s = settings(codec.parse(xml.getBytes(StandardCharsets.ISO_8859_1), TEXT_XML));

    assertThat(s.user().displayName()).contains("Zoë Müller");
    assertThat(s.responseXml()).isEqualTo(xml);
  }

  @Test
  void parse_readsUtf16WithByteOrderMark() throws Exception {
    String xml = new String(resource("settings-full.xml"), StandardCharsets.UTF_8)
        .replace("encoding=\"utf-8\"", "encoding=\"utf-16\"");

    MailboxSettings s = settings(codec.parse(xml.getBytes(StandardCharsets.UTF_16), TEXT_XML));

    assertThat(s.user().displayName()).contains("Jan Novak");
    assertThat(s.responseXml()).isEqualTo(xml);
  }

  @Test
  void parse_whenUtf16DeclaredOnUtf8Body_readsUtf8() throws Exception {
    String xml = new String(resource("settings-full.xml"), StandardCharsets.UTF_8)
        .replace("encoding=\"utf-8\"", "encoding=\"utf-16\"")
        .replace("Jan Novak</DisplayName>", "Jan Novák</DisplayName>");

    MailboxSettings s = settings(codec.parse(utf8(xml), TEXT_XML));

    assertThat(s.user().displayName()).contains("Jan Novák");
  }

  @Test
  void parse_withoutDeclaration_usesContentTypeCharset() throws Exception {
    String xml = account("<Action>redirectAddr</Action><RedirectAddr>zoë@contoso.com</RedirectAddr>")
        .replaceFirst("<\\?xml[^>]*>\n", "");

    assertThat(codec.parse(xml.getBytes(StandardCharsets.ISO_8859_1), "text/xml; charset=ISO-8859-1"))
        .isEqualTo(new PoxResponse.RedirectAddress("zoë@contoso.com"));
    assertThat(codec.parse(utf8(xml), "text/xml; charset=no-such-charset"))
        .isEqualTo(new PoxResponse.RedirectAddress("zoë@contoso.com"));
    assertThat(codec.parse(utf8(xml), "text/xml; charset=utf-16"))
        .isEqualTo(new PoxResponse.RedirectAddress("zoë@contoso.com"));
  }

  @Test
  void parse_readsUtf16LittleEndianWithoutByteOrderMark() throws Exception {
    String xml = account("<Action>redirectAddr</Action><RedirectAddr>zoë@contoso.com</RedirectAddr>")
        .replaceFirst("<\\?xml[^>]*>\n", "");

    assertThat(codec.parse(xml.getBytes(StandardCharsets.UTF_16LE), TEXT_XML))
        .isEqualTo(new PoxResponse.RedirectAddress("zoë@contoso.com"));
  }
}
