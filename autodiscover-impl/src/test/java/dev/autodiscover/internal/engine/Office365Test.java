package dev.autodiscover.internal.engine;

import static dev.autodiscover.testkit.PoxResponses.settingsXml;
import static dev.autodiscover.testkit.PoxResponses.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import dev.autodiscover.Attempt;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AutodiscoverAuthenticationException;
import dev.autodiscover.AutodiscoverNotFoundException;
import dev.autodiscover.AutodiscoverProtocol;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.testkit.PoxResponses;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Method 8 (tenant check, v2 first, then POX) and the OAuth challenge of Exchange Online with its v2 fallback. */
class Office365Test extends EngineTestSupport {
  private static final String O365_EWS = "https://outlook.office365.com/EWS/Exchange.asmx";
  private static final String AUTHORIZE = "https://login.microsoftonline.com/common/oauth2/authorize";

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json; charset=utf-8")
        .body(body).build();
  }

  static MockResponse tenant(String cloudInstance, String subScope) {
    return json(200, "{\"issuer\":\"https://sts.windows.net/7d3c1c2e-0000-4000-8000-000000000001/\","
        + "\"token_endpoint\":\"https://login.microsoftonline.com/7d3c1c2e/oauth2/token\","
        + "\"cloud_instance_name\":\"" + cloudInstance + "\",\"tenant_region_sub_scope\":\"" + subScope + "\","
        + "\"response_modes_supported\":[\"query\",\"fragment\"]}");
  }

  static MockResponse v2Endpoint(String url) {
    return json(200, "{\"Protocol\":\"EWS\",\"Url\":\"" + url + "\"}");
  }

  private static MockResponse bearerChallenge() {
    return new MockResponse.Builder().code(401)
        .addHeader("WWW-Authenticate", "Bearer client_id=\"00000002-0000-0ff1-ce00-000000000000\", "
            + "trusted_issuers=\"00000001-0000-0000-c000-000000000000@*\", token_types=\"app_asserted_user_v1 service_asserted_app_v1\", "
            + "authorization_uri=\"" + AUTHORIZE + "\"")
        .addHeader("WWW-Authenticate", "Basic Realm=\"\"")
        .build();
  }

  @Test
  void hostedDomain_tenantCheckThenV2_givesTheEwsUrlWithoutCredentials() throws Exception {
    net.host("login.microsoftonline.com").https().enqueue(tenant("microsoftonline.com", ""));
    net.host("outlook.office365.com").https().enqueue(v2Endpoint(O365_EWS));

    AutodiscoverResult result = request("jan@contoso.com").only(DiscoveryMethod.O365_ENDPOINT)
        .basicAuth("jan@contoso.com", "S3cret".toCharArray()).resolve();

    assertThat(result.method()).isEqualTo(DiscoveryMethod.O365_ENDPOINT);
    assertThat(result.protocol()).isEqualTo(AutodiscoverProtocol.JSON_V2);
    assertThat(result.ewsUrl()).hasValueSatisfying(e -> assertThat(e.uri()).isEqualTo(URI.create(O365_EWS)));
    RecordedRequest tenant = received(net.host("login.microsoftonline.com").https()).get(0);
    assertThat(tenant.getTarget()).isEqualTo("/contoso.com/.well-known/openid-configuration");
    RecordedRequest v2 = received(net.host("outlook.office365.com").https()).get(0);
    assertThat(v2.getMethod()).isEqualTo("GET");
    assertThat(v2.getTarget()).isEqualTo("/autodiscover/autodiscover.json/v1.0/jan@contoso.com?Protocol=EWS");
    assertThat(v2.getHeaders().get("Authorization")).isNull();
    assertThat(tenant.getHeaders().get("Authorization")).isNull();
  }

  @Test
  void domainWithoutTenant_isNotAMicrosoft365Domain() {
    net.host("login.microsoftonline.com").https().enqueue(json(400,
        "{\"error\":\"invalid_tenant\",\"error_description\":\"AADSTS90002: Tenant 'litware.com' not found.\"}"));

    assertThatThrownBy(() -> request("eva@litware.com").only(DiscoveryMethod.O365_ENDPOINT).resolve())
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e -> {
          assertThat(attempt(e, DiscoveryMethod.O365_ENDPOINT, AttemptOutcome.NOT_CONFIGURED).detail().orElseThrow())
              .contains("not in a Microsoft 365 tenant");
          assertThat(e.trace().attempts()).noneMatch(a -> a.url().map(u -> u.getHost().startsWith("outlook")).orElse(false));
        });
  }

  @Test
  void hybridOnPremisesMailbox_v2RedirectToTheOnPremisesServerIsFollowed() throws Exception {
    net.host("login.microsoftonline.com").https().enqueue(tenant("microsoftonline.com", ""));
    net.host("outlook.office365.com").https().enqueue(new MockResponse.Builder().code(302).addHeader("Location",
        "https://mail.contoso.com/autodiscover/autodiscover.json/v1.0/jan@contoso.com?Protocol=EWS").build());
    net.host("mail.contoso.com").https().enqueue(v2Endpoint("https://mail.contoso.com/EWS/Exchange.asmx"));

    AutodiscoverResult result = request("jan@contoso.com").only(DiscoveryMethod.O365_ENDPOINT).resolve();

    assertThat(result.ewsUrl()).hasValueSatisfying(
        e -> assertThat(e.uri()).isEqualTo(URI.create("https://mail.contoso.com/EWS/Exchange.asmx")));
    assertThat(result.endpoint().getHost()).isEqualTo("mail.contoso.com");
  }

  @Test
  void v2RedirectToAForeignHost_isRefused() {
    net.host("login.microsoftonline.com").https().enqueue(tenant("microsoftonline.com", ""));
    net.host("outlook.office365.com").https().enqueue(new MockResponse.Builder().code(302).addHeader("Location",
        "https://mail.litware.com/autodiscover/autodiscover.json/v1.0/jan@contoso.com?Protocol=EWS").build());
    net.host("autodiscover-s.outlook.com").https().enqueue(bearerChallenge());
    net.host("autodiscover-s.outlook.com").https().enqueue(json(404, "{}"));

    assertThatThrownBy(() -> request("jan@contoso.com").only(DiscoveryMethod.O365_ENDPOINT).resolve())
        .isInstanceOf(AutodiscoverAuthenticationException.class)
        .satisfies(e -> assertThat(attempt((AutodiscoverAuthenticationException) e, DiscoveryMethod.O365_ENDPOINT,
            AttemptOutcome.REJECTED_BY_TRUST_POLICY).url()).hasValueSatisfying(u -> assertThat(u.getHost()).isEqualTo("mail.litware.com")));
    assertThat(net.host("mail.litware.com").https().getRequestCount()).isZero();
  }

  @Test
  void usGovernmentTenant_asksTheGccHighHosts() throws Exception {
    net.host("login.microsoftonline.com").https().enqueue(tenant("microsoftonline.us", "DODCON"));
    net.host("outlook.office365.us").https().enqueue(v2Endpoint("https://outlook.office365.us/EWS/Exchange.asmx"));

    AutodiscoverResult result = request("jan@contoso.com").only(DiscoveryMethod.O365_ENDPOINT).resolve();

    assertThat(result.ewsUrl()).hasValueSatisfying(
        e -> assertThat(e.uri()).isEqualTo(URI.create("https://outlook.office365.us/EWS/Exchange.asmx")));
  }

  @Test
  void exchangeOnlineBearerChallenge_withoutToken_fallsBackToV2AtTheSameHost() throws Exception {
    net.host("autodiscover.contoso.com").https().enqueue(PoxResponses.redirect(302,
        "https://autodiscover-s.outlook.com/autodiscover/autodiscover.xml"));
    net.host("autodiscover-s.outlook.com").https().enqueue(bearerChallenge());
    net.host("autodiscover-s.outlook.com").https().enqueue(v2Endpoint(O365_EWS));

    AutodiscoverResult result = request("jan@contoso.com").only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN).resolve();

    assertThat(result.protocol()).isEqualTo(AutodiscoverProtocol.JSON_V2);
    assertThat(result.ewsUrl()).hasValueSatisfying(e -> assertThat(e.uri()).isEqualTo(URI.create(O365_EWS)));
    Attempt challenged = attempt(result, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, AttemptOutcome.AUTH_REQUIRED);
    assertThat(challenged.authSchemes()).contains("Bearer");
    assertThat(challenged.authorizationUri()).hasValue(URI.create(AUTHORIZE));
  }

  @Test
  void exchangeOnlineBearerChallenge_whenV2AlsoFails_saysWhereToGetAToken() {
    net.host("autodiscover.contoso.com").https().enqueue(PoxResponses.redirect(302,
        "https://autodiscover-s.outlook.com/autodiscover/autodiscover.xml"));
    net.host("autodiscover-s.outlook.com").https().enqueue(bearerChallenge());
    net.host("autodiscover-s.outlook.com").https().enqueue(json(404, "{}"));

    assertThatThrownBy(() -> request("jan@contoso.com").only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN).resolve())
        .isInstanceOfSatisfying(AutodiscoverAuthenticationException.class, e -> {
          assertThat(e.authorizationUri()).hasValue(URI.create(AUTHORIZE));
          assertThat(e.schemesOffered()).contains("Bearer");
          assertThat(e.getMessage()).contains(AUTHORIZE).contains("bearerToken");
        });
  }

  @Test
  void exchangeOnlineBearerChallenge_withATokenSupplier_sendsTheTokenAndGetsPoxSettings() throws Exception {
    net.host("autodiscover.contoso.com").https().enqueue(PoxResponses.redirect(302,
        "https://autodiscover-s.outlook.com/autodiscover/autodiscover.xml"));
    net.host("autodiscover-s.outlook.com").https().enqueue(bearerChallenge());
    net.host("autodiscover-s.outlook.com").https().enqueue(xml(settingsXml("Jan", "jan@contoso.com", O365_EWS, null)));

    AutodiscoverResult result = request("jan@contoso.com").only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN)
        .bearerToken(() -> "eyJ0eXAiOiJKV1Qi.token").resolve();

    assertThat(result.protocol()).isEqualTo(AutodiscoverProtocol.POX);
    var requests = received(net.host("autodiscover-s.outlook.com").https());
    assertThat(requests.get(1).getHeaders().get("Authorization")).isEqualTo("Bearer eyJ0eXAiOiJKV1Qi.token");
    assertThat(result.trace().toString()).doesNotContain("eyJ0eXAiOiJKV1Qi");
  }
}
