package dev.autodiscover.internal.engine;

import static dev.autodiscover.testkit.PoxResponses.settingsXml;
import static dev.autodiscover.testkit.PoxResponses.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AutodiscoverNotFoundException;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.AutodiscoverTimeoutException;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.ProtocolChoice;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;

/** Priority semantics, deadlines, retries and cancellation. Bounds are generous; no test sleeps. */
class TimingAndPriorityTest extends EngineTestSupport {
  private static MockResponse settings(String ews) {
    return xml(settingsXml("Jan", "jan@contoso.com", ews, null));
  }

  @Test
  void slowHigherPrioritySuccess_beatsFastLowerPrioritySuccess() {
    net.host("contoso.com").https().enqueue(settings("https://root.contoso.com/EWS/Exchange.asmx").newBuilder()
        .headersDelay(600, TimeUnit.MILLISECONDS).build());
    net.host("autodiscover.contoso.com").https().enqueue(settings("https://ad.contoso.com/EWS/Exchange.asmx"));

    AutodiscoverResult result = request("jan@contoso.com").excluding(DiscoveryMethod.HTTP_REDIRECT).resolve();

    assertThat(result.method()).isEqualTo(DiscoveryMethod.HTTPS_ROOT_DOMAIN);
    assertThat(result.ewsUrl().orElseThrow().uri().getHost()).isEqualTo("root.contoso.com");
  }

