package dev.autodiscover.internal.engine;

import static dev.autodiscover.testkit.PoxResponses.settingsXml;
import static dev.autodiscover.testkit.PoxResponses.xml;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import dev.autodiscover.Attempt;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DiscoveryMethod;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;

/**
 * The bounded priority window of parallel mode: a lower-priority answer waits for a higher-priority server that
 * completed TLS and never answers only as long as the window, strict order waits as Outlook does, a higher answer
 * within the window still wins, and a retry after a timeout never extends the hold. Time bounds are only "before
 * the attempt timeout" style; the trace's outcomes and details say what happened.
 */
class PriorityWindowTest extends EngineTestSupport {
  static final String TAKEN_PAST_AD = "no answer within the 1000 ms priority window after HTTPS autodiscover domain"
      + " answered; its answer was taken instead (strict priority would have waited)";

  static MockResponse settings(String ews) {
    return xml(settingsXml("Jan", "jan@contoso.com", ews, null));
  }

  /** Completes the TLS handshake and reads the request, then never answers. */
  static MockResponse silent() {
    return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
  }

  private AutodiscoverRequest rootAndAutodiscoverHost() {
    return request("jan@contoso.com").only(DiscoveryMethod.HTTPS_ROOT_DOMAIN, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
  }

  /** Every attempt as "METHOD outcome", in trace order. */
  static List<String> steps(AutodiscoverResult result) {
    return result.trace().attempts().stream().map(a -> a.method() + " " + a.outcome().code()).toList();
  }

  @Test
  void rootThatCompletesTlsAndNeverAnswers_isTakenPastAfterTheDefaultWindow() {
    net.host("contoso.com").https().enqueue(silent());
    net.host("autodiscover.contoso.com").https().enqueue(settings("https://ad.contoso.com/EWS/Exchange.asmx")
        .newBuilder().headersDelay(200, TimeUnit.MILLISECONDS).build());
    Duration timeout = Duration.ofSeconds(5);

    long start = System.nanoTime();
    AutodiscoverResult result = rootAndAutodiscoverHost().attemptTimeout(timeout).resolve();
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(result.method()).isEqualTo(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
    assertThat(steps(result)).containsExactly("SCP excluded", "HTTPS_ROOT_DOMAIN cancelled",
        "HTTPS_AUTODISCOVER_DOMAIN settings", "LOCAL_XML excluded", "HTTP_REDIRECT excluded", "DNS_SRV excluded",
        "LAST_KNOWN_GOOD excluded", "O365_ENDPOINT excluded");
    Attempt root = attempt(result, DiscoveryMethod.HTTPS_ROOT_DOMAIN, AttemptOutcome.CANCELLED);
    assertThat(root.detail()).hasValue(TAKEN_PAST_AD);
    assertThat(root.url()).hasValue(java.net.URI.create(ROOT));
    assertThat(result.trace().toOutlookStyleLog()).contains("Autodiscover to " + ROOT + " FAILED (")
        .contains(") cancelled: " + TAKEN_PAST_AD + "\n");
    // Strict order would have waited for the root's timeout and its retry: 10 s.
    assertThat(elapsedMs).isLessThan(timeout.toMillis());
  }

  @Test
  void strictPriority_waitsForTheSilentRootUntilItsTimeout() {
    net.host("contoso.com").https().enqueue(silent());
    net.host("autodiscover.contoso.com").https().enqueue(settings("https://ad.contoso.com/EWS/Exchange.asmx"));

    AutodiscoverResult result = rootAndAutodiscoverHost().strictPriority().attemptTimeout(Duration.ofMillis(1500))
        .retriesOnTimeout(0).resolve();

    assertThat(result.method()).isEqualTo(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
    assertThat(steps(result)).containsExactly("SCP excluded", "HTTPS_ROOT_DOMAIN timeout",
        "HTTPS_AUTODISCOVER_DOMAIN settings", "LOCAL_XML excluded", "HTTP_REDIRECT excluded", "DNS_SRV excluded",
        "LAST_KNOWN_GOOD excluded", "O365_ENDPOINT excluded");
  }

  @Test
  void strictPriority_asTheClientsDefault_waits_andACallsWindowOverridesIt() {
    configure(b -> b.strictPriority());
    net.host("contoso.com").https().enqueue(silent());
    net.host("contoso.com").https().enqueue(silent());
    net.host("autodiscover.contoso.com").https().enqueue(settings("https://ad.contoso.com/EWS/Exchange.asmx"));
    // The windowed run's answer takes 400 ms: by then the silent root has long completed its TLS handshake, even on
    // a loaded machine, so the window (not the presumed-unreachable rule) is what lets it go.
    net.host("autodiscover.contoso.com").https().enqueue(settings("https://ad.contoso.com/EWS/Exchange.asmx")
        .newBuilder().headersDelay(400, TimeUnit.MILLISECONDS).build());

    AutodiscoverResult strict = rootAndAutodiscoverHost().attemptTimeout(Duration.ofMillis(1500))
        .retriesOnTimeout(0).resolve();
    AutodiscoverResult windowed = rootAndAutodiscoverHost().attemptTimeout(Duration.ofSeconds(5))
        .priorityWindow(Duration.ofMillis(1000)).resolve();

    assertThat(strict.method()).isEqualTo(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
    assertThat(attempt(strict, DiscoveryMethod.HTTPS_ROOT_DOMAIN, AttemptOutcome.TIMEOUT).retries()).isZero();
    assertThat(windowed.method()).isEqualTo(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
    assertThat(attempt(windowed, DiscoveryMethod.HTTPS_ROOT_DOMAIN, AttemptOutcome.CANCELLED).detail())
        .hasValue(TAKEN_PAST_AD);
  }

  @Test
  void aHigherPriorityAnswerWithinTheWindow_stillWins() {
    net.host("contoso.com").https().enqueue(settings("https://root.contoso.com/EWS/Exchange.asmx").newBuilder()
        .headersDelay(500, TimeUnit.MILLISECONDS).build());
    net.host("autodiscover.contoso.com").https().enqueue(settings("https://ad.contoso.com/EWS/Exchange.asmx"));

    AutodiscoverResult result = rootAndAutodiscoverHost().priorityWindow(Duration.ofSeconds(5)).resolve();

    assertThat(result.method()).isEqualTo(DiscoveryMethod.HTTPS_ROOT_DOMAIN);
    assertThat(result.ewsUrl().orElseThrow().uri().getHost()).isEqualTo("root.contoso.com");
    assertThat(steps(result)).containsExactly("SCP excluded", "HTTPS_ROOT_DOMAIN settings",
        "HTTPS_AUTODISCOVER_DOMAIN settings", "LOCAL_XML excluded", "HTTP_REDIRECT excluded", "DNS_SRV excluded",
        "LAST_KNOWN_GOOD excluded", "O365_ENDPOINT excluded");
  }

  @Test
  void aRetryAfterATimeout_doesNotExtendTheWindow() {
    for (int i = 0; i < 12; i++) {
      net.host("contoso.com").https().enqueue(silent());
    }
    net.host("autodiscover.contoso.com").https().enqueue(settings("https://ad.contoso.com/EWS/Exchange.asmx"));

    // Ten retries of 250 ms: strict order would hold the answer about 3 s; the window lets go after 800 ms,
    // by when the first try has timed out and its retry runs.
    AutodiscoverResult result = rootAndAutodiscoverHost().attemptTimeout(Duration.ofMillis(250))
        .retriesOnTimeout(10).priorityWindow(Duration.ofMillis(800)).resolve();

    assertThat(result.method()).isEqualTo(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
    Attempt root = attempt(result, DiscoveryMethod.HTTPS_ROOT_DOMAIN, AttemptOutcome.CANCELLED);
    assertThat(root.detail()).hasValue("no answer within the 800 ms priority window after HTTPS autodiscover domain"
        + " answered; its answer was taken instead (strict priority would have waited)");
    // The root was asked again after its first timeout (the trace of a cancelled request does not count its
    // retries), and yet let go when the window passed, long before its ten retries were spent.
    assertThat(net.host("contoso.com").https().getRequestCount()).isBetween(2, 10);
  }

  @Test
  void theWindowCountsFromTheFirstAnswer_andTheBestAnswerInHandIsTaken() {
    // DNS SRV (method 6) answers first; the autodiscover host (method 3) answers within the window and beats it;
    // the silent root (method 2) is let go a window after the first answer.
    net.host("contoso.com").https().enqueue(silent());
    net.host("autodiscover.contoso.com").https().enqueue(settings("https://ad.contoso.com/EWS/Exchange.asmx")
        .newBuilder().headersDelay(400, TimeUnit.MILLISECONDS).build());
    dns.srv("_autodiscover._tcp.contoso.com", 0, 0, 443, "mail.contoso.com.");
    net.host("mail.contoso.com").https().enqueue(settings("https://srv.contoso.com/EWS/Exchange.asmx"));

    AutodiscoverResult result = request("jan@contoso.com").only(DiscoveryMethod.HTTPS_ROOT_DOMAIN,
        DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, DiscoveryMethod.DNS_SRV).attemptTimeout(Duration.ofSeconds(5))
        .priorityWindow(Duration.ofMillis(1500)).resolve();

    assertThat(result.method()).isEqualTo(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
    assertThat(attempt(result, DiscoveryMethod.HTTPS_ROOT_DOMAIN, AttemptOutcome.CANCELLED).detail())
        .hasValue("no answer within the 1500 ms priority window after DNS SRV answered; the answer of HTTPS"
            + " autodiscover domain was taken instead (strict priority would have waited)");
  }

  @Test
  void zeroWindow_takesTheFirstAnswer_whateverItsPriority() {
    net.host("contoso.com").https().enqueue(settings("https://root.contoso.com/EWS/Exchange.asmx").newBuilder()
        .headersDelay(2, TimeUnit.SECONDS).build());
    net.host("autodiscover.contoso.com").https().enqueue(settings("https://ad.contoso.com/EWS/Exchange.asmx"));

    AutodiscoverResult result = rootAndAutodiscoverHost().priorityWindow(Duration.ZERO).resolve();

    assertThat(result.method()).isEqualTo(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
    assertThat(attempt(result, DiscoveryMethod.HTTPS_ROOT_DOMAIN, AttemptOutcome.CANCELLED).detail())
        .hasValue("no answer within the 0 ms priority window after HTTPS autodiscover domain answered; its answer"
            + " was taken instead (strict priority would have waited)");
  }

  @Test
  void sequentialMode_keepsOutlooksOrder_whateverTheWindow() {
    net.host("contoso.com").https().enqueue(settings("https://root.contoso.com/EWS/Exchange.asmx").newBuilder()
        .headersDelay(300, TimeUnit.MILLISECONDS).build());
    net.host("autodiscover.contoso.com").https().enqueue(settings("https://ad.contoso.com/EWS/Exchange.asmx"));

    AutodiscoverResult result = rootAndAutodiscoverHost().priorityWindow(Duration.ZERO).sequential().resolve();

    assertThat(result.method()).isEqualTo(DiscoveryMethod.HTTPS_ROOT_DOMAIN);
    assertThat(net.host("autodiscover.contoso.com").https().getRequestCount()).isZero();
  }
}
