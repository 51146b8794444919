package dev.autodiscover.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autodiscover.Attempt;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AutodiscoverNotFoundException;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.EwsUrl;
import dev.autodiscover.NetworkLocation;
import dev.autodiscover.ProtocolChoice;
import dev.autodiscover.testkit.PoxResponses;
import dev.autodiscover.testkit.SoapResponses;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 item 4: every URL of a settings answer (POX, SOAP, v2, local XML) is an absolute https URL with a
 * host and no user info, or it is left out of the typed accessors and named in the attempt's detail; an EWS
 * URL outside the domains the run trusted is returned but flagged.
 */
class SettingsUrlValidationTest extends EngineTestSupport {
  private static final String EVIL_HTTP = "http://ews.fabrikam-evil.net/EWS/Exchange.asmx";
  private static final String EVIL_HTTPS = "https://ews.fabrikam-evil.net/EWS/Exchange.asmx";
  private static final String EWS = "https://mail.contoso.com/EWS/Exchange.asmx";
  private static final String SCRIPT = "javascript:alert(1)";

  @TempDir
  Path dir;

  /** A POX settings answer with an EXPR and, when not null, an EXCH block carrying these EWS URLs. */
  static String pox(String external, String internal) {
    return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        + "<Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006\">\n"
        + "<Response xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a\">\n"
        + "<User><DisplayName>Jan</DisplayName></User>\n"
        + "<Account><AccountType>email</AccountType><Action>settings</Action>\n"
        + "<Protocol><Type>EXPR</Type><Server>mail.contoso.com</Server><EwsUrl>" + external + "</EwsUrl></Protocol>\n"
        + (internal == null ? "" : "<Protocol><Type>EXCH</Type><EwsUrl>" + internal + "</EwsUrl></Protocol>\n")
        + "</Account></Response></Autodiscover>\n";
  }

