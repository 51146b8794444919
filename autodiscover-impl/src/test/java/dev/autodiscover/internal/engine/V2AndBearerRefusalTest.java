package dev.autodiscover.internal.engine;

import static dev.autodiscover.internal.engine.Office365Test.json;
import static dev.autodiscover.internal.engine.Office365Test.tenant;
import static dev.autodiscover.internal.engine.Office365Test.v2Endpoint;
import static dev.autodiscover.testkit.PoxResponses.redirect;
import static dev.autodiscover.testkit.PoxResponses.settingsXml;
import static dev.autodiscover.testkit.PoxResponses.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import dev.autodiscover.Attempt;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AutodiscoverAuthenticationException;
import dev.autodiscover.AutodiscoverNotFoundException;
import dev.autodiscover.AutodiscoverProtocol;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DiscoveryMethod;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;

/** A v2 answer whose URL may not be used is refused and recorded so; a Bearer authority outside Microsoft is named. */
class V2AndBearerRefusalTest extends EngineTestSupport {
  private static final String OPENID = "https://login.microsoftonline.com/contoso.com/.well-known/openid-configuration";
  private static final String V2 = "https://outlook.office365.com/autodiscover/autodiscover.json/v1.0/jan@contoso.com"
      + "?Protocol=EWS";
  private static final String O365_EWS = "https://outlook.office365.com/EWS/Exchange.asmx";
  private static final String POX = "https://autodiscover-s.outlook.com/autodiscover/autodiscover.xml";
  private static final String FOREIGN_AUTHORITY = "https://login.fabrikam-evil.net/common/oauth2/authorize";

  /** Each attempt but the excluded methods as "method outcome status url detail". */
  private static List<String> lines(List<Attempt> attempts) {
    return attempts.stream().filter(a -> a.outcome() != AttemptOutcome.EXCLUDED).map(a -> a.method() + " "
        + a.outcome().code() + " " + (a.httpStatus().isPresent() ? a.httpStatus().getAsInt() : "-") + " "
        + a.url().map(URI::toString).orElse("-") + " " + a.detail().orElse("-")).toList();
  }

  private static List<String> o365(String v2Line, String poxLine) {
    return List.of("O365_ENDPOINT candidates-found 200 " + OPENID + " -",
        "O365_ENDPOINT candidates-found - " + OPENID + " contoso.com is in a Microsoft 365 tenant (COMMERCIAL cloud):"
            + " asking outlook.office365.com (v2), then autodiscover-s.outlook.com (POX)",
        v2Line, poxLine);
  }

  @Test
  void v2UrlWithEmbeddedCredentials_isRefusedWithoutRepeatingThePassword() {
    net.host("login.microsoftonline.com").https().enqueue(tenant("microsoftonline.com", ""));
    net.host("outlook.office365.com").https().enqueue(v2Endpoint("https://admin:Pa55w0rd@mail.contoso.com/EWS/Exchange.asmx"));
    net.host("autodiscover-s.outlook.com").https().enqueue(xml(settingsXml("Jan", "jan@contoso.com", O365_EWS, null)));

    AutodiscoverResult result = request("jan@contoso.com").only(DiscoveryMethod.O365_ENDPOINT).resolve();

    assertThat(result.protocol()).isEqualTo(AutodiscoverProtocol.POX);
    assertThat(result.ewsUrl().orElseThrow().uri()).isEqualTo(URI.create(O365_EWS));
    assertThat(lines(result.trace().attempts())).containsExactlyElementsOf(o365(
        "O365_ENDPOINT not-found 200 " + V2 + " Autodiscover v2 answer refused: its EWS URL embeds credentials"
            + " (user info in https://***@mail.contoso.com)",
        "O365_ENDPOINT settings 200 " + POX + " -"));
    assertThat(result.trace().toJson() + result.trace().toOutlookStyleLog() + result.trace() + result)
        .doesNotContain("Pa55w0rd").doesNotContain("admin:");
  }

