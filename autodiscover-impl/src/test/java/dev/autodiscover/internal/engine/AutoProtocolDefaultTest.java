package dev.autodiscover.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import dev.autodiscover.Attempt;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AutodiscoverClient;
import dev.autodiscover.AutodiscoverProtocol;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.DnsResolver;
import dev.autodiscover.ProtocolChoice;
import dev.autodiscover.testkit.PoxResponses;
import dev.autodiscover.testkit.SoapResponses;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * AUTO is the default protocol: a SOAP-only Exchange is found with default options, and AUTO's switch of protocol
 * never holds back a lower-priority answer (in Outlook's walk the switched method had already failed).
 */
class AutoProtocolDefaultTest extends EngineTestSupport {
  private static final String EWS = "https://mail.contoso.com/EWS/Exchange.asmx";
  private static final String SVC = "https://autodiscover.contoso.com/autodiscover/autodiscover.svc";
  private static final String ROOT_SVC = "https://contoso.com/autodiscover/autodiscover.svc";

  private static boolean isSoap(RecordedRequest r) {
    return r.getUrl().encodedPath().toLowerCase(Locale.ROOT).endsWith("/autodiscover.svc");
  }

  private static MockResponse soapSettings() {
    return SoapResponses.xml(SoapResponses.userResponses(SoapResponses.userSettings("Jan", "jan@contoso.com", EWS,
        null)));
  }

  private static List<String> exchanges(AutodiscoverResult result) {
    return result.trace().attempts().stream().filter(a -> a.httpMethod().isPresent()
            && (a.method() == DiscoveryMethod.HTTPS_ROOT_DOMAIN || a.method() == DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN))
        .map(a -> a.method() + " " + a.protocol().map(Enum::name).orElse("-") + " " + a.url().orElseThrow() + " "
            + a.outcome().code())
        .toList();
  }

  @Test
  void aSoapOnlyExchange_isFoundWithTheDefaultOptions() {
    net.host("contoso.com").respondHttps(dispatcher(r -> status(404)));
    // The SOAP answer comes last, so that the root domain's requests have all ended when it arrives.
    net.host("autodiscover.contoso.com").respondHttps(dispatcher(r -> isSoap(r)
        ? soapSettings().newBuilder().headersDelay(300, TimeUnit.MILLISECONDS).build() : status(404)));
    net.host("autodiscover.contoso.com").respondHttp(dispatcher(r -> status(404)));
    // Only the environment is configured: every option of the client and of the call is the default.
    AutodiscoverClient defaults = closeAfterTest(AutodiscoverClient.builder().dnsResolver(DnsResolver.servers(
        dns.address())).proxy(net.proxySelector()).sslContext(net.clientSslContext()).build());

    AutodiscoverResult result = defaults.forEmail("jan@contoso.com").resolve();

    assertThat(defaults.forEmail("jan@contoso.com").protocol()).isEqualTo(ProtocolChoice.AUTO);
    assertThat(result.method()).isEqualTo(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
    assertThat(result.protocol()).isEqualTo(AutodiscoverProtocol.SOAP);
    assertThat(result.endpoint()).isEqualTo(URI.create(SVC));
    assertThat(result.ewsUrl().orElseThrow().uri()).isEqualTo(URI.create(EWS));
    assertThat(exchanges(result)).containsExactly(
        "HTTPS_ROOT_DOMAIN POX " + ROOT + " not-found",
        "HTTPS_ROOT_DOMAIN SOAP " + ROOT_SVC + " not-found",
        "HTTPS_AUTODISCOVER_DOMAIN POX " + AD + " not-found",
        "HTTPS_AUTODISCOVER_DOMAIN SOAP " + SVC + " settings");
  }

  @Test
  void theSwitchedRequest_neverHoldsBackALowerPriorityAnswer_evenInStrictOrder() {
    // The root domain is a web site: 404 for POX at once, and its SOAP URL never answers.
    net.host("contoso.com").respondHttps(dispatcher(r -> isSoap(r) ? PriorityWindowTest.silent() : status(404)));
    net.host("autodiscover.contoso.com").https().enqueue(PriorityWindowTest.settings(EWS).newBuilder()
        .headersDelay(200, TimeUnit.MILLISECONDS).build());
    Duration timeout = Duration.ofSeconds(5);

    long start = System.nanoTime();
    AutodiscoverResult result = request("jan@contoso.com")
        .only(DiscoveryMethod.HTTPS_ROOT_DOMAIN, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN)
        .strictPriority().attemptTimeout(timeout).resolve();
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(result.method()).isEqualTo(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
    assertThat(result.protocol()).isEqualTo(AutodiscoverProtocol.POX);
    assertThat(exchanges(result)).containsExactly(
        "HTTPS_ROOT_DOMAIN POX " + ROOT + " not-found",
        // A request cut while in flight has no answer, so no protocol is recorded for it.
        "HTTPS_ROOT_DOMAIN - " + ROOT_SVC + " cancelled",
        "HTTPS_AUTODISCOVER_DOMAIN POX " + AD + " settings");
    Attempt switched = attempt(result, DiscoveryMethod.HTTPS_ROOT_DOMAIN, AttemptOutcome.CANCELLED);
    assertThat(switched.detail()).hasValue("not waited for: POX is not served at " + ROOT + ", so in Outlook's"
        + " order this method had already failed, and AUTO's switch of protocol holds no priority; the answer of"
        + " HTTPS autodiscover domain was taken instead");
    // Waiting for the switched request would have taken its timeout and retry: 10 s.
    assertThat(elapsedMs).isLessThan(timeout.toMillis());
  }

  @Test
  void theSwitchedRequest_isNotEvenSent_whenALowerPriorityAnswerIsInHand() {
    // The root answers 404 to POX only after the autodiscover host has answered: in Outlook's order the root has
    // then failed, and the autodiscover host's answer is taken; the root's SOAP URL is never asked.
    net.host("contoso.com").respondHttps(dispatcher(r -> isSoap(r) ? soapSettings()
        : status(404).newBuilder().headersDelay(300, TimeUnit.MILLISECONDS).build()));
    net.host("autodiscover.contoso.com").https().enqueue(PriorityWindowTest.settings(EWS));

    AutodiscoverResult result = request("jan@contoso.com")
        .only(DiscoveryMethod.HTTPS_ROOT_DOMAIN, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN).resolve();

    assertThat(result.method()).isEqualTo(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
    assertThat(result.trace().attempts().stream().filter(a -> a.method() == DiscoveryMethod.HTTPS_ROOT_DOMAIN)
        .map(a -> a.outcome().code() + " " + a.httpMethod().orElse("unsent") + " " + a.url().orElseThrow() + " "
            + a.detail().orElse("")))
        .containsExactly("not-found POST " + ROOT + " HTTP 404: no Autodiscover service here",
            "cancelled unsent " + ROOT_SVC + " not sent: POX is not served at " + ROOT + ", so in Outlook's order"
                + " this method had already failed, and AUTO's switch of protocol holds no priority; the answer of"
                + " HTTPS autodiscover domain was taken instead");
    assertThat(net.host("contoso.com").https().getRequestCount()).isEqualTo(1);
  }

  @Test
  void theSwitchedRequest_stillWinsWhenNoOtherMethodAnswers() {
    net.host("contoso.com").respondHttps(dispatcher(r -> isSoap(r) ? soapSettings() : status(404)));
    net.host("autodiscover.contoso.com").respondHttps(dispatcher(r -> status(404)));

    AutodiscoverResult result = request("jan@contoso.com")
        .only(DiscoveryMethod.HTTPS_ROOT_DOMAIN, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN).resolve();

    assertThat(result.method()).isEqualTo(DiscoveryMethod.HTTPS_ROOT_DOMAIN);
    assertThat(result.endpoint()).isEqualTo(URI.create(ROOT_SVC));
  }

  @Test
  void pox_remainsAvailable_andNeverSwitches() throws Exception {
    net.host("autodiscover.contoso.com").respondHttps(dispatcher(r -> isSoap(r) ? soapSettings()
        : PoxResponses.xml(PoxResponses.settingsXml("Jan", "jan@contoso.com", EWS, null))));

    AutodiscoverResult result = request("jan@contoso.com").only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN)
        .protocol(ProtocolChoice.POX).resolve();

    assertThat(result.protocol()).isEqualTo(AutodiscoverProtocol.POX);
    assertThat(received(net.host("autodiscover.contoso.com").https())).noneMatch(AutoProtocolDefaultTest::isSoap);
  }
}
