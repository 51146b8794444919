package dev.autodiscover.internal.pox;

import static dev.autodiscover.internal.pox.PoxTestSupport.TEXT_XML;
import static dev.autodiscover.internal.pox.PoxTestSupport.account;
import static dev.autodiscover.internal.pox.PoxTestSupport.resource;
import static dev.autodiscover.internal.pox.PoxTestSupport.settings;
import static dev.autodiscover.internal.pox.PoxTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.autodiscover.AlternativeMailbox;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.EwsUrl;
import dev.autodiscover.MailboxSettings;
import dev.autodiscover.NetworkLocation;
import dev.autodiscover.ProtocolSettings;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class PoxCodecTest {
  private static final String REQUEST_NS =
      "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006";
  private static final String SCHEMA_2006A =
      "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";

  private final PoxCodec codec = PoxCodec.create();

  // ---------------------------------------------------------------- request

  @Test
  void requestBody_isOutlookRequestSchemaWithHttpNamespaces() throws Exception {
    byte[] body = codec.requestBody(EmailAddress.parse("jan.novak@contoso.com"));

    String text = new String(body, StandardCharsets.UTF_8);
    assertThat(text).startsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>")
        .contains("xmlns=\"" + REQUEST_NS + "\"")
        .contains("<AcceptableResponseSchema>" + SCHEMA_2006A + "</AcceptableResponseSchema>")
        .doesNotContain("https://");
    Document doc = parseRequest(body);
    Element root = doc.getDocumentElement();
    assertThat(root.getNamespaceURI()).isEqualTo(REQUEST_NS);
    assertThat(root.getLocalName()).isEqualTo("Autodiscover");
    Element request = (Element) root.getElementsByTagNameNS(REQUEST_NS, "Request").item(0);
    assertThat(request).isNotNull();
    assertThat(request.getElementsByTagNameNS(REQUEST_NS, "EMailAddress").item(0).getTextContent())
        .isEqualTo("jan.novak@contoso.com");
    assertThat(request.getElementsByTagNameNS(REQUEST_NS, "AcceptableResponseSchema").item(0).getTextContent())
        .isEqualTo(SCHEMA_2006A);
  }

  @Test
  void requestBody_escapesAmpersandInLocalPart() throws Exception {
    // '&' is the one XML-special character a valid (dot-atom) address can hold; '<' and '>' never parse.
    byte[] body = codec.requestBody(EmailAddress.parse("r&d'team@Contoso.COM"));

    assertThat(new String(body, StandardCharsets.UTF_8))
        .contains("<EMailAddress>r&amp;d'team@contoso.com</EMailAddress>");
    Document doc = parseRequest(body);
    assertThat(doc.getElementsByTagNameNS(REQUEST_NS, "EMailAddress").item(0).getTextContent())
        .isEqualTo("r&d'team@contoso.com");
  }

  // ---------------------------------------------------------------- settings

  @Test
  void parse_fullSettingsExample_exposesEveryTypedAccessor() throws Exception {
    byte[] body = resource("settings-full.xml");

    MailboxSettings s = settings(codec.parse(body, TEXT_XML));

    assertThat(s.user().displayName()).contains("Jan Novak");
    assertThat(s.user().legacyDn()).contains(
        "/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=5e0c9b7d21a84c3f-jnovak");
    assertThat(s.user().autoDiscoverSmtpAddress()).contains("jan.novak@contoso.com");
    assertThat(s.user().deploymentId()).contains("4b8d2f61-9a3e-47c5-b1d0-6e2f8a9c3d14");
    assertThat(s.user().elements()).containsOnlyKeys("DisplayName", "LegacyDN", "AutoDiscoverSMTPAddress",
        "DeploymentId");

    assertThat(s.accountType()).contains("email");
    assertThat(s.action()).contains("settings");
    assertThat(s.microsoftOnline()).contains(false);
    assertThat(s.accountElements()).containsExactly(
        entry("AccountType", "email"), entry("Action", "settings"), entry("MicrosoftOnline", "False"));

    assertThat(s.protocols()).extracting(ProtocolSettings::type).containsExactly("EXCH", "EXPR", "WEB");
    assertThat(s.externalEwsUrl()).contains(
        new EwsUrl(URI.create("https://mail.contoso.com/EWS/Exchange.asmx"), NetworkLocation.EXTERNAL, "EXPR"));
    assertThat(s.internalEwsUrl()).contains(
        new EwsUrl(URI.create("https://mail.corp.contoso.com/EWS/Exchange.asmx"), NetworkLocation.INTERNAL, "EXCH"));
    assertThat(s.ewsUrl()).isEqualTo(s.externalEwsUrl());

    ProtocolSettings exch = s.protocol("exch").orElseThrow();
    assertThat(exch.location()).contains(NetworkLocation.INTERNAL);
    assertThat(exch.server()).contains("8a1c44e2-3b5d-4f60-9c1a-7d2e6b0f1a23@contoso.com");
    assertThat(exch.serverDn()).contains("/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)"
        + "/cn=Configuration/cn=Servers/cn=8a1c44e2-3b5d-4f60-9c1a-7d2e6b0f1a23@contoso.com");
    assertThat(exch.serverVersion()).contains("73C189CB");
    assertThat(exch.serverVersionDecoded()).contains("15.1.2507");
    assertThat(exch.asUrl()).contains(URI.create("https://mail.corp.contoso.com/EWS/Exchange.asmx"));
    assertThat(exch.ewsUrl()).contains(URI.create("https://mail.corp.contoso.com/EWS/Exchange.asmx"));
    assertThat(exch.emwsUrl()).contains(URI.create("https://mail.corp.contoso.com/EWS/Exchange.asmx"));
    assertThat(exch.ecpUrl()).contains(URI.create("https://mail.corp.contoso.com/owa/"));
    assertThat(exch.oofUrl()).contains(URI.create("https://mail.corp.contoso.com/EWS/Exchange.asmx"));
    assertThat(exch.umUrl()).contains(URI.create("https://mail.corp.contoso.com/EWS/UM2007Legacy.asmx"));
    assertThat(exch.oabUrl()).contains(
        URI.create("https://mail.corp.contoso.com/OAB/0f3d6c1e-55a2-4e8b-8c47-2b9e1d6a7f30/"));
    assertThat(exch.element("EcpUrl-um")).contains("?path=/options/callanswering");
    assertThat(exch.element("EcpUrl-sms")).contains("?path=/options/textmessaging");
    assertThat(exch.element("MdbDN")).hasValueSatisfying(v -> assertThat(v).endsWith("/cn=Microsoft Private MDB"));
    assertThat(exch.element("PublicFolderServer")).contains("mail.contoso.com");
    assertThat(exch.element("AD")).contains("dc01.corp.contoso.com");
    assertThat(exch.element("ServerExclusiveConnect")).contains("off");
    assertThat(exch.ssl()).isEmpty();
    assertThat(exch.ttlHours()).isEmpty();

    ProtocolSettings expr = s.protocol("EXPR").orElseThrow();
    assertThat(expr.location()).contains(NetworkLocation.EXTERNAL);
    assertThat(expr.server()).contains("mail.contoso.com");
    assertThat(expr.ssl()).contains(true);
    assertThat(expr.authPackage()).contains("Negotiate");
    assertThat(expr.ttlHours()).contains(1);
    assertThat(expr.element("CertPrincipalName")).contains("msstd:mail.contoso.com");
    assertThat(expr.element("ServerExclusiveConnect")).contains("on");
    assertThat(expr.element("GroupingInformation")).contains("LondonDC");
    assertThat(expr.asUrl()).contains(URI.create("https://mail.contoso.com/EWS/Exchange.asmx"));
    assertThat(expr.ecpUrl()).contains(URI.create("https://mail.contoso.com/owa/"));
    assertThat(expr.oofUrl()).contains(URI.create("https://mail.contoso.com/EWS/Exchange.asmx"));
    assertThat(expr.oabUrl())
        .contains(URI.create("https://mail.contoso.com/OAB/0f3d6c1e-55a2-4e8b-8c47-2b9e1d6a7f30/"));

    ProtocolSettings web = s.protocol("web").orElseThrow();
    assertThat(web.location()).isEmpty();
    assertThat(web.internalOwaUrl()).contains(URI.create("https://mail.corp.contoso.com/owa/"));
    assertThat(web.externalOwaUrl()).contains(URI.create("https://mail.contoso.com/owa/"));
    assertThat(web.element("Internal/OWAUrl@AuthenticationMethod")).contains("Basic, Fba");
    assertThat(web.element("External/OWAUrl@AuthenticationMethod")).contains("Fba");
    assertThat(web.elements()).containsExactly(
        entry("Type", "WEB"),
        entry("Internal/OWAUrl", "https://mail.corp.contoso.com/owa/"),
        entry("Internal/OWAUrl@AuthenticationMethod", "Basic, Fba"),
        entry("Internal/Protocol/Type", "EXCH"),
        entry("Internal/Protocol/ASUrl", "https://mail.corp.contoso.com/EWS/Exchange.asmx"),
        entry("External/OWAUrl", "https://mail.contoso.com/owa/"),
        entry("External/OWAUrl@AuthenticationMethod", "Fba"),
        entry("External/Protocol/Type", "EXPR"),
        entry("External/Protocol/ASUrl", "https://mail.contoso.com/EWS/Exchange.asmx"));
    assertThat(web.ewsUrl()).isEmpty();

    assertThat(s.alternativeMailboxes()).hasSize(2);
    AlternativeMailbox delegate = s.alternativeMailboxes().get(0);
    assertThat(delegate.type()).contains("Delegate");
    assertThat(delegate.displayName()).contains("Service Desk");
    assertThat(delegate.smtpAddress()).contains("servicedesk@contoso.com");
    assertThat(delegate.legacyDn()).contains("/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)"
        + "/cn=Recipients/cn=a71f02c4e9d34b58-servicedesk");
    assertThat(delegate.server()).contains("c2e5d7a9-1f84-4b3e-a6d0-93b8f4e21c57@contoso.com");
    AlternativeMailbox archive = s.alternativeMailboxes().get(1);
    assertThat(archive.type()).contains("Archive");
    assertThat(archive.displayName()).contains("Online Archive - Jan Novak");
    assertThat(archive.smtpAddress())
        .contains("ExchangeGuid+3d9a5e10-7c42-4f1b-8e63-b0a4d2c9f871@contoso.mail.onmicrosoft.com");
    assertThat(archive.legacyDn()).isEmpty();
    assertThat(archive.elements()).containsEntry("OwnerSmtpAddress", "jan.novak@contoso.com");

    assertThat(s.publicFolderSmtpAddress()).contains("pf-hierarchy@contoso.com");
    assertThat(s.responseXml()).isEqualTo(new String(body, StandardCharsets.UTF_8));
  }

  @Test
  void parse_mapiHttpProtocol_takesTypeAndVersionFromAttributes() throws Exception {
    MailboxSettings s = settings(codec.parse(resource("settings-mapihttp.xml"), TEXT_XML));

    assertThat(s.microsoftOnline()).contains(true);
    assertThat(s.accountElements()).containsEntry("ConsumerMailbox", "False");
    assertThat(s.protocols()).extracting(ProtocolSettings::type).containsExactly("mapiHttp", "EXPR");
    ProtocolSettings mapi = s.protocol("MAPIHTTP").orElseThrow();
    assertThat(mapi.element("@Version")).contains("1");
    assertThat(mapi.element("@Type")).contains("mapiHttp");
    String mailbox = "?MailboxId=0b7e1f3c-64d2-4a8e-9f15-c2d3a4b5e6f7@fabrikam.example";
    assertThat(mapi.mailStoreUrl(NetworkLocation.INTERNAL))
        .contains(URI.create("https://ex1.fabrikam.example/mapi/emsmdb/" + mailbox));
    assertThat(mapi.mailStoreUrl(NetworkLocation.EXTERNAL))
        .contains(URI.create("https://webmail.fabrikam.example/mapi/emsmdb/" + mailbox));
    assertThat(mapi.addressBookUrl(NetworkLocation.INTERNAL))
        .contains(URI.create("https://ex1.fabrikam.example/mapi/nspi/" + mailbox));
    assertThat(mapi.addressBookUrl(NetworkLocation.EXTERNAL))
        .contains(URI.create("https://webmail.fabrikam.example/mapi/nspi/" + mailbox));
    assertThat(mapi.elements()).containsOnlyKeys("@Type", "@Version", "MailStore/InternalUrl",
        "MailStore/ExternalUrl", "AddressBook/InternalUrl", "AddressBook/ExternalUrl");
    assertThat(s.internalEwsUrl()).isEmpty();
    assertThat(s.ewsUrl()).contains(new EwsUrl(URI.create("https://webmail.fabrikam.example/EWS/Exchange.asmx"),
        NetworkLocation.EXTERNAL, "EXPR"));
  }

  @Test
  void parse_unknownElements_areKeptAndReachable() throws Exception {
    MailboxSettings s = settings(codec.parse(resource("settings-unknown-elements.xml"), TEXT_XML));

    assertThat(s.user().displayName()).contains("Lucie Dvořák");
    assertThat(s.user().elements()).containsEntry("FavouriteColour", "teal")
        .containsEntry("Badge", "42")
        .containsEntry("Badge@level", "gold");
    assertThat(s.action()).contains("SETTINGS");
    assertThat(s.accountElements()).containsExactly(
        entry("AccountType", "email"), entry("Action", "SETTINGS"),
        entry("ServiceHome", "https://portal.northwind.example/"), entry("FutureFlag", "On"));

    ProtocolSettings expr = s.protocols().get(0);
    assertThat(expr.type()).isEqualTo("EXPR");
    assertThat(expr.ssl()).contains(true);
    assertThat(expr.authPackage()).contains("Ntlm");
    assertThat(expr.ewsUrl()).contains(URI.create("https://mail.northwind.example/EWS/Exchange.asmx"));
    assertThat(expr.element("EcpUrl-tmCreating")).contains("?ftr=TeamMailboxCreating&SPUrl=<SPURL>");
    assertThat(expr.element("QuantumTunnelUrl")).contains("https://qt.northwind.example/");
    assertThat(expr.element("FutureBlock@Kind")).contains("x");
    assertThat(expr.element("FutureBlock/Inner")).contains("value");
    assertThat(expr.element("FutureBlock/Inner@Flavour")).contains("vanilla");
    assertThat(expr.element("FutureBlock/Inner[2]")).contains("second value");
    assertThat(expr.element("Tag")).contains("vendor");
    assertThat(s.externalEwsUrl()).map(EwsUrl::uri)
        .contains(URI.create("https://mail.northwind.example/EWS/Exchange.asmx"));

    ProtocolSettings web = s.protocols().get(1);
    assertThat(web.internalOwaUrl()).contains(URI.create("https://cas1.northwind.example/owa/"));
    assertThat(web.element("Internal/OWAUrl@AuthenticationMethod")).contains("WindowsIntegrated");
    assertThat(web.element("Internal/OWAUrl[2]")).contains("https://cas2.northwind.example/owa/");
    assertThat(web.element("Internal/OWAUrl[2]@AuthenticationMethod")).contains("Basic");
    assertThat(web.element("External/Protocol/ASUrl")).contains("https://mail.northwind.example/EWS/Exchange.asmx");

    ProtocolSettings untyped = s.protocols().get(2);
    assertThat(untyped.type()).isEmpty();
    assertThat(untyped.server()).contains("untyped.northwind.example");

    assertThat(s.alternativeMailboxes()).singleElement().satisfies(m -> {
      assertThat(m.type()).contains("TeamMailbox");
      assertThat(m.elements()).containsEntry("SiteUrl", "https://sharepoint.northwind.example/sites/falcon");
    });
    assertThat(s.publicFolderSmtpAddress()).isEmpty();
  }

  @Test
  void parse_settingsWithoutUser_givesEmptyUser() throws Exception {
    String xml = account("""
        <Action>settings</Action>
        <Protocol><Type>EXCH</Type><EwsUrl>https://ex.contoso.com/EWS/Exchange.asmx</EwsUrl></Protocol>
        """);

    MailboxSettings s = settings(codec.parse(utf8(xml), TEXT_XML));

    assertThat(s.user().elements()).isEmpty();
    assertThat(s.internalEwsUrl()).map(EwsUrl::uri).contains(URI.create("https://ex.contoso.com/EWS/Exchange.asmx"));
    assertThat(s.externalEwsUrl()).isEmpty();
    assertThat(s.ewsUrl()).map(EwsUrl::location).contains(NetworkLocation.INTERNAL);
  }

  @Test
  void parse_settingsWithoutActionButWithProtocols_isSettings() throws Exception {
    String xml = account("<Protocol><Type>IMAP</Type><Server>imap.contoso.com</Server></Protocol>");

    MailboxSettings s = settings(codec.parse(utf8(xml), TEXT_XML));

    assertThat(s.protocol("imap").flatMap(ProtocolSettings::server)).contains("imap.contoso.com");
  }

  @Test
  void parse_isSafeForConcurrentUse() throws Exception {
    byte[] body = resource("settings-full.xml");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<PoxResponse>> results = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        results.add(pool.submit(() -> codec.parse(body, TEXT_XML)));
      }
      for (Future<PoxResponse> f : results) {
        assertThat(settings(f.get()).externalEwsUrl()).isPresent();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- helpers

  private static Document parseRequest(byte[] body) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(body));
  }
}
