package dev.autodiscover.internal.engine;

import static dev.autodiscover.testkit.PoxResponses.errorXml;
import static dev.autodiscover.testkit.PoxResponses.redirect;
import static dev.autodiscover.testkit.PoxResponses.redirectAddrXml;
import static dev.autodiscover.testkit.PoxResponses.redirectUrlXml;
import static dev.autodiscover.testkit.PoxResponses.settingsXml;
import static dev.autodiscover.testkit.PoxResponses.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AutodiscoverErrorResponseException;
import dev.autodiscover.AutodiscoverNotFoundException;
import dev.autodiscover.AutodiscoverRedirectException;
import dev.autodiscover.AutodiscoverClient;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.NetworkLocation;
import dev.autodiscover.testkit.TlsMode;
import org.junit.jupiter.api.Test;

/** Each outcome and redirect kind, end to end over real sockets and TLS, default-port URLs included. */
class DiscoveryOutcomesTest extends EngineTestSupport {

  @Test
  void resolve_whenRootDomainIsAWebSite_usesAutodiscoverHostAndRecordsBoth() throws Exception {
    net.host("contoso.com").https().enqueue(html());
    net.host("autodiscover.contoso.com").https().enqueue(xml(settingsXml("Jan Novak", "jan.novak@contoso.com",
        "https://mail.contoso.com/EWS/Exchange.asmx", "https://mail.corp.contoso.com/EWS/Exchange.asmx")));
    net.host("autodiscover.contoso.com").http().enqueue(status(404));

    AutodiscoverResult result = request("jan.novak@contoso.com").resolve();

    assertThat(result.ewsUrl()).hasValueSatisfying(ews -> {
      assertThat(ews.uri()).isEqualTo(URI.create("https://mail.contoso.com/EWS/Exchange.asmx"));
      assertThat(ews.location()).isEqualTo(NetworkLocation.EXTERNAL);
    });
    assertThat(result.settings().internalEwsUrl()).hasValueSatisfying(
        ews -> assertThat(ews.uri()).isEqualTo(URI.create("https://mail.corp.contoso.com/EWS/Exchange.asmx")));
    assertThat(result.endpoint()).isEqualTo(URI.create(AD));
    assertThat(result.method()).isEqualTo(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
    assertThat(attempt(result, DiscoveryMethod.HTTPS_ROOT_DOMAIN, AttemptOutcome.NOT_FOUND).detail())
        .hasValueSatisfying(d -> assertThat(d).contains("text/html"));
    assertThat(attempt(result, DiscoveryMethod.SCP, AttemptOutcome.NOT_CONFIGURED)).isNotNull();
    assertThat(result.trace().winner()).hasValueSatisfying(w -> assertThat(w.url()).hasValue(URI.create(AD)));
    // The POST carried the address in the Outlook request schema, to the default port with SNI.
    var posted = received(net.host("autodiscover.contoso.com").https()).get(0);
    assertThat(posted.getMethod()).isEqualTo("POST");
    assertThat(posted.getBody().utf8()).contains("<EMailAddress>jan.novak@contoso.com</EMailAddress>");
    assertThat(posted.getHandshakeServerNames()).contains("autodiscover.contoso.com");
    assertThat(posted.getHeaders().get("Authorization")).isNull();
    assertThat(result.trace().toOutlookStyleLog()).contains("Autodiscover XML Received");
    assertThat(result.trace().toJson()).contains("\"outcome\":\"settings\"");
  }

  @Test
  void resolve_whenRedirectAddr_restartsForNewAddressAndReportsFinalAddress() {
    net.host("contoso.com").https().enqueue(status(404));
    net.host("autodiscover.contoso.com").https().enqueue(xml(redirectAddrXml("lena@contoso.mail.onmicrosoft.com")));
    net.blackhole("contoso.mail.onmicrosoft.com");
    net.host("autodiscover.contoso.mail.onmicrosoft.com").https().enqueue(xml(settingsXml("Lena", "lena@contoso.mail.onmicrosoft.com",
        "https://outlook.office365.com/EWS/Exchange.asmx", null)));

    AutodiscoverResult result = request("lena@contoso.com").excluding(DiscoveryMethod.HTTP_REDIRECT)
        .attemptTimeout(java.time.Duration.ofMillis(700)).retriesOnTimeout(0).resolve();

    assertThat(result.finalAddress().toString()).isEqualTo("lena@contoso.mail.onmicrosoft.com");
    assertThat(result.requestedAddress().toString()).isEqualTo("lena@contoso.com");
    assertThat(result.ewsUrl().orElseThrow().uri().getHost()).isEqualTo("outlook.office365.com");
    assertThat(attempt(result, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, AttemptOutcome.REDIRECT_ADDRESS).redirectTarget())
        .hasValue("lena@contoso.mail.onmicrosoft.com");
    assertThat(result.trace().winner().orElseThrow().round()).isEqualTo(1);
  }

  @Test
  void resolve_whenRedirectUrlInOwnDomain_followsIt() {
    net.host("contoso.com").https().enqueue(status(405));
    net.host("autodiscover.contoso.com").https().enqueue(xml(redirectUrlXml("https://mail.contoso.com/autodiscover/autodiscover.xml")));
    net.host("mail.contoso.com").https().enqueue(xml(settingsXml("Jan", "jan@contoso.com", "https://mail.contoso.com/EWS/Exchange.asmx", null)));

    AutodiscoverResult result = request("jan@contoso.com").excluding(DiscoveryMethod.HTTP_REDIRECT).resolve();

    assertThat(result.endpoint()).isEqualTo(URI.create("https://mail.contoso.com/autodiscover/autodiscover.xml"));
    assertThat(events.events).contains("redirect followed https://mail.contoso.com/autodiscover/autodiscover.xml");
  }

  @Test
  void resolve_whenHttp302FromCas_resendsTheSamePost() throws Exception {
    net.host("contoso.com").https().enqueue(status(404));
    net.host("autodiscover.contoso.com").https().enqueue(redirect(302, "https://mail.contoso.com/Autodiscover/Autodiscover.xml"));
    net.host("mail.contoso.com").https().enqueue(xml(settingsXml("Jan", "jan@contoso.com", "https://mail.contoso.com/EWS/Exchange.asmx", null)));

    AutodiscoverResult result = request("jan@contoso.com").excluding(DiscoveryMethod.HTTP_REDIRECT).resolve();

    assertThat(result.endpoint().getHost()).isEqualTo("mail.contoso.com");
    var resent = received(net.host("mail.contoso.com").https()).get(0);
    assertThat(resent.getMethod()).isEqualTo("POST");
    assertThat(resent.getBody().utf8()).contains("jan@contoso.com");
    assertThat(attempt(result, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, AttemptOutcome.HTTP_REDIRECT).httpStatus()).hasValue(302);
  }

  @Test
  void resolve_whenErrorCode603_reportsErrorResponseNotNotFound() {
    net.host("contoso.com").https().enqueue(status(404));
    net.host("autodiscover.contoso.com").https().enqueue(xml(errorXml(603, "The Active Directory user wasn't found.")));

    assertThatThrownBy(() -> request("broken@contoso.com").excluding(DiscoveryMethod.HTTP_REDIRECT).resolve())
        .isInstanceOfSatisfying(AutodiscoverErrorResponseException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(603);
          assertThat(e.serverMessage()).hasValue("The Active Directory user wasn't found.");
          assertThat(e.serverId()).isPresent();
          assertThat(e.endpoint()).isEqualTo(URI.create(AD));
          assertThat(e.getMessage()).contains("603");
          assertThat(attempt(e, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, AttemptOutcome.ERROR_RESPONSE).errorCode()).hasValue(603);
        });
  }

