package dev.autodiscover.internal.soap;

import static dev.autodiscover.internal.soap.SoapTestSupport.TEXT_XML;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autodiscover.DomainSettingName;
import dev.autodiscover.UserSettingName;
import dev.autodiscover.internal.xml.NotAutodiscoverException;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The request envelopes {@link SoapCodec} writes: {@code GetUserSettings} and {@code GetDomainSettings}. */
class SoapCodecRequestTest {
  private static final URI ENDPOINT = URI.create("https://autodiscover.contoso.com/autodiscover/autodiscover.svc");
  private static final String AD_NS = "http://schemas.microsoft.com/exchange/2010/Autodiscover";

  private final SoapCodec codec = SoapCodec.create();

  @Test
  void getUserSettingsRequest_twoUsers_writesTheEnvelopeOfSection4_9_1() {
    Set<UserSettingName> settings = new LinkedHashSet<>(List.of(UserSettingName.USER_DISPLAY_NAME,
        UserSettingName.EXTERNAL_EWS_URL, UserSettingName.ALTERNATE_MAILBOXES));

    String xml = utf8(codec.getUserSettingsRequest(ENDPOINT, List.of("jan.novak@contoso.com", "mia.lund@contoso.com"),
        settings, "Exchange2013"));

    assertThat(xml).isEqualTo("""
        <?xml version="1.0" encoding="utf-8"?>
        <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
                       xmlns:a="http://schemas.microsoft.com/exchange/2010/Autodiscover"
                       xmlns:wsa="http://www.w3.org/2005/08/addressing">
          <soap:Header>
            <a:RequestedServerVersion>Exchange2013</a:RequestedServerVersion>
            <wsa:Action>http://schemas.microsoft.com/exchange/2010/Autodiscover/Autodiscover/GetUserSettings</wsa:Action>
            <wsa:To>https://autodiscover.contoso.com/autodiscover/autodiscover.svc</wsa:To>
          </soap:Header>
          <soap:Body>
            <a:GetUserSettingsRequestMessage>
              <a:Request>
                <a:Users>
                  <a:User><a:Mailbox>jan.novak@contoso.com</a:Mailbox></a:User>
                  <a:User><a:Mailbox>mia.lund@contoso.com</a:Mailbox></a:User>
                </a:Users>
                <a:RequestedSettings>
                  <a:Setting>UserDisplayName</a:Setting>
                  <a:Setting>ExternalEwsUrl</a:Setting>
                  <a:Setting>AlternateMailboxes</a:Setting>
                </a:RequestedSettings>
              </a:Request>
            </a:GetUserSettingsRequestMessage>
          </soap:Body>
        </soap:Envelope>
        """);
  }

  @Test
  void getUserSettingsRequest_escapesMarkupInAddressesAndEndpoint() throws Exception {
    String hostile = "a&b<c>\"'</a:Mailbox><a:Evil/>@contoso.com";
    URI endpoint = URI.create("https://autodiscover.contoso.com/autodiscover/autodiscover.svc?x=1&y=%3C");

    byte[] body = codec.getUserSettingsRequest(endpoint, List.of(hostile), EnumSet.of(UserSettingName.USER_DN),
        SoapCodec.DEFAULT_SERVER_VERSION);

    Document doc = parse(body);
    assertThat(doc.getElementsByTagNameNS(AD_NS, "Mailbox").item(0).getTextContent()).isEqualTo(hostile);
    assertThat(doc.getElementsByTagNameNS(AD_NS, "Evil").getLength()).isZero();
    assertThat(doc.getElementsByTagNameNS("http://www.w3.org/2005/08/addressing", "To").item(0).getTextContent())
        .isEqualTo(endpoint.toString());
    assertThat(doc.getElementsByTagNameNS(AD_NS, "RequestedServerVersion").item(0).getTextContent())
        .isEqualTo("Exchange2010");
  }

