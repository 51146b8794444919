package dev.autodiscover.testkit;

import static dev.autodiscover.testkit.PoxResponses.OUTLOOK_RESPONSE_NS;
import static dev.autodiscover.testkit.PoxResponses.RESPONSE_NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

class PoxResponsesTest {
  private static final String EXTERNAL = "https://mail.contoso.com/EWS/Exchange.asmx";
  private static final String INTERNAL = "https://mail.corp.contoso.com/EWS/Exchange.asmx";

  @Test
  void settingsXml_whenBothUrls_hasUserAndExchExprWebInOutlookNamespace() throws Exception {
    Document doc = parse(PoxResponses.settingsXml("Jan Novák & Co", "jan.novak@contoso.com", EXTERNAL, INTERNAL));

    Element root = doc.getDocumentElement();
    assertThat(root.getLocalName()).isEqualTo("Autodiscover");
    assertThat(root.getNamespaceURI()).isEqualTo(RESPONSE_NS);
    Element response = child(root, "Response");
    assertThat(response.getNamespaceURI()).isEqualTo(OUTLOOK_RESPONSE_NS);
    Element user = child(response, "User");
    assertThat(text(user, "DisplayName")).isEqualTo("Jan Novák & Co");
    assertThat(text(user, "AutoDiscoverSMTPAddress")).isEqualTo("jan.novak@contoso.com");
    assertThat(text(user, "LegacyDN")).endsWith("/cn=Recipients/cn=jan.novak");
    Element account = child(response, "Account");
    assertThat(text(account, "Action")).isEqualTo("settings");
    List<Element> protocols = children(account, "Protocol");
    assertThat(protocols).extracting(p -> text(p, "Type")).containsExactly("EXCH", "EXPR", "WEB");
    assertThat(text(protocols.get(0), "EwsUrl")).isEqualTo(INTERNAL);
    assertThat(text(protocols.get(1), "EwsUrl")).isEqualTo(EXTERNAL);
    assertThat(text(protocols.get(1), "Server")).isEqualTo("mail.contoso.com");
    assertThat(text(child(protocols.get(2), "External"), "OWAUrl")).isEqualTo("https://mail.contoso.com/owa/");
    assertThat(text(child(protocols.get(2), "Internal"), "OWAUrl")).isEqualTo("https://mail.corp.contoso.com/owa/");
    for (Element protocol : protocols) {
      assertThat(protocol.getNamespaceURI()).isEqualTo(OUTLOOK_RESPONSE_NS);
    }
  }

  @Test
  void settingsXml_whenNoInternalUrl_keepsExchWithoutEwsUrl() throws Exception {
    Document doc = parse(PoxResponses.settingsXml("Jan", "jan@contoso.com", EXTERNAL, null));

    List<Element> protocols = children(child(child(doc.getDocumentElement(), "Response"), "Account"), "Protocol");
    assertThat(children(protocols.get(0), "EwsUrl")).isEmpty();
    assertThat(children(protocols.get(2), "Internal")).isEmpty();
    assertThat(children(protocols.get(2), "External")).hasSize(1);
  }

  @Test
  void settingsXml_whenEmailHasNoDomain_throws() {
    assertThatThrownBy(() -> PoxResponses.settingsXml("Jan", "jan", null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void redirectXml_carryActionAndTargetInOutlookNamespace() throws Exception {
    Element addr = child(child(parse(PoxResponses.redirectAddrXml("jan@contoso.mail.onmicrosoft.com"))
        .getDocumentElement(), "Response"), "Account");
    Element url = child(child(parse(PoxResponses.redirectUrlXml("https://x.example/a?b=1&c=2"))
        .getDocumentElement(), "Response"), "Account");

    assertThat(addr.getNamespaceURI()).isEqualTo(OUTLOOK_RESPONSE_NS);
    assertThat(text(addr, "Action")).isEqualTo("redirectAddr");
    assertThat(text(addr, "RedirectAddr")).isEqualTo("jan@contoso.mail.onmicrosoft.com");
    assertThat(text(url, "Action")).isEqualTo("redirectUrl");
    assertThat(text(url, "RedirectUrl")).isEqualTo("https://x.example/a?b=1&c=2");
  }

  @Test
  void errorXml_isInOuterNamespaceWithTimeAndId() throws Exception {
    Element response = child(parse(PoxResponses.errorXml(603, "Server <Error>")).getDocumentElement(), "Response");

    assertThat(response.getNamespaceURI()).isEqualTo(RESPONSE_NS);
    Element error = child(response, "Error");
    assertThat(error.getNamespaceURI()).isEqualTo(RESPONSE_NS);
    assertThat(error.getAttribute("Time")).matches("\\d{2}:\\d{2}:\\d{2}\\.\\d{7}");
    assertThat(error.getAttribute("Id")).isEqualTo(PoxResponses.ERROR_SERVER_ID);
    assertThat(text(error, "ErrorCode")).isEqualTo("603");
    assertThat(text(error, "Message")).isEqualTo("Server <Error>");
  }

  @Test
  void httpResponses_haveExpectedStatusAndHeaders() {
    MockResponse xml = PoxResponses.xml("<a/>");
    MockResponse redirect = PoxResponses.redirect(302, "https://mail.contoso.com/autodiscover/autodiscover.xml");
    MockResponse unauthorized = PoxResponses.unauthorized("Negotiate", "NTLM", "Basic realm=\"contoso.com\"");

    assertThat(xml.getCode()).isEqualTo(200);
    assertThat(xml.getHeaders().get("Content-Type")).isEqualTo("text/xml; charset=utf-8");
    assertThat(redirect.getStatus()).isEqualTo("HTTP/1.1 302 Found");
    assertThat(redirect.getHeaders().get("Location")).isEqualTo("https://mail.contoso.com/autodiscover/autodiscover.xml");
    assertThat(unauthorized.getCode()).isEqualTo(401);
    assertThat(unauthorized.getHeaders().values("WWW-Authenticate"))
        .containsExactly("Negotiate", "NTLM", "Basic realm=\"contoso.com\"");
    assertThatThrownBy(() -> PoxResponses.redirect(200, "/x")).isInstanceOf(IllegalArgumentException.class);
  }

  private static Document parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<Element> children(Element parent, String localName) {
    List<Element> found = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node node = nodes.item(i);
      if (node instanceof Element element && localName.equals(element.getLocalName())) {
        found.add(element);
      }
    }
    return found;
  }

  private static Element child(Element parent, String localName) {
    List<Element> found = children(parent, localName);
    assertThat(found).as(localName + " under " + parent.getLocalName()).hasSize(1);
    return found.get(0);
  }

  private static String text(Element parent, String localName) {
    return child(parent, localName).getTextContent();
  }
}
