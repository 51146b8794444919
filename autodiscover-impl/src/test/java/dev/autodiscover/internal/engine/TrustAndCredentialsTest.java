package dev.autodiscover.internal.engine;

import static dev.autodiscover.testkit.PoxResponses.redirect;
import static dev.autodiscover.testkit.PoxResponses.redirectUrlXml;
import static dev.autodiscover.testkit.PoxResponses.settingsXml;
import static dev.autodiscover.testkit.PoxResponses.unauthorized;
import static dev.autodiscover.testkit.PoxResponses.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicReference;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AutodiscoverAuthenticationException;
import dev.autodiscover.AutodiscoverNotFoundException;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.InvalidEmailAddressException;
import dev.autodiscover.RedirectProposal;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** protocol.md §7 and §10.3, asserted on what the servers actually received. */
class TrustAndCredentialsTest extends EngineTestSupport {
  private static final String O365 = "https://autodiscover-s.outlook.com/autodiscover/autodiscover.xml";

  @Test
  void httpRedirectProbe_neverCarriesCredentials_andMicrosoftHostIsTrustedByDefault() throws Exception {
    net.blackhole("contoso.com");
    net.blackholeHttps("autodiscover.contoso.com");          // only port 80 answers, like a hoster's CNAME
    net.host("autodiscover.contoso.com").http().enqueue(redirect(302, O365));
    var o365 = net.host("autodiscover-s.outlook.com").https();
    o365.enqueue(unauthorized("Basic realm=\"\""));
    o365.enqueue(xml(settingsXml("Jan", "jan@contoso.com", "https://outlook.office365.com/EWS/Exchange.asmx", null)));

    AutodiscoverResult result = request("jan@contoso.com").basicAuth("jan@contoso.com", "S3cret!".toCharArray())
        .attemptTimeout(java.time.Duration.ofMillis(500)).retriesOnTimeout(0).resolve();

    assertThat(result.method()).isEqualTo(DiscoveryMethod.HTTP_REDIRECT);
    assertThat(result.ewsUrl().orElseThrow().uri().getHost()).isEqualTo("outlook.office365.com");
    RecordedRequest probe = received(net.host("autodiscover.contoso.com").http()).get(0);
    assertThat(probe.getMethod()).isEqualTo("GET");
    assertThat(probe.getHeaders().get("Authorization")).isNull();
    var o365Requests = received(o365);
    assertThat(o365Requests).hasSize(2);
    assertThat(o365Requests.get(0).getHeaders().get("Authorization")).isNull();          // challenge first
    assertThat(o365Requests.get(1).getHeaders().get("Authorization")).startsWith("Basic ");
    assertThat(result.trace().toOutlookStyleLog()).doesNotContain("S3cret").contains("Redirect check to http://");
    assertThat(result.trace().toJson()).doesNotContain("S3cret").doesNotContain("Basic amFu");
    assertThat(result.toString()).doesNotContain("S3cret");
  }

