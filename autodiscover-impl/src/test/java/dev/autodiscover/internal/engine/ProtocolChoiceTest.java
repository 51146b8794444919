package dev.autodiscover.internal.engine;

import static dev.autodiscover.testkit.PoxResponses.settingsXml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import dev.autodiscover.Attempt;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AutodiscoverErrorResponseException;
import dev.autodiscover.AutodiscoverNotFoundException;
import dev.autodiscover.AutodiscoverProtocol;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.ProtocolChoice;
import dev.autodiscover.UserSettingName;
import dev.autodiscover.testkit.PoxResponses;
import dev.autodiscover.testkit.SoapResponses;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Single-address discovery over SOAP and v2, and AUTO's per-endpoint switch between POX and SOAP. */
class ProtocolChoiceTest extends EngineTestSupport {
  private static final String SVC = "https://autodiscover.contoso.com/autodiscover/autodiscover.svc";
  private static final String EWS = "https://mail.contoso.com/EWS/Exchange.asmx";
  private static final String INTERNAL_EWS = "https://ex01.contoso.local/EWS/Exchange.asmx";

  private static MockResponse soapSettings() {
    return SoapResponses.xml(SoapResponses.userResponses(
        SoapResponses.userSettings("Jan Novák", "jan@contoso.com", EWS, null)));
  }

  private static MockResponse poxSettings() {
    return PoxResponses.xml(settingsXml("Jan Novák", "jan@contoso.com", EWS, INTERNAL_EWS));
  }

  private dev.autodiscover.AutodiscoverRequest auto() {
    return request("jan@contoso.com").protocol(ProtocolChoice.AUTO);
  }

  private static boolean isSoap(RecordedRequest r) {
    return r.getUrl().encodedPath().toLowerCase(java.util.Locale.ROOT).endsWith("/autodiscover.svc");
  }

  private static String body(RecordedRequest r) {
    return r.getBody() == null ? "" : r.getBody().string(StandardCharsets.UTF_8);
  }

  private static List<String> protocolsOf(AutodiscoverResult result, DiscoveryMethod method) {
    return result.trace().attempts().stream().filter(a -> a.method() == method && a.httpMethod().isPresent())
        .map(a -> a.protocol().map(Enum::name).orElse("-") + " " + a.url().orElseThrow().getPath() + " "
            + a.outcome().code())
        .toList();
  }

  @Test
  void soap_asksGetUserSettingsAtTheSvcFormOfTheCandidate_andReturnsTypedSettings() throws Exception {
    net.host("autodiscover.contoso.com").respondHttps(dispatcher(r -> isSoap(r) ? soapSettings() : status(404)));

    AutodiscoverResult result = request("jan@contoso.com").only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN)
        .protocol(ProtocolChoice.SOAP)
        .userSettings(EnumSet.of(UserSettingName.EXTERNAL_EWS_URL, UserSettingName.INTERNAL_EWS_URL,
            UserSettingName.USER_DISPLAY_NAME))
        .resolve();

    assertThat(result.protocol()).isEqualTo(AutodiscoverProtocol.SOAP);
    assertThat(result.endpoint()).isEqualTo(URI.create(SVC));
    assertThat(result.userSettings().userDisplayName()).hasValue("Jan Novák");
    assertThat(result.userSettings().externalEwsUrl()).hasValue(URI.create(EWS));
    // The per-setting error for the missing internal URL is kept, not dropped.
    assertThat(result.userSettings().settingErrors()).anySatisfy(e -> {
      assertThat(e.settingName()).isEqualTo("InternalEwsUrl");
      assertThat(e.errorCode()).isEqualTo("SettingIsNotAvailable");
    });
    assertThat(result.ewsUrl()).hasValueSatisfying(e -> assertThat(e.uri()).isEqualTo(URI.create(EWS)));
    assertThat(result.settings().user().displayName()).hasValue("Jan Novák");

