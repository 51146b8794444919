package dev.autodiscover.internal.pox;

import static dev.autodiscover.internal.pox.PoxTestSupport.TEXT_XML;
import static dev.autodiscover.internal.pox.PoxTestSupport.settings;
import static dev.autodiscover.internal.pox.PoxTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autodiscover.MailboxSettings;
import dev.autodiscover.internal.xml.NotAutodiscoverException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How {@link PoxCodec#parse} maps odd but well-formed answers: which of repeated blocks counts, namespaces, the
 * order and keys of attributes, schema-instance attributes. Pins what the former JAXB mapping did, and the
 * hostile names with which it threw something other than {@link NotAutodiscoverException}.
 */
class PoxCodecMappingTest {
  private static final String OUTER_NS = PoxCodec.RESPONSE_NS;
  private static final String INNER_NS = PoxCodec.OUTLOOK_RESPONSE_NS;

  private final PoxCodec codec = PoxCodec.create();

  /** An answer whose root declares the prefixes o (2006), i (2006a), f (foreign) and xsi. */
  private static String answer(String responseChildren) {
    return "<Autodiscover xmlns=\"" + OUTER_NS + "\" xmlns:o=\"" + OUTER_NS + "\" xmlns:i=\"" + INNER_NS
        + "\" xmlns:f=\"urn:f\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
        + "<Response xmlns=\"" + INNER_NS + "\">" + responseChildren + "</Response></Autodiscover>";
  }

  private PoxResponse parse(String xml) throws NotAutodiscoverException {
    return codec.parse(utf8(xml), TEXT_XML);
  }

  @Test
  void parse_repeatedBlocks_theLastResponseAccountUserAndErrorCount() throws Exception {
    assertThat(parse(answer("<Account><Action>redirectAddr</Action><RedirectAddr>a@x.com</RedirectAddr></Account>"
        + "<Account><Action>redirectAddr</Action><RedirectAddr>b@x.com</RedirectAddr></Account>")))
        .isEqualTo(new PoxResponse.RedirectAddress("b@x.com"));
    assertThat(parse(answer("<Error><ErrorCode>1</ErrorCode><Message>one</Message></Error>"
        + "<Error><ErrorCode>2</ErrorCode><ErrorCode>3</ErrorCode></Error>")))
        .isEqualTo(new PoxResponse.Error(3, null, null, null, null));
    MailboxSettings s = settings(parse(answer("<User><DisplayName>A</DisplayName></User>"
        + "<User><DisplayName>B</DisplayName></User><Account><Action>settings</Action></Account>")));
    assertThat(s.user().elements()).containsExactly(Map.entry("DisplayName", "B"));
  }

  @Test
  void parse_firstActionAndRedirectWithoutChildElementsCount() throws Exception {
    assertThat(parse(answer("<Account><Action><x/></Action><Action>redirectUrl</Action><Action>settings</Action>"
        + "<RedirectUrl><y/></RedirectUrl><RedirectUrl> https://a.x.com/ </RedirectUrl></Account>")))
        .isEqualTo(new PoxResponse.RedirectUrl("https://a.x.com/"));
  }

  @Test
  void parse_errorTextWithMarkup_isTheTextAfterTheLastChildElement() throws Exception {
    assertThat(parse(answer("<Error Time=\"10:00\" o:Id=\"ignored\"><Message>Bad <b>thing</b> happened </Message>"
        + "<DebugData>kept<br/></DebugData></Error>")))
        .isEqualTo(new PoxResponse.Error(null, "happened", null, "10:00", null));
  }

  @Test
  void parse_elementsInOtherNamespaces_areKeptButNeverRecognised() throws Exception {
    MailboxSettings s = settings(parse(answer("<Account><f:Action>redirectAddr</f:Action><i:Action>settings</i:Action>"
        + "<f:Error><Message>no</Message></f:Error><f:Protocol>p</f:Protocol>"
        + "<o:Protocol><Type>EXCH</Type><f:Type>WEB</f:Type></o:Protocol>"
        + "<PublicFolderInformation><f:SmtpAddress>f@x.com</f:SmtpAddress></PublicFolderInformation>"
        + "<PublicFolderInformation><SmtpAddress>pf@x.com</SmtpAddress></PublicFolderInformation></Account>")));

    assertThat(s.accountElements()).containsExactly(
        Map.entry("Action", "redirectAddr"), Map.entry("Action[2]", "settings"), Map.entry("Protocol", "p"));
    assertThat(s.protocols()).singleElement().satisfies(p -> {
      assertThat(p.type()).isEqualTo("EXCH");
      assertThat(p.elements()).containsExactly(Map.entry("Type", "EXCH"), Map.entry("Type[2]", "WEB"));
    });
    assertThat(s.publicFolderSmtpAddress()).contains("pf@x.com");
  }

  @Test
  void parse_protocolAttributes_documentOrderWithoutSchemaInstanceAndWithBothResponseNamespacesAsOne()
      throws Exception {
    MailboxSettings s = settings(parse(answer("<Account><Action>settings</Action>"
        + "<Protocol o:Type=\"A\" Version=\"1\" xsi:type=\"i:protocol\" xsi:nil=\"true\" i:Type=\"B\" Type=\" WEB \""
        + " f:Type=\"C\"/><Protocol><Type> </Type></Protocol></Account>")));

    List<Map<String, String>> elements = s.protocols().stream().map(p -> p.elements()).toList();
    assertThat(s.protocols().get(0).type()).isEqualTo("WEB");
    assertThat(elements.get(0)).containsExactly(Map.entry("@Type", "B"), Map.entry("@Version", "1"),
        Map.entry("@Type[2]", "WEB"), Map.entry("@Type[3]", "C"));
    assertThat(s.protocols().get(1).type()).isEmpty();
  }

  @Test
  void parse_attributesBelowProtocol_inQualifiedNameOrder_laterResponseNamespaceAttributeReplacingEarlier()
      throws Exception {
    MailboxSettings s = settings(parse(answer("<Account><Action>settings</Action><Protocol><Type>EXCH</Type>"
        + "<Internal z=\"1\" o:a=\"2\" f:a=\"3\" i:a=\"4\" y=\"5\" xsi:type=\"6\"><OWAUrl/></Internal>"
        + "</Protocol></Account>")));

    assertThat(s.protocols().get(0).elements()).containsExactly(Map.entry("Type", "EXCH"),
        Map.entry("Internal@a", "3"), Map.entry("Internal@a[2]", "4"), Map.entry("Internal@type", "6"),
        Map.entry("Internal@y", "5"), Map.entry("Internal@z", "1"), Map.entry("Internal/OWAUrl", ""));
  }

  @Test
  void parse_schemaInstanceTypeOnTextElements_isIgnored() throws Exception {
    // The JAXB mapping threw IllegalArgumentException ("input is empty", "prefix https is not bound ...") here.
    assertThat(parse(answer("<Error><ErrorCode xsi:type=\"\">500</ErrorCode>"
        + "<Message xsi:type=\"https://x.com/\">m</Message></Error>")))
        .isEqualTo(new PoxResponse.Error(500, "m", null, null, null));
    MailboxSettings s = settings(parse(answer("<Account><Action>settings</Action><PublicFolderInformation>"
        + "<SmtpAddress xsi:type=\" \">pf@x.com</SmtpAddress></PublicFolderInformation></Account>")));
    assertThat(s.publicFolderSmtpAddress()).contains("pf@x.com");
  }

  @Test
  void parse_elementWithEmptyPrefixInsideKeptBlock_isMalformedXml() {
    // The JAXB mapping let a DOMException (NAMESPACE_ERR) out of parse before the parser saw the error.
    String xml = answer("<Account><Action>settings</Action><Protocol><Type>EXCH</Type><f:A><:B>x</:B></f:A>"
        + "</Protocol></Account>");

    assertThatThrownBy(() -> parse(xml)).isInstanceOf(NotAutodiscoverException.class)
        .hasMessageStartingWith("malformed XML: line 1, column ");
  }

  @Test
  void parse_responseInTheFormerModelNamespace_isNotRecognised() {
    // The JAXB model's private namespace was recognised like a response namespace.
    String xml = "<Autodiscover xmlns=\"" + OUTER_NS + "\"><Response xmlns=\"urn:dev.autodiscover:internal:pox-response\">"
        + "<Account><Action>redirectAddr</Action><RedirectAddr>a@x.com</RedirectAddr></Account></Response></Autodiscover>";

    assertThatThrownBy(() -> parse(xml)).isInstanceOf(NotAutodiscoverException.class)
        .hasMessage("Autodiscover has no Response in a known response namespace");
  }
}