  private AutodiscoverResult resolvePox(String external, String internal) {
    net.host("autodiscover.contoso.com").respondHttps(dispatcher(r -> PoxResponses.xml(pox(external, internal))));
    return request("jan@contoso.com").only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN).resolve();
  }

  private static Optional<String> detail(AutodiscoverResult result) {
    return attempt(result, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, AttemptOutcome.SETTINGS).detail();
  }

  @Test
  void pox_scriptEwsUrl_isNotReturned_butKeptRaw_andNamedInTheTrace() {
    AutodiscoverResult result = resolvePox(SCRIPT, null);

    assertThat(result.ewsUrl()).isEmpty();
    assertThat(result.settings().externalEwsUrl()).isEmpty();
    assertThat(result.userSettings().externalEwsUrl()).isEmpty();
    assertThat(result.settings().protocol("EXPR").orElseThrow().elements()).containsEntry("EwsUrl", SCRIPT);
    assertThat(detail(result)).hasValue("refused settings URLs: EXPR EwsUrl (not https)");
    assertThat(result.ewsUrlOutsideTrustedDomains()).isFalse();
  }

  @Test
  void pox_plainHttpEwsUrl_isNotReturned_theHttpsInternalOneIs() {
    AutodiscoverResult result = resolvePox(EVIL_HTTP, EWS);

    assertThat(result.ewsUrl()).hasValue(new EwsUrl(URI.create(EWS), NetworkLocation.INTERNAL, "EXCH"));
    assertThat(result.settings().externalEwsUrl()).isEmpty();
    assertThat(result.settings().protocol("EXPR").orElseThrow().element("EwsUrl")).hasValue(EVIL_HTTP);
    assertThat(detail(result)).hasValue("refused settings URLs: EXPR EwsUrl (not https)");
    assertThat(result.ewsUrlOutsideTrustedDomains()).isFalse();
  }

  @Test
  void pox_urlWithUserInfo_isNotReturned_andItsPasswordIsNotInTheTrace() {
    AutodiscoverResult result = resolvePox("https://admin:pw@mail.contoso.com/EWS/Exchange.asmx", null);

    assertThat(result.ewsUrl()).isEmpty();
    assertThat(detail(result)).hasValue("refused settings URLs: EXPR EwsUrl (has user info)");
    assertThat(result.trace().toOutlookStyleLog()).doesNotContain("admin:pw");
  }

  @Test
  void pox_httpsEwsUrlOnAForeignDomain_isReturned_butFlagged() {
    AutodiscoverResult result = resolvePox(EVIL_HTTPS, null);

    assertThat(result.ewsUrl()).hasValue(new EwsUrl(URI.create(EVIL_HTTPS), NetworkLocation.EXTERNAL, "EXPR"));
    assertThat(result.ewsUrlOutsideTrustedDomains()).isTrue();
    assertThat(detail(result)).isEmpty();
    assertThat(result.toString()).contains("ewsUrl=" + EVIL_HTTPS + " (outside the trusted domains)");
  }

  @Test
  void pox_foreignInternalEwsUrl_flagsTheResult_evenWhenTheExternalOneIsInTheUsersDomain() {
    AutodiscoverResult result = resolvePox(EWS, EVIL_HTTPS);

    assertThat(result.ewsUrl()).hasValue(new EwsUrl(URI.create(EWS), NetworkLocation.EXTERNAL, "EXPR"));
    assertThat(result.ewsUrlOutsideTrustedDomains()).isTrue();
  }

  @Test
  void pox_foreignEwsHostOnTheClientsTrustedList_isNotFlagged() {
    configure(b -> b.trustRedirectHosts("ews.fabrikam-evil.net"));

    AutodiscoverResult result = resolvePox(EVIL_HTTPS, EWS);

    assertThat(result.ewsUrl()).hasValue(new EwsUrl(URI.create(EVIL_HTTPS), NetworkLocation.EXTERNAL, "EXPR"));
    assertThat(result.ewsUrlOutsideTrustedDomains()).isFalse();
  }

  @Test
  void pox_microsoft365EwsUrl_isNotFlagged_withTheDefaultTrustedHosts() {
    String o365 = "https://outlook.office365.com/EWS/Exchange.asmx";

    AutodiscoverResult result = resolvePox(o365, null);

    assertThat(result.ewsUrl()).hasValue(new EwsUrl(URI.create(o365), NetworkLocation.EXTERNAL, "EXPR"));
    assertThat(result.ewsUrlOutsideTrustedDomains()).isFalse();
  }

  @Test
  void soap_scriptAndPlainHttpEwsUrls_areNotReturned_butKeptRaw_andNamedInTheTrace() {
    net.host("autodiscover.contoso.com").respondHttps(dispatcher(r -> SoapResponses.xml(SoapResponses.userResponses(
        SoapResponses.userSettings("Jan", "jan@contoso.com", SCRIPT, EVIL_HTTP)))));

    AutodiscoverResult result = request("jan@contoso.com").only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN)
        .protocol(ProtocolChoice.SOAP).resolve();

    assertThat(result.userSettings().externalEwsUrl()).isEmpty();
    assertThat(result.userSettings().internalEwsUrl()).isEmpty();
    assertThat(result.ewsUrl()).isEmpty();
    assertThat(result.userSettings().raw()).containsEntry("ExternalEwsUrl", SCRIPT)
        .containsEntry("InternalEwsUrl", EVIL_HTTP);
    assertThat(detail(result))
        .hasValue("refused settings URLs: ExternalEwsUrl (not https), InternalEwsUrl (not https)");
    assertThat(result.ewsUrlOutsideTrustedDomains()).isFalse();
  }

  @Test
  void soap_httpsEwsUrlOnAForeignDomain_isReturned_butFlagged() {
    net.host("autodiscover.contoso.com").respondHttps(dispatcher(r -> SoapResponses.xml(SoapResponses.userResponses(
        SoapResponses.userSettings("Jan", "jan@contoso.com", EVIL_HTTPS, null)))));

    AutodiscoverResult result = request("jan@contoso.com").only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN)
        .protocol(ProtocolChoice.SOAP).resolve();

    assertThat(result.userSettings().externalEwsUrl()).hasValue(URI.create(EVIL_HTTPS));
    assertThat(result.ewsUrlOutsideTrustedDomains()).isTrue();
  }

  @Test
  void v2_urlWithUserInfo_isRefused_withoutQuotingIt() {
    net.host("autodiscover.contoso.com").respondHttps(dispatcher(r ->
        Office365Test.v2Endpoint("https://admin:pw@mail.contoso.com/EWS/Exchange.asmx")));

    assertThatThrownBy(() -> request("jan@contoso.com").only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN)
        .protocol(ProtocolChoice.JSON_V2).resolve())
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e -> {
          List<String> v2 = e.trace().attempts().stream()
              .filter(a -> a.method() == DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN)
              .map(a -> a.outcome().code() + " " + a.detail().orElse("")).toList();
          assertThat(v2).containsExactly("not-found Autodiscover v2 answer refused: its EWS URL embeds credentials "
              + "(user info in https://***@mail.contoso.com)");
          assertThat(e.trace().toOutlookStyleLog()).doesNotContain("admin:pw");
          assertThat(e.getMessage()).doesNotContain("admin:pw");
        });
  }

  @Test
  void v2_httpsEwsUrlOnAForeignDomain_isReturned_butFlagged() {
    net.host("autodiscover.contoso.com").respondHttps(dispatcher(r -> Office365Test.v2Endpoint(EVIL_HTTPS)));

    AutodiscoverResult result = request("jan@contoso.com").only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN)
        .protocol(ProtocolChoice.JSON_V2).resolve();

    assertThat(result.ewsUrl()).hasValue(new EwsUrl(URI.create(EVIL_HTTPS), NetworkLocation.EXTERNAL, "EXPR"));
    assertThat(result.ewsUrlOutsideTrustedDomains()).isTrue();
  }

  @Test
  void localXml_scriptAndPlainHttpEwsUrls_areNotReturned_andNamedInTheTrace() throws Exception {
    Path f = dir.resolve("contoso.xml");
    Files.writeString(f, pox(EVIL_HTTP, SCRIPT), StandardCharsets.UTF_8);

    configure(b -> b.localXml("contoso.com", f));
    AutodiscoverResult result = request("jan@contoso.com").only(DiscoveryMethod.LOCAL_XML).resolve();

    assertThat(result.ewsUrl()).isEmpty();
    assertThat(result.settings().protocol("EXCH").orElseThrow().element("EwsUrl")).hasValue(SCRIPT);
    Attempt local = attempt(result, DiscoveryMethod.LOCAL_XML, AttemptOutcome.SETTINGS);
    assertThat(local.detail()).hasValue(
        "settings from the local file; refused settings URLs: EXPR EwsUrl (not https), EXCH EwsUrl (not https)");
  }
}