    List<RecordedRequest> sent = received(net.host("autodiscover.contoso.com").https());
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).getMethod()).isEqualTo("POST");
    String request = body(sent.get(0));
    assertThat(request).contains("GetUserSettings").contains("<a:Mailbox>jan@contoso.com</a:Mailbox>")
        .contains("ExternalEwsUrl").contains("InternalEwsUrl").contains("UserDisplayName")
        .doesNotContain("UserDeploymentId");
    Attempt attempt = attempt(result, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, AttemptOutcome.SETTINGS);
    assertThat(attempt.protocol()).hasValue(AutodiscoverProtocol.SOAP);
  }

  @Test
  void pox_neverSpeaksSoap_evenWhereOnlySoapWouldAnswer() throws Exception {
    net.host("autodiscover.contoso.com").respondHttps(dispatcher(r -> isSoap(r) ? soapSettings() : status(404)));

    assertThatThrownBy(() -> request("jan@contoso.com").only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN)
        .protocol(ProtocolChoice.POX).resolve())
        .isInstanceOf(AutodiscoverNotFoundException.class);
    assertThat(received(net.host("autodiscover.contoso.com").https())).noneMatch(ProtocolChoiceTest::isSoap);
  }

  @Test
  void auto_switchesToSoapWhereThePoxPathIsNotServed() {
    net.host("autodiscover.contoso.com").respondHttps(dispatcher(r -> isSoap(r) ? soapSettings() : status(404)));

    AutodiscoverResult result = auto().only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN).resolve();

    assertThat(result.protocol()).isEqualTo(AutodiscoverProtocol.SOAP);
    assertThat(protocolsOf(result, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN)).containsExactly(
        "POX /autodiscover/autodiscover.xml not-found", "SOAP /autodiscover/autodiscover.svc settings");
    Attempt soap = attempt(result, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, AttemptOutcome.SETTINGS);
    assertThat(soap.detail()).hasValueSatisfying(d -> assertThat(d).contains("switched to SOAP").contains("HTTP 404"));
  }

  @Test
  void auto_switchesToPoxWhereTheSvcPathIsNotServed() {
    // A POX redirect names the SOAP URL: AUTO asks it in SOAP first, then POX at the same host.
    net.host("contoso.com").respondHttps(dispatcher(r -> isSoap(r) ? status(404)
        : PoxResponses.xml(PoxResponses.redirectUrlXml(SVC))));
    net.host("autodiscover.contoso.com").respondHttps(dispatcher(r -> isSoap(r) ? status(405) : poxSettings()));

    AutodiscoverResult result = auto().only(DiscoveryMethod.HTTPS_ROOT_DOMAIN).resolve();

    assertThat(result.protocol()).isEqualTo(AutodiscoverProtocol.POX);
    assertThat(result.endpoint()).isEqualTo(URI.create(AD));
    assertThat(protocolsOf(result, DiscoveryMethod.HTTPS_ROOT_DOMAIN)).containsExactly(
        "POX /autodiscover/autodiscover.xml redirect-url",
        "SOAP /autodiscover/autodiscover.svc not-found",
        "POX /autodiscover/autodiscover.xml settings");
    assertThat(result.userSettings().internalEwsUrl()).hasValue(URI.create(INTERNAL_EWS));
  }

  @Test
  void auto_doesNotSwitchOnServerTrouble() throws Exception {
    net.host("autodiscover.contoso.com").respondHttps(dispatcher(r -> isSoap(r) ? soapSettings() : status(503)));

    assertThatThrownBy(() -> auto().only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN).resolve())
        .isInstanceOf(AutodiscoverNotFoundException.class);
    assertThat(received(net.host("autodiscover.contoso.com").https())).hasSize(1);
  }

  @Test
  void auto_treatsASoapFaultAsNotSpoken_andFallsBackToPox() {
    net.host("autodiscover.contoso.com").respondHttps(dispatcher(r -> isSoap(r)
        ? SoapResponses.faultResponse("a:ActionNotSupported", "The action is not supported.") : poxSettings()));
    net.host("contoso.com").respondHttps(dispatcher(r -> PoxResponses.xml(PoxResponses.redirectUrlXml(SVC))));

    AutodiscoverResult result = auto().only(DiscoveryMethod.HTTPS_ROOT_DOMAIN).resolve();

    assertThat(result.protocol()).isEqualTo(AutodiscoverProtocol.POX);
    assertThat(protocolsOf(result, DiscoveryMethod.HTTPS_ROOT_DOMAIN)).containsExactly(
        "POX /autodiscover/autodiscover.xml redirect-url",
        "SOAP /autodiscover/autodiscover.svc not-found",
        "POX /autodiscover/autodiscover.xml settings");
  }

  @Test
  void auto_whenNeitherProtocolIsServed_saysSoForBoth() {
    net.host("autodiscover.contoso.com").respondHttps(dispatcher(r -> status(404)));

    assertThatThrownBy(() -> auto().only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN).resolve())
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e -> assertThat(e.getMessage())
            .contains("POX not-found at " + AD).contains("then SOAP not-found at " + SVC));
  }

  @Test
  void soap_invalidUser_isATypedErrorWithTheSoapCode() {
    net.host("autodiscover.contoso.com").respondHttps(dispatcher(r -> SoapResponses.xml(SoapResponses.userResponses(
        SoapResponses.userError("InvalidUser", "The user jan@contoso.com was not found.")))));

    assertThatThrownBy(() -> request("jan@contoso.com").only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN)
        .protocol(ProtocolChoice.SOAP).resolve())
        .isInstanceOfSatisfying(AutodiscoverErrorResponseException.class, e -> {
          assertThat(e.soapErrorCode()).hasValue("InvalidUser");
          assertThat(e.errorCode()).isEqualTo(500);
          assertThat(e.endpoint()).isEqualTo(URI.create(SVC));
          assertThat(e.serverMessage()).hasValue("The user jan@contoso.com was not found.");
          assertThat(e.getMessage()).contains("SOAP ErrorCode InvalidUser");
        });
  }

  @Test
  void soap_wholeRequestError_letsTheNextCandidateAnswer() {
    net.host("contoso.com").respondHttps(dispatcher(r ->
        SoapResponses.xml(SoapResponses.responseError("ServerBusy", "The server is too busy."))));
    net.host("autodiscover.contoso.com").respondHttps(dispatcher(r -> soapSettings()));

    AutodiscoverResult result = request("jan@contoso.com").protocol(ProtocolChoice.SOAP)
        .excluding(DiscoveryMethod.HTTP_REDIRECT).sequential().resolve();

    assertThat(result.method()).isEqualTo(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
    Attempt busy = attempt(result, DiscoveryMethod.HTTPS_ROOT_DOMAIN, AttemptOutcome.ERROR_RESPONSE);
    assertThat(busy.detail()).hasValueSatisfying(d -> assertThat(d).contains("ServerBusy"));
  }

  @Test
  void soap_redirectAddress_restartsDiscoveryForTheNewAddress() {
    net.host("autodiscover.contoso.com").respondHttps(dispatcher(r -> body(r).contains("jan@contoso.com")
        ? SoapResponses.xml(SoapResponses.userResponses(SoapResponses.redirectAddress("jan.novak@contoso.com")))
        : SoapResponses.xml(SoapResponses.userResponses(
            SoapResponses.userSettings("Jan Novák", "jan.novak@contoso.com", EWS, null)))));

    AutodiscoverResult result = request("jan@contoso.com").only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN)
        .protocol(ProtocolChoice.SOAP).resolve();

    assertThat(result.finalAddress().toString()).isEqualTo("jan.novak@contoso.com");
    assertThat(result.protocol()).isEqualTo(AutodiscoverProtocol.SOAP);
  }

  @Test
  void soap_redirectUrlNamingThePoxPath_isAskedAtTheSvcPathOfThatHost_afterTheTrustChecks() throws Exception {
    net.host("autodiscover.contoso.com").respondHttps(dispatcher(r -> SoapResponses.xml(SoapResponses.userResponses(
        SoapResponses.redirectUrl("https://mail.contoso.com/autodiscover/autodiscover.xml")))));
    net.host("mail.contoso.com").respondHttps(dispatcher(r -> isSoap(r) ? soapSettings() : status(404)));

    AutodiscoverResult result = request("jan@contoso.com").only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN)
        .protocol(ProtocolChoice.SOAP).resolve();

    assertThat(result.endpoint()).isEqualTo(URI.create("https://mail.contoso.com/autodiscover/autodiscover.svc"));
    List<RecordedRequest> sent = received(net.host("mail.contoso.com").https());
    assertThat(sent).hasSize(1).allMatch(ProtocolChoiceTest::isSoap);
    // WS-Addressing names the URL the envelope was sent to.
    assertThat(body(sent.get(0))).contains("https://mail.contoso.com/autodiscover/autodiscover.svc");
  }

  @Test
  void soap_redirectUrlToAnUntrustedHost_isRefused() throws Exception {
    net.host("autodiscover.contoso.com").respondHttps(dispatcher(r -> SoapResponses.xml(SoapResponses.userResponses(
        SoapResponses.redirectUrl("https://mail.litware.com/autodiscover/autodiscover.svc")))));
    net.host("mail.litware.com").respondHttps(dispatcher(r -> soapSettings()));

    assertThatThrownBy(() -> request("jan@contoso.com").only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN)
        .protocol(ProtocolChoice.SOAP).resolve())
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e ->
            assertThat(e.trace().attempts()).anyMatch(a -> a.outcome() == AttemptOutcome.REJECTED_BY_TRUST_POLICY));
    assertThat(net.host("mail.litware.com").https().getRequestCount()).isZero();
  }

  @Test
  void soap_answersABasicChallenge_onTheUsersOwnDomain() throws Exception {
    net.host("autodiscover.contoso.com").respondHttps(dispatcher(r -> r.getHeaders().get("Authorization") == null
        ? PoxResponses.unauthorized("Basic realm=\"contoso\"") : soapSettings()));

    AutodiscoverResult result = request("jan@contoso.com").only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN)
        .protocol(ProtocolChoice.SOAP).basicAuth("jan@contoso.com", "S3cret".toCharArray()).resolve();

    assertThat(result.protocol()).isEqualTo(AutodiscoverProtocol.SOAP);
    List<RecordedRequest> sent = received(net.host("autodiscover.contoso.com").https());
    assertThat(sent).hasSize(2);
    assertThat(sent.get(0).getHeaders().get("Authorization")).isNull();
    assertThat(sent.get(1).getHeaders().get("Authorization")).startsWith("Basic ");
    assertThat(attempt(result, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, AttemptOutcome.SETTINGS).detail())
        .hasValueSatisfying(d -> assertThat(d).contains("authenticated with Basic"));
  }

  @Test
  void v2_asksEachCandidateHostWithAnAnonymousGet_andNeverPosts() throws Exception {
    net.host("autodiscover.contoso.com").respondHttps(dispatcher(r -> r.getMethod().equals("GET")
        ? Office365Test.v2Endpoint(EWS) : poxSettings()));

    AutodiscoverResult result = request("jan@contoso.com").only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN)
        .protocol(ProtocolChoice.JSON_V2).basicAuth("jan@contoso.com", "S3cret".toCharArray()).resolve();

    assertThat(result.protocol()).isEqualTo(AutodiscoverProtocol.JSON_V2);
    assertThat(result.ewsUrl()).hasValueSatisfying(e -> assertThat(e.uri()).isEqualTo(URI.create(EWS)));
    assertThat(result.userSettings().externalEwsUrl()).hasValue(URI.create(EWS));
    assertThat(result.v2Url()).hasValue(URI.create(EWS));
    List<RecordedRequest> sent = received(net.host("autodiscover.contoso.com").https());
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).getMethod()).isEqualTo("GET");
    assertThat(sent.get(0).getUrl().query()).isEqualTo("Protocol=EWS");
    assertThat(sent.get(0).getUrl().encodedPath()).isEqualTo("/autodiscover/autodiscover.json/v1.0/jan@contoso.com");
    assertThat(sent.get(0).getHeaders().get("Authorization")).isNull();
  }

  @Test
  void v2_asksForTheRequestedProtocol_andOnlyAnEwsAnswerFillsTheEwsUrl() throws Exception {
    String activeSync = "https://mail.contoso.com/Microsoft-Server-ActiveSync";
    net.host("autodiscover.contoso.com").respondHttps(dispatcher(r ->
        Office365Test.json(200, "{\"Protocol\":\"ActiveSync\",\"Url\":\"" + activeSync + "\"}")));

    AutodiscoverResult result = request("jan@contoso.com").only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN)
        .protocol(ProtocolChoice.JSON_V2).v2Protocol(dev.autodiscover.V2Protocol.ACTIVE_SYNC).resolve();

    assertThat(result.v2Url()).hasValue(URI.create(activeSync));
    assertThat(result.ewsUrl()).isEmpty();
    assertThat(received(net.host("autodiscover.contoso.com").https()).get(0).getUrl().query())
        .isEqualTo("Protocol=ActiveSync");
  }

  @Test
  void soapWinner_isCachedWithItsProtocol_andAskedInSoapNextTime() {
    net.host("autodiscover.contoso.com").respondHttps(dispatcher(r -> isSoap(r) ? soapSettings() : status(404)));
    dev.autodiscover.SettingsCache cache = dev.autodiscover.SettingsCache.inMemory();

    configure(b -> b.settingsCache(cache));
    auto().only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN).resolve();
    assertThat(cache.lookup(dev.autodiscover.EmailAddress.parse("jan@contoso.com"))).hasValueSatisfying(entry ->
        assertThat(entry).isInstanceOfSatisfying(dev.autodiscover.CacheEntry.Endpoint.class, e -> {
          assertThat(e.protocol()).isEqualTo(AutodiscoverProtocol.SOAP);
          assertThat(e.endpoint()).isEqualTo(URI.create(SVC));
        }));

    AutodiscoverResult again = auto().lastKnownGoodFirst(true).resolve();
    assertThat(again.method()).isEqualTo(DiscoveryMethod.LAST_KNOWN_GOOD);
    assertThat(protocolsOf(again, DiscoveryMethod.LAST_KNOWN_GOOD))
        .containsExactly("SOAP /autodiscover/autodiscover.svc settings");
  }
}