  @Test
  void getUserSettingsRequest_everySettingName_isWrittenByItsWireName() throws Exception {
    byte[] body = codec.getUserSettingsRequest(ENDPOINT, List.of("jan.novak@contoso.com"),
        EnumSet.allOf(UserSettingName.class), "Exchange2013_SP1");

    Document doc = parse(body);
    List<String> written = new ArrayList<>();
    for (int i = 0; i < doc.getElementsByTagNameNS(AD_NS, "Setting").getLength(); i++) {
      written.add(doc.getElementsByTagNameNS(AD_NS, "Setting").item(i).getTextContent());
    }
    assertThat(written).containsExactlyElementsOf(
        EnumSet.allOf(UserSettingName.class).stream().map(UserSettingName::wireName).toList());
  }

  @Test
  void getUserSettingsRequest_badArguments_sayWhatToFix() {
    Set<UserSettingName> one = EnumSet.of(UserSettingName.EXTERNAL_EWS_URL);
    List<String> jan = List.of("jan.novak@contoso.com");

    assertThatThrownBy(() -> codec.getUserSettingsRequest(ENDPOINT, List.of(), one, "Exchange2010"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mailboxes must hold 1 to 100 entries");
    assertThatThrownBy(() -> codec.getUserSettingsRequest(ENDPOINT,
        Collections.nCopies(101, "jan.novak@contoso.com"), one, "Exchange2010"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 101");
    assertThatThrownBy(() -> codec.getUserSettingsRequest(ENDPOINT, List.of("jan@contoso.com", " "), one,
        "Exchange2010")).isInstanceOf(IllegalArgumentException.class).hasMessage("mailboxes[1] is blank");
    assertThatThrownBy(() -> codec.getUserSettingsRequest(ENDPOINT, List.of("jan\u0000@contoso.com"), one,
        "Exchange2010")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control character");
    assertThatThrownBy(() -> codec.getUserSettingsRequest(ENDPOINT, jan, EnumSet.noneOf(UserSettingName.class),
        "Exchange2010")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one setting");
    assertThatThrownBy(() -> codec.getUserSettingsRequest(ENDPOINT, jan, one, "Exchange2013</a:X>"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requestedServerVersion");
    assertThatThrownBy(() -> codec.getUserSettingsRequest(URI.create("/autodiscover/autodiscover.svc"), jan, one,
        "Exchange2010")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute");
  }

  @Test
  void getDomainSettingsRequest_writesDomainsAndAction() throws Exception {
    byte[] body = codec.getDomainSettingsRequest(ENDPOINT, List.of("contoso.com", "fabrikam.net"),
        EnumSet.allOf(DomainSettingName.class), "Exchange2010_SP2");

    Document doc = parse(body);
    assertThat(doc.getElementsByTagNameNS(AD_NS, "GetDomainSettingsRequestMessage").getLength()).isEqualTo(1);
    assertThat(doc.getElementsByTagNameNS(AD_NS, "Domain").item(1).getTextContent()).isEqualTo("fabrikam.net");
    assertThat(doc.getElementsByTagNameNS(AD_NS, "Setting").item(0).getTextContent()).isEqualTo("ExternalEwsUrl");
    assertThat(doc.getElementsByTagNameNS(AD_NS, "Setting").item(1).getTextContent())
        .isEqualTo("ExternalEwsVersion");
    assertThat(doc.getElementsByTagNameNS("http://www.w3.org/2005/08/addressing", "Action").item(0).getTextContent())
        .isEqualTo("http://schemas.microsoft.com/exchange/2010/Autodiscover/Autodiscover/GetDomainSettings");
  }

  @Test
  void ownRequest_isNotTakenForAnAnswer() {
    byte[] request = codec.getUserSettingsRequest(ENDPOINT, List.of("jan.novak@contoso.com"),
        EnumSet.of(UserSettingName.EXTERNAL_EWS_URL), "Exchange2010");

    assertThatThrownBy(() -> codec.parseGetUserSettings(request, TEXT_XML))
        .isInstanceOf(NotAutodiscoverException.class)
        .hasMessageContaining("GetUserSettingsRequestMessage, not GetUserSettingsResponseMessage");
  }

  // ---------------------------------------------------------------- helpers

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static Document parse(byte[] xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    Element root = doc.getDocumentElement();
    assertThat(root.getLocalName()).isEqualTo("Envelope");
    return doc;
  }
}