  @Test
  void resolve_whenRedirectUrlsLoop_failsWithLoop() {
    net.host("contoso.com").https().enqueue(status(404));
    net.host("autodiscover.contoso.com").respondHttps(dispatcher(r -> xml(redirectUrlXml("https://mail.contoso.com/autodiscover/autodiscover.xml"))));
    net.host("mail.contoso.com").respondHttps(dispatcher(r -> xml(redirectUrlXml(AD))));

    assertThatThrownBy(() -> request("jan@contoso.com").excluding(DiscoveryMethod.HTTP_REDIRECT).resolve())
        .isInstanceOfSatisfying(AutodiscoverRedirectException.class, e -> {
          assertThat(e.reason()).isEqualTo(AutodiscoverRedirectException.Reason.LOOP);
          assertThat(attempt(e, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, AttemptOutcome.REJECTED_BY_TRUST_POLICY).detail())
              .hasValueSatisfying(d -> assertThat(d).contains("loop"));
        });
    assertThat(net.host("mail.contoso.com").https().getRequestCount()).isEqualTo(1);
  }

  @Test
  void resolve_whenRedirectAddrLoops_failsWithLoop() {
    net.host("contoso.com").respondHttps(dispatcher(r -> status(404)));
    net.host("fabrikam.com").respondHttps(dispatcher(r -> status(404)));
    net.host("autodiscover.contoso.com").respondHttps(dispatcher(r -> xml(redirectAddrXml("jan@fabrikam.com"))));
    net.host("autodiscover.fabrikam.com").respondHttps(dispatcher(r -> xml(redirectAddrXml("jan@contoso.com"))));

    assertThatThrownBy(() -> request("jan@contoso.com").excluding(DiscoveryMethod.HTTP_REDIRECT).resolve())
        .isInstanceOfSatisfying(AutodiscoverRedirectException.class, e -> {
          assertThat(e.reason()).isEqualTo(AutodiscoverRedirectException.Reason.LOOP);
          assertThat(e.chain()).containsExactly("jan@contoso.com", "jan@fabrikam.com", "jan@contoso.com");
        });
  }