  @Test
  void deadHigherPriorityEndpoint_isPresumedUnreachable_andDoesNotDelayTheLiveOne() {
    net.blackhole("contoso.com");
    net.host("autodiscover.contoso.com").https().enqueue(settings("https://ad.contoso.com/EWS/Exchange.asmx"));
    Duration timeout = Duration.ofSeconds(3);

    long start = System.nanoTime();
    AutodiscoverResult result = request("jan@contoso.com").excluding(DiscoveryMethod.HTTP_REDIRECT)
        .attemptTimeout(timeout).retriesOnTimeout(0).resolve();
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(result.method()).isEqualTo(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
    assertThat(attempt(result, DiscoveryMethod.HTTPS_ROOT_DOMAIN, AttemptOutcome.CANCELLED).detail())
        .hasValueSatisfying(d -> assertThat(d).contains("presumed unreachable: no TLS answer"));
    assertThat(elapsedMs).isLessThan(timeout.toMillis() / 2);
  }

  @Test
  void deadHigherPriorityEndpoint_overtakenByALaterRequest_isLetGoAsNeverConnected() {
    net.blackhole("contoso.com");
    net.host("autodiscover.contoso.com").https().enqueue(settings("https://ad.contoso.com/EWS/Exchange.asmx"));

    // staggered, so that the autodiscover host's request is sent well after the root's (whose CONNECT is never
    // answered by the proxy, so its connection never gets as far as a ClientHello)
    AutodiscoverResult result = request("jan@contoso.com").excluding(DiscoveryMethod.HTTP_REDIRECT)
        .parallel(Duration.ofMillis(200)).attemptTimeout(Duration.ofSeconds(3)).retriesOnTimeout(0).resolve();

    assertThat(result.method()).isEqualTo(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
    assertThat(attempt(result, DiscoveryMethod.HTTPS_ROOT_DOMAIN, AttemptOutcome.CANCELLED).detail()).hasValueSatisfying(
        d -> assertThat(d).matches("presumed unreachable: no TLS answer from the server in \\d+ ms, not even a"
            + " connection \\(its TCP connect, or the proxy's CONNECT, unanswered\\), while HTTPS autodiscover domain"
            + " answered a request sent no earlier; one at a time, this request would have timed out"));
  }

  @Test
  void sequentialMode_deadEndpointDelaysTheLiveOneByItsTimeoutWithinTenPercent() {
    net.blackhole("contoso.com");
    net.host("autodiscover.contoso.com").https().enqueue(settings("https://ad.contoso.com/EWS/Exchange.asmx"));

    long start = System.nanoTime();
    AutodiscoverResult result = request("jan@contoso.com").excluding(DiscoveryMethod.HTTP_REDIRECT).sequential()
        .attemptTimeout(Duration.ofMillis(800)).retriesOnTimeout(0).resolve();
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(result.method()).isEqualTo(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
    assertThat(attempt(result, DiscoveryMethod.HTTPS_ROOT_DOMAIN, AttemptOutcome.TIMEOUT).duration().toMillis())
        .isBetween(800L, 880L);
    assertThat(elapsedMs).isGreaterThanOrEqualTo(800).isLessThan(880 + 300);
  }

  @Test
  void slowServerThatAnsweredTls_isWaitedForUpToItsTimeout_andThenTheLiveOneWins() {
    net.host("contoso.com").https().enqueue(settings("https://root.contoso.com/EWS/Exchange.asmx").newBuilder()
        .headersDelay(5, TimeUnit.SECONDS).build());
    net.host("autodiscover.contoso.com").https().enqueue(settings("https://ad.contoso.com/EWS/Exchange.asmx"));

    long start = System.nanoTime();
    AutodiscoverResult result = request("jan@contoso.com").excluding(DiscoveryMethod.HTTP_REDIRECT)
        .attemptTimeout(Duration.ofMillis(700)).retriesOnTimeout(0).resolve();
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(result.method()).isEqualTo(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
    assertThat(attempt(result, DiscoveryMethod.HTTPS_ROOT_DOMAIN, AttemptOutcome.TIMEOUT).duration().toMillis())
        .isBetween(700L, 770L);
    assertThat(elapsedMs).isGreaterThanOrEqualTo(700).isLessThan(770 + 300);
  }

  @Test
  void sequentialMode_givesTheSameAnswerAsParallel() {
    for (int i = 0; i < 2; i++) {
      net.host("contoso.com").https().enqueue(status(405));
      // answered after 200 ms, so that the root's 405 comes first also on a loaded machine: were the answer in
      // before the root's TLS handshake, parallel mode would let the root go as presumed unreachable (cancelled)
      net.host("autodiscover.contoso.com").https().enqueue(settings("https://ad.contoso.com/EWS/Exchange.asmx")
          .newBuilder().headersDelay(200, TimeUnit.MILLISECONDS).build());
    }
    // POX: with AUTO, a 405 is followed by a switch to SOAP, which holds no priority in parallel mode (its entry
    // may end cancelled there) but runs to its end one at a time; the answer is the same, the traces not.
    AutodiscoverResult parallel = request("jan@contoso.com").excluding(DiscoveryMethod.HTTP_REDIRECT)
        .protocol(ProtocolChoice.POX).resolve();
    AutodiscoverResult sequential = request("jan@contoso.com").excluding(DiscoveryMethod.HTTP_REDIRECT)
        .protocol(ProtocolChoice.POX).sequential().resolve();

    assertThat(sequential.endpoint()).isEqualTo(parallel.endpoint());
    // Up to the winner the traces are the same; after it, parallel mode also shows the lower-priority
    // lookups that finished (or were cancelled) before the answer was taken, which sequential never starts.
    assertThat(upToWinner(sequential)).isEqualTo(upToWinner(parallel));
    assertThat(upToWinner(sequential)).endsWith("HTTPS_AUTODISCOVER_DOMAIN:SETTINGS");
  }

  @Test
  void staggeredParallel_doesNotStartLowerMethodsWhenAHigherOneAnswersWithinTheStagger() {
    net.host("contoso.com").https().enqueue(settings("https://root.contoso.com/EWS/Exchange.asmx"));
    net.host("autodiscover.contoso.com");

    AutodiscoverResult result = request("jan@contoso.com").parallel(Duration.ofSeconds(2)).resolve();

    assertThat(result.method()).isEqualTo(DiscoveryMethod.HTTPS_ROOT_DOMAIN);
    assertThat(net.host("autodiscover.contoso.com").https().getRequestCount()).isZero();
    assertThat(net.host("autodiscover.contoso.com").http().getRequestCount()).isZero();
  }

  @Test
  void staggeredParallel_startsTheNextMethodAtOnceWhenTheHigherOneFails() {
    // With AUTO (the default) the root's 404 is followed by a switch to SOAP, which gets no answer (nothing more is
    // queued): in Outlook's walk the root has failed at the 404, so the next method starts at once all the same.
    net.host("contoso.com").https().enqueue(status(404));
    net.host("autodiscover.contoso.com").https().enqueue(settings("https://ad.contoso.com/EWS/Exchange.asmx"));

    long start = System.nanoTime();
    AutodiscoverResult result = request("jan@contoso.com").excluding(DiscoveryMethod.HTTP_REDIRECT)
        .parallel(Duration.ofSeconds(5)).resolve();

    assertThat(result.method()).isEqualTo(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
  }

  @Test
  void events_arriveInTheDocumentedOrderAndPairs() {
    net.host("autodiscover.contoso.com").https().enqueue(settings("https://ad.contoso.com/EWS/Exchange.asmx"));

    request("jan@contoso.com").only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN).resolve();

    assertThat(events.events).containsExactly(
        "runStart jan@contoso.com",
        "attemptEnd -1 SCP excluded",
        "attemptEnd -1 HTTPS_ROOT_DOMAIN excluded",
        "attemptEnd -1 LOCAL_XML excluded",
        "attemptEnd -1 HTTP_REDIRECT excluded",
        "attemptEnd -1 DNS_SRV excluded",
        "attemptEnd -1 LAST_KNOWN_GOOD excluded",
        "attemptEnd -1 O365_ENDPOINT excluded",
        "attemptStart 1 HTTPS_AUTODISCOVER_DOMAIN POST " + AD,
        "attemptEnd 1 HTTPS_AUTODISCOVER_DOMAIN settings",
        "runEnd");
  }

  @Test
  void sequentialMode_neverContactsLowerPriorityMethodsAfterSuccess() {
    net.host("contoso.com").https().enqueue(settings("https://root.contoso.com/EWS/Exchange.asmx"));
    net.host("autodiscover.contoso.com");

    request("jan@contoso.com").sequential().resolve();

    assertThat(net.host("autodiscover.contoso.com").https().getRequestCount()).isZero();
    assertThat(net.host("autodiscover.contoso.com").http().getRequestCount()).isZero();
    assertThat(events.events).first().isEqualTo("runStart jan@contoso.com");
    assertThat(events.events).last().isEqualTo("runEnd");
  }

  @Test
  void overallDeadline_holdsWithinTenPercent_andCancelsAttemptsInFlight() {
    net.blackhole("contoso.com");
    net.blackhole("autodiscover.contoso.com");
    Duration deadline = Duration.ofMillis(1000);

    long start = System.nanoTime();
    assertThatThrownBy(() -> request("jan@contoso.com").attemptTimeout(Duration.ofSeconds(5)).deadline(deadline).resolve())
        .isInstanceOfSatisfying(AutodiscoverTimeoutException.class, e -> {
          assertThat(e.deadline()).isEqualTo(deadline);
          assertThat(e.trace().attempts()).anyMatch(a -> a.outcome() == AttemptOutcome.CANCELLED);
        });
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(elapsedMs).isGreaterThanOrEqualTo(950).isLessThan(1100);
    assertThat(events.events).last().isEqualTo("runFailed AutodiscoverTimeoutException");
  }

  @Test
  void timeouts_areRetried_butErrorsAreNot() throws Exception {
    net.host("contoso.com").https().enqueue(status(404));
    var ad = net.host("autodiscover.contoso.com").https();
    ad.enqueue(settings("https://slow.contoso.com/EWS/Exchange.asmx").newBuilder().headersDelay(2, TimeUnit.SECONDS).build());
    ad.enqueue(settings("https://ad.contoso.com/EWS/Exchange.asmx"));

    // POX: AUTO would follow the root's 404 with a SOAP request (a switch, not a retry).
    AutodiscoverResult result = request("jan@contoso.com").excluding(DiscoveryMethod.HTTP_REDIRECT)
        .protocol(ProtocolChoice.POX).attemptTimeout(Duration.ofMillis(400)).retriesOnTimeout(1).resolve();

    assertThat(result.ewsUrl().orElseThrow().uri().getHost()).isEqualTo("ad.contoso.com");
    assertThat(attempt(result, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, AttemptOutcome.SETTINGS).retries()).isEqualTo(1);
    assertThat(net.host("contoso.com").https().getRequestCount()).isEqualTo(1);
  }

  @Test
  void exhaustedRetries_endInTimeoutOutcome() {
    net.blackhole("contoso.com");
    net.blackhole("autodiscover.contoso.com");
    assertThatThrownBy(() -> request("jan@contoso.com").excluding(DiscoveryMethod.HTTP_REDIRECT)
            .attemptTimeout(Duration.ofMillis(200)).retriesOnTimeout(2).resolve())
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e ->
            assertThat(attempt(e, DiscoveryMethod.HTTPS_ROOT_DOMAIN, AttemptOutcome.TIMEOUT).retries()).isEqualTo(2));
  }

  @Test
  void cancellingResolveAsync_cancelsTheRequestsInFlight() throws Exception {
    net.blackhole("contoso.com");
    net.blackhole("autodiscover.contoso.com");
    net.blackhole("autodiscover.contoso.com");

    CompletableFuture<AutodiscoverResult> future = request("jan@contoso.com").resolveAsync();
    // Methods start on the client's start threads: cancel once both HTTPS requests are in flight (blackholed, they
    // stay there), so that there is something to cancel.
    long inFlightBy = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    // A snapshot each time: the start threads add events meanwhile, and a synchronized list is not locked by stream().
    while (java.util.List.copyOf(events.events).stream()
            .filter(e -> e.startsWith("attemptStart") && e.contains(" HTTPS_")).count() < 2
        && System.nanoTime() < inFlightBy) {
      Thread.sleep(5);
    }
    future.cancel(true);

    assertThatThrownBy(future::join).isInstanceOf(CancellationException.class);
    assertThat(events.events).contains("runFailed AutodiscoverException");
    // Every request that had started ends as cancelled, with its start/end pair complete. A strategy thread
    // may still be starting an attempt while cancel() returns; that attempt ends (cancelled) at once, so wait
    // a little for the pairs to settle rather than reading them mid-way.
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(2);
    java.util.List<String> seen;
    long started;
    long cancelled;
    do {
      seen = java.util.List.copyOf(events.events); // one snapshot for every count
      started = seen.stream().filter(e -> e.startsWith("attemptStart")).count();
      cancelled = seen.stream().filter(e -> e.startsWith("attemptEnd") && e.endsWith("cancelled")).count();
      if (started == cancelled) {
        break;
      }
      Thread.sleep(10);
    } while (System.nanoTime() < deadline);
    assertThat(started).isGreaterThanOrEqualTo(2);
    assertThat(cancelled).isEqualTo(started);
    assertThat(seen.stream().filter(e -> e.startsWith("attemptEnd") && !e.startsWith("attemptEnd -1")).count())
        .isEqualTo(started);
  }

  private static java.util.List<String> upToWinner(AutodiscoverResult result) {
    java.util.List<String> steps = new java.util.ArrayList<>();
    for (dev.autodiscover.Attempt a : result.trace().attempts()) {
      steps.add(a.method() + ":" + a.outcome());
      if (a.outcome() == dev.autodiscover.AttemptOutcome.SETTINGS) {
        break;
      }
    }
    return steps;
  }
}