  @Test
  void v2UrlWithEmbeddedCredentials_whenNothingElseAnswers_failsWithoutRepeatingThePassword() {
    net.host("login.microsoftonline.com").https().enqueue(tenant("microsoftonline.com", ""));
    net.host("outlook.office365.com").https().enqueue(v2Endpoint("https://admin:Pa55w0rd@mail.contoso.com/EWS/Exchange.asmx"));
    net.host("autodiscover-s.outlook.com").https().enqueue(status(404));

    // POX: this test is about the v2 answer; AUTO would add a SOAP request after the 404.
    assertThatThrownBy(() -> request("jan@contoso.com").only(DiscoveryMethod.O365_ENDPOINT)
        .protocol(dev.autodiscover.ProtocolChoice.POX).resolve())
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e -> {
          assertThat(lines(e.trace().attempts())).containsExactlyElementsOf(o365(
              "O365_ENDPOINT not-found 200 " + V2 + " Autodiscover v2 answer refused: its EWS URL embeds credentials"
                  + " (user info in https://***@mail.contoso.com)",
              "O365_ENDPOINT not-found 404 " + POX + " HTTP 404: no Autodiscover service here"));
          assertThat(e.getMessage()).doesNotContain("Pa55w0rd");
          assertThat(e.trace().toJson() + e.trace().toOutlookStyleLog()).doesNotContain("Pa55w0rd");
        });
  }

  @Test
  void refusedPlainHttpV2Answer_isRecordedAsNotFoundWithTheReason() {
    net.host("login.microsoftonline.com").https().enqueue(tenant("microsoftonline.com", ""));
    net.host("outlook.office365.com").https().enqueue(v2Endpoint("http://mail.contoso.com/EWS/Exchange.asmx"));
    net.host("autodiscover-s.outlook.com").https().enqueue(xml(settingsXml("Jan", "jan@contoso.com", O365_EWS, null)));

    AutodiscoverResult result = request("jan@contoso.com").only(DiscoveryMethod.O365_ENDPOINT).resolve();

    assertThat(result.protocol()).isEqualTo(AutodiscoverProtocol.POX);
    assertThat(lines(result.trace().attempts())).containsExactlyElementsOf(o365(
        "O365_ENDPOINT not-found 200 " + V2 + " Autodiscover v2 answer refused: its EWS URL"
            + " http://mail.contoso.com/EWS/Exchange.asmx is not https",
        "O365_ENDPOINT settings 200 " + POX + " -"));
  }

  @Test
  void bearerChallengeFromAnUnknownAuthority_saysItIsNotMicrosoft() {
    net.host("autodiscover.contoso.com").https().enqueue(redirect(302, POX));
    net.host("autodiscover-s.outlook.com").https().enqueue(new MockResponse.Builder().code(401)
        .addHeader("WWW-Authenticate", "Bearer authorization_uri=\"" + FOREIGN_AUTHORITY + "\"").build());
    net.host("autodiscover-s.outlook.com").https().enqueue(json(404, "{}"));
    String warning = FOREIGN_AUTHORITY + " (warning: not a Microsoft sign-in authority; login.fabrikam-evil.net is no"
        + " Microsoft cloud's login host: do not send credentials there unless you know it)";

    assertThatThrownBy(() -> request("jan@contoso.com").only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN).resolve())
        .isInstanceOfSatisfying(AutodiscoverAuthenticationException.class, e -> {
          assertThat(e.authorizationUri()).hasValue(URI.create(FOREIGN_AUTHORITY));
          assertThat(e.getMessage()).contains("get a bearer token from " + warning + " and pass it with");
          assertThat(attempt(e, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, AttemptOutcome.AUTH_REQUIRED).detail())
              .hasValue("server asks for Bearer; the request has no credentials for it; a token can be obtained from "
                  + warning);
        });
  }

  @Test
  void bearerChallengeFromMicrosoft_hasNoWarning() {
    String authority = "https://login.microsoftonline.us/common/oauth2/authorize";
    net.host("autodiscover.contoso.com").https().enqueue(redirect(302, POX));
    net.host("autodiscover-s.outlook.com").https().enqueue(new MockResponse.Builder().code(401)
        .addHeader("WWW-Authenticate", "Bearer authorization_uri=\"" + authority + "\"").build());
    net.host("autodiscover-s.outlook.com").https().enqueue(json(404, "{}"));

    assertThatThrownBy(() -> request("jan@contoso.com").only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN).resolve())
        .isInstanceOfSatisfying(AutodiscoverAuthenticationException.class, e -> {
          assertThat(e.getMessage()).contains("get a bearer token from " + authority + " and pass it with")
              .doesNotContain("warning");
          assertThat(attempt(e, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, AttemptOutcome.AUTH_REQUIRED).detail())
              .hasValue("server asks for Bearer; the request has no credentials for it; a token can be obtained from "
                  + authority);
        });
  }
}
