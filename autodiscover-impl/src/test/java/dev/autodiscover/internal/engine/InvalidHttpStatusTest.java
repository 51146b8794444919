package dev.autodiscover.internal.engine;

import static dev.autodiscover.testkit.PoxResponses.settingsXml;
import static dev.autodiscover.testkit.PoxResponses.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import dev.autodiscover.Attempt;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AutodiscoverNotFoundException;
import dev.autodiscover.AutodiscoverProtocol;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DiscoveryMethod;
import mockwebserver3.MockResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A status line outside 100..599 (which the JDK client accepts) is a protocol violation by the server: the
 * attempt says so, and discovery goes on; in the POX exchange, the redirect probe, the tenant check and v2.
 */
class InvalidHttpStatusTest extends EngineTestSupport {
  private static final String EWS = "https://mail.contoso.com/EWS/Exchange.asmx";
  private static final String O365_EWS = "https://outlook.office365.com/EWS/Exchange.asmx";
  private static final String OPENID = "https://login.microsoftonline.com/contoso.com/.well-known/openid-configuration";

  private static MockResponse invalid(int status) {
    return new MockResponse.Builder().status(String.format("HTTP/1.1 %03d Odd", status)).build();
  }

  private static String violation(int status) {
    return "HTTP " + status + " is not a valid status (protocol violation by the server)";
  }

  /** Each attempt but the excluded methods as "method outcome status url detail". */
  private static List<String> lines(List<Attempt> attempts) {
    return attempts.stream().filter(a -> a.outcome() != AttemptOutcome.EXCLUDED).map(a -> a.method() + " " + a.outcome().code() + " "
        + (a.httpStatus().isPresent() ? a.httpStatus().getAsInt() : "-") + " " + a.url().map(URI::toString).orElse("-")
        + " " + a.detail().orElse("-")).toList();
  }

  @ParameterizedTest
  @ValueSource(ints = {999, 600, 99})
  void poxExchange_recordsTheViolationAndGoesOnToTheNextMethod(int status) {
    net.host("contoso.com").https().enqueue(invalid(status));
    net.host("autodiscover.contoso.com").https().enqueue(xml(settingsXml("Jan", "jan@contoso.com", EWS, null)));

    AutodiscoverResult result = request("jan@contoso.com")
        .only(DiscoveryMethod.HTTPS_ROOT_DOMAIN, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN).resolve();

    assertThat(result.method()).isEqualTo(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
    assertThat(result.ewsUrl().orElseThrow().uri()).isEqualTo(URI.create(EWS));
    assertThat(lines(result.trace().attempts())).containsExactly(
        "HTTPS_ROOT_DOMAIN not-found - " + ROOT + " " + violation(status),
        "HTTPS_AUTODISCOVER_DOMAIN settings 200 " + AD + " -");
  }

  @ParameterizedTest
  @ValueSource(ints = {999, 99})
  void redirectProbe_recordsTheViolation(int status) {
    net.host("autodiscover.contoso.com").http().enqueue(invalid(status));

    assertThatThrownBy(() -> request("jan@contoso.com").only(DiscoveryMethod.HTTP_REDIRECT).resolve())
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e -> assertThat(lines(e.trace().attempts()))
            .containsExactly("HTTP_REDIRECT not-found - http://autodiscover.contoso.com/autodiscover/autodiscover.xml "
                + violation(status)));
  }

  @ParameterizedTest
  @ValueSource(ints = {999, 99})
  void tenantCheck_recordsTheViolation(int status) {
    net.host("login.microsoftonline.com").https().enqueue(invalid(status));

    assertThatThrownBy(() -> request("jan@contoso.com").only(DiscoveryMethod.O365_ENDPOINT).resolve())
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e -> assertThat(lines(e.trace().attempts()))
            .containsExactly("O365_ENDPOINT not-found - " + OPENID + " " + violation(status)));
  }

  @ParameterizedTest
  @ValueSource(ints = {999, 99})
  void v2_recordsTheViolationAndThePoxHostIsAsked(int status) {
    net.host("login.microsoftonline.com").https().enqueue(Office365Test.tenant("microsoftonline.com", ""));
    net.host("outlook.office365.com").https().enqueue(invalid(status));
    net.host("autodiscover-s.outlook.com").https().enqueue(xml(settingsXml("Jan", "jan@contoso.com", O365_EWS, null)));

    AutodiscoverResult result = request("jan@contoso.com").only(DiscoveryMethod.O365_ENDPOINT).resolve();

    assertThat(result.protocol()).isEqualTo(AutodiscoverProtocol.POX);
    assertThat(result.ewsUrl().orElseThrow().uri()).isEqualTo(URI.create(O365_EWS));
    assertThat(lines(result.trace().attempts())).containsExactly(
        "O365_ENDPOINT candidates-found 200 " + OPENID + " -",
        "O365_ENDPOINT candidates-found - " + OPENID + " contoso.com is in a Microsoft 365 tenant (COMMERCIAL cloud):"
            + " asking outlook.office365.com (v2), then autodiscover-s.outlook.com (POX)",
        "O365_ENDPOINT not-found - "
            + "https://outlook.office365.com/autodiscover/autodiscover.json/v1.0/jan@contoso.com?Protocol=EWS "
            + violation(status),
        "O365_ENDPOINT settings 200 https://autodiscover-s.outlook.com/autodiscover/autodiscover.xml -");
  }
}