  @Test
  void resolve_whenRedirectsExceedBudget_failsWithLimit() {
    net.host("contoso.com").respondHttps(dispatcher(r -> status(404)));
    // Each hop points to the next numbered URL on the same host: never a loop, always one more hop.
    net.host("mail.contoso.com").respondHttps(dispatcher(r -> {
      String path = r.getUrl().encodedPath();
      int n = Integer.parseInt(path.replaceAll("\\D", "0").substring(1, 4)) + 1;
      return xml(redirectUrlXml(String.format("https://mail.contoso.com/%03d/autodiscover/autodiscover.xml", n)));
    }));
    net.host("autodiscover.contoso.com").respondHttps(
        dispatcher(r -> xml(redirectUrlXml("https://mail.contoso.com/001/autodiscover/autodiscover.xml"))));

    assertThatThrownBy(() -> request("jan@contoso.com").excluding(DiscoveryMethod.HTTP_REDIRECT).resolve())
        .isInstanceOfSatisfying(AutodiscoverRedirectException.class, e -> {
          assertThat(e.reason()).isEqualTo(AutodiscoverRedirectException.Reason.LIMIT_EXCEEDED);
          assertThat(e.getMessage()).contains("0x800C8206");
        });
    assertThat(net.host("mail.contoso.com").https().getRequestCount()).isEqualTo(10);
  }

  @Test
  void resolve_whenCertificatesAreBroken_recordsTlsFailuresDistinctly() {
    net.host("contoso.com", TlsMode.NAME_MISMATCH).https().enqueue(status(404));
    net.host("autodiscover.contoso.com", TlsMode.MISSING_INTERMEDIATE).https().enqueue(status(404));
    net.host("autodiscover.contoso.com", TlsMode.MISSING_INTERMEDIATE).http().enqueue(status(404));

    assertThatThrownBy(() -> request("jan@contoso.com").basicAuth("jan", "secret".toCharArray()).resolve())
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e -> {
          assertThat(attempt(e, DiscoveryMethod.HTTPS_ROOT_DOMAIN, AttemptOutcome.TLS_FAILURE).detail())
              .hasValueSatisfying(d -> assertThat(d).contains("name mismatch"));
          assertThat(attempt(e, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, AttemptOutcome.TLS_FAILURE).detail())
              .hasValueSatisfying(d -> assertThat(d).contains("missing intermediate"));
          assertThat(e.trace().toOutlookStyleLog()).contains("GetLastError=12175; httpStatus=0.");
        });
    assertThat(net.host("contoso.com", TlsMode.NAME_MISMATCH).https().getRequestCount()).isZero();
    assertThat(net.host("autodiscover.contoso.com", TlsMode.MISSING_INTERMEDIATE).https().getRequestCount()).isZero();
  }

  @Test
  void resolve_whenHostsAreUnknownToDns_recordsDnsFailures() {
    // No proxy: the JVM's hosts file (surefire) knows nothing of this domain, as real DNS would not.
    AutodiscoverClient direct = closeAfterTest(AutodiscoverClient.builder()
        .settingsCache(dev.autodiscover.SettingsCache.disabled()).build());
    assertThatThrownBy(() -> direct.forEmail("jan@no-such-domain-contoso.com")
            .attemptTimeout(java.time.Duration.ofSeconds(2)).resolve())
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e -> {
          assertThat(attempt(e, DiscoveryMethod.HTTPS_ROOT_DOMAIN, AttemptOutcome.DNS_FAILURE)).isNotNull();
          assertThat(attempt(e, DiscoveryMethod.HTTP_REDIRECT, AttemptOutcome.DNS_FAILURE)).isNotNull();
          assertThat(e.retryable()).isTrue();
        });
  }

  @Test
  void resolve_whenAnswersAreHostile_treatsThemAsNotAutodiscover() {
    String dtd = "<?xml version=\"1.0\"?><!DOCTYPE lol [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        + "<Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006\">&x;</Autodiscover>";
    net.host("contoso.com").https().enqueue(xml(dtd));
    net.host("autodiscover.contoso.com").https().enqueue(xml("<a>" + "x".repeat(600 * 1024) + "</a>"));
    net.host("autodiscover.contoso.com").http().enqueue(new mockwebserver3.MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/json").body("{\"Url\":\"https://evil\"}").build());

    assertThatThrownBy(() -> request("jan@contoso.com").resolve())
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e -> {
          assertThat(attempt(e, DiscoveryMethod.HTTPS_ROOT_DOMAIN, AttemptOutcome.NOT_FOUND).detail())
              .hasValueSatisfying(d -> assertThat(d).containsIgnoringCase("DOCTYPE"));
          assertThat(attempt(e, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, AttemptOutcome.NOT_FOUND).detail())
              .hasValueSatisfying(d -> assertThat(d).contains("larger than"));
          assertThat(e.getMessage()).doesNotContain("root:");
        });
  }
}