  @Test
  void redirectToForeignHost_isRefusedWithoutValidator_andNothingIsSentThere() {
    net.host("contoso.com").https().enqueue(status(404));
    net.host("autodiscover.contoso.com").https().enqueue(xml(redirectUrlXml("https://autodiscover.fabrikam.com/autodiscover/autodiscover.xml")));
    net.host("autodiscover.contoso.com").http().enqueue(redirect(302, "http://autodiscover.fabrikam.com/autodiscover/autodiscover.xml"));
    net.host("autodiscover.fabrikam.com");

    assertThatThrownBy(() -> request("jan@contoso.com").basicAuth("jan", "pw".toCharArray()).resolve())
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e -> {
          assertThat(attempt(e, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, AttemptOutcome.REJECTED_BY_TRUST_POLICY).detail())
              .hasValueSatisfying(d -> assertThat(d).contains("not trusted"));
          assertThat(attempt(e, DiscoveryMethod.HTTP_REDIRECT, AttemptOutcome.REJECTED_BY_TRUST_POLICY).detail())
              .hasValueSatisfying(d -> assertThat(d).contains("not https"));
        });
    assertThat(net.host("autodiscover.fabrikam.com").https().getRequestCount()).isZero();
    assertThat(events.events).contains("redirect refused https://autodiscover.fabrikam.com/autodiscover/autodiscover.xml");
  }

  @Test
  void redirectToForeignHost_approvedByValidator_getsCredentialsOnlyAfterChallenge() throws Exception {
    AtomicReference<RedirectProposal> asked = new AtomicReference<>();
    net.host("contoso.com").https().enqueue(status(404));
    net.host("autodiscover.contoso.com").https().enqueue(xml(redirectUrlXml("https://autodiscover.fabrikam.com/autodiscover/autodiscover.xml")));
    var fabrikam = net.host("autodiscover.fabrikam.com").https();
    fabrikam.enqueue(unauthorized("Negotiate", "Basic realm=\"fabrikam\""));
    fabrikam.enqueue(xml(settingsXml("Jan", "jan@contoso.com", "https://mail.fabrikam.com/EWS/Exchange.asmx", null)));

    configure(b -> b.redirectValidator(p -> {
      asked.set(p);
      return true;
    }));
    AutodiscoverResult result = request("jan@contoso.com").excluding(DiscoveryMethod.HTTP_REDIRECT)
        .basicAuth("jan", "pw".toCharArray())
        .resolve();

    assertThat(result.endpoint().getHost()).isEqualTo("autodiscover.fabrikam.com");
    assertThat(asked.get().target().getHost()).isEqualTo("autodiscover.fabrikam.com");
    assertThat(asked.get().from()).isPresent();
    var got = received(fabrikam);
    assertThat(got.get(0).getHeaders().get("Authorization")).isNull();
    assertThat(got.get(1).getHeaders().get("Authorization")).startsWith("Basic ");
    assertThat(attempt(result, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, AttemptOutcome.SETTINGS).authSchemes())
        .containsExactly("Negotiate", "Basic");
  }

  @Test
  void basicIsOptIn_andAChallengeWithoutCredentialsIsAnAuthenticationFailure() {
    net.host("contoso.com").https().enqueue(status(404));
    net.host("autodiscover.contoso.com").https().enqueue(unauthorized(
        "Bearer client_id=\"00000002-0000-0ff1-ce00-000000000000\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\"",
        "Basic realm=\"\""));
    net.host("autodiscover.contoso.com").https().enqueue(status(404)); // the anonymous v2 fallback

    assertThatThrownBy(() -> request("jan@contoso.com").excluding(DiscoveryMethod.HTTP_REDIRECT).resolve())
        .isInstanceOfSatisfying(AutodiscoverAuthenticationException.class, e -> {
          assertThat(e.schemesOffered()).containsExactly("Bearer", "Basic");
          assertThat(e.credentialsRejected()).isFalse();
          assertThat(attempt(e, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, AttemptOutcome.AUTH_REQUIRED).httpStatus())
              .hasValue(401);
          assertThat(e.authorizationUri()).hasValue(java.net.URI.create("https://login.microsoftonline.com/common/oauth2/authorize"));
        });
    // One POST, then the v2 GET that a Bearer challenge triggers; neither carries credentials.
    assertThat(net.host("autodiscover.contoso.com").https().getRequestCount()).isEqualTo(2);
  }

  @Test
  void bearerToken_goesOnlyToItsAudience_withAnchorMailbox() throws Exception {
    net.host("contoso.com").https().enqueue(status(404));
    net.host("autodiscover.contoso.com").https().enqueue(xml(redirectUrlXml(O365)));
    var onPrem = net.host("autodiscover.contoso.com").https();
    var o365 = net.host("autodiscover-s.outlook.com").https();
    o365.enqueue(unauthorized("Bearer authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\""));
    o365.enqueue(xml(settingsXml("Jan", "jan@contoso.com", "https://outlook.office365.com/EWS/Exchange.asmx", null)));

    AutodiscoverResult result = request("jan@contoso.com").excluding(DiscoveryMethod.HTTP_REDIRECT)
        .bearerToken(() -> "exo-token").resolve();

    assertThat(result.endpoint().getHost()).isEqualTo("autodiscover-s.outlook.com");
    assertThat(received(onPrem)).allSatisfy(r -> assertThat(r.getHeaders().get("Authorization")).isNull());
    var got = received(o365);
    assertThat(got.get(1).getHeaders().get("Authorization")).isEqualTo("Bearer exo-token");
    assertThat(got.get(1).getHeaders().get("X-AnchorMailbox")).isEqualTo("jan@contoso.com");
  }

  @Test
  void exchangeOnlineToken_isWithheldFromOnPremisesChallenge() {
    net.host("contoso.com").https().enqueue(status(404));
    net.host("autodiscover.contoso.com").https().enqueue(unauthorized("Bearer authorization_uri=\"https://login.windows.net/common/oauth2/authorize\""));
    net.host("autodiscover.contoso.com").https().enqueue(status(404)); // the anonymous v2 fallback

    assertThatThrownBy(() -> request("jan@contoso.com").excluding(DiscoveryMethod.HTTP_REDIRECT)
            .bearerToken(() -> "exo-token").resolve())
        .isInstanceOfSatisfying(AutodiscoverAuthenticationException.class, e ->
            assertThat(attempt(e, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, AttemptOutcome.AUTH_REQUIRED).detail())
                .hasValueSatisfying(d -> assertThat(d).contains("audience does not include autodiscover.contoso.com")));
    assertThat(net.host("autodiscover.contoso.com").https().getRequestCount()).isEqualTo(2);
  }

  @Test
  void bearerToken_isSentWhenChallenged_andRejectionIsReported() throws Exception {
    net.host("contoso.com").https().enqueue(status(404));
    var ad = net.host("autodiscover.contoso.com").https();
    ad.enqueue(unauthorized("Bearer authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\""));
    ad.enqueue(unauthorized("Bearer error=\"invalid_token\""));

    assertThatThrownBy(() -> request("jan@contoso.com").excluding(DiscoveryMethod.HTTP_REDIRECT)
            .bearerToken(() -> "token-123", "autodiscover.contoso.com").resolve())
        .isInstanceOfSatisfying(AutodiscoverAuthenticationException.class, e -> {
          assertThat(e.credentialsRejected()).isTrue();
          assertThat(e.getMessage()).doesNotContain("token-123");
          assertThat(e.trace().toJson()).doesNotContain("token-123");
        });
    var got = received(ad);
    assertThat(got.get(1).getHeaders().get("Authorization")).isEqualTo("Bearer token-123");
  }

  @Test
  void preAuthentication_onlyGoesToTrustedHosts() throws Exception {
    net.host("contoso.com").https().enqueue(status(404));
    net.host("autodiscover.contoso.com").https().enqueue(xml(redirectUrlXml(O365)));
    var ad = net.host("autodiscover-s.outlook.com").https();
    ad.enqueue(xml(settingsXml("Jan", "jan@contoso.com", "https://outlook.office365.com/EWS/Exchange.asmx", null)));

    request("jan@contoso.com").excluding(DiscoveryMethod.HTTP_REDIRECT).basicAuth("jan", "pw".toCharArray())
        .preAuthenticate(true).resolve();

    assertThat(received(net.host("autodiscover.contoso.com").https()).get(0).getHeaders().get("Authorization")).isNull();
    assertThat(received(ad).get(0).getHeaders().get("Authorization")).startsWith("Basic ");
  }

  @Test
  void publicSuffixDomains_areRefusedBeforeAnyTraffic() {
    assertThatThrownBy(() -> request("jan@co.uk").resolve())
        .isInstanceOf(InvalidEmailAddressException.class).hasMessageContaining("public suffix");
    assertThatThrownBy(() -> request("jan@github.io").resolve())
        .isInstanceOf(InvalidEmailAddressException.class).hasMessageContaining("public suffix");
  }

  @Test
  void autodiscoverDotPublicSuffix_isNeverContacted() {
    assertThatThrownBy(() -> request("jan@autodiscover.co.uk").only(DiscoveryMethod.HTTPS_ROOT_DOMAIN).resolve())
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e ->
            assertThat(attempt(e, DiscoveryMethod.HTTPS_ROOT_DOMAIN, AttemptOutcome.REJECTED_BY_TRUST_POLICY).detail())
                .hasValueSatisfying(d -> assertThat(d).contains("autodiscover.<public suffix>")));
  }
}
