package dev.autodiscover.apitest;

import static dev.autodiscover.testkit.PoxResponses.settingsXml;
import static dev.autodiscover.testkit.PoxResponses.xml;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import dev.autodiscover.Attempt;
import dev.autodiscover.Autodiscover;
import dev.autodiscover.AutodiscoverClient;
import dev.autodiscover.AutodiscoverException;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.DnsResolver;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.SettingsCache;
import dev.autodiscover.spi.AutodiscoverEventListener;
import dev.autodiscover.testkit.DnsResponder;
import dev.autodiscover.testkit.PoxResponses;
import dev.autodiscover.testkit.VirtualNetwork;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A run's {@code runEnd} is its last event, also when the answer is taken while other methods are let go in parallel.
 *
 * <p>Defect: in an "o365-like" run (both HTTPS hosts blackholed, the plain-HTTP redirect probe sent to Microsoft's
 * host, which answers) the parallel decision let the two blackholed methods go; cancelling the first completed its
 * method at once on the same thread, which re-entered the decision, let the second go and delivered {@code runEnd};
 * the outer pass then recorded the second method's cancellation again, after {@code runEnd}, and the listener got it
 * during the caller's next run.
 *
 * <p>No sleep decides anything here: after a call returns, the test waits until the thread that delivered
 * {@code runEnd} has left the SDK's code (see {@link #awaitLeftSdk}), which is when everything that thread could
 * still deliver has been delivered.
 */
class RunEndIsLastEventTest {
  private static final String EMAIL = "jan@contoso.com";
  private static final String ROOT = "https://contoso.com/autodiscover/autodiscover.xml";
  private static final String AD = "https://autodiscover.contoso.com/autodiscover/autodiscover.xml";
  private static final String PROBE = "http://autodiscover.contoso.com/autodiscover/autodiscover.xml";
  private static final String O365 = "https://autodiscover-s.outlook.com/autodiscover/autodiscover.xml";

  private VirtualNetwork net;
  private DnsResponder dns;
  private final Events events = new Events();
  private AutodiscoverClient client;

  @BeforeEach
  void start() {
    net = VirtualNetwork.start();
    dns = DnsResponder.start();
    client = Autodiscover.newClient().proxy(net.proxySelector()).sslContext(net.clientSslContext())
        .dnsResolver(DnsResolver.servers(dns.address()).timeout(Duration.ofMillis(500)))
        .settingsCache(SettingsCache.disabled()).attemptTimeout(Duration.ofSeconds(3)).deadline(Duration.ofSeconds(10))
        .eventListener(events).build();
    net.blackhole("contoso.com");
    net.blackholeHttps("autodiscover.contoso.com");
    net.host("autodiscover.contoso.com").respondHttp(dispatcher(r -> PoxResponses.redirect(302, O365)));
    net.host("autodiscover-s.outlook.com").respondHttps(dispatcher(r -> xml(settingsXml("Jan", EMAIL,
        "https://outlook.office365.com/EWS/Exchange.asmx", null))));
  }

  @AfterEach
  void stop() {
    client.close();
    net.close();
    dns.close();
  }

  @Test
  void twoMethodsLetGo_eachRunsEventsEndWithRunEnd_andNothingFollowsIt() throws InterruptedException {
    AutodiscoverRequest request = client.forEmail(EMAIL)
        .only(DiscoveryMethod.HTTPS_ROOT_DOMAIN, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, DiscoveryMethod.HTTP_REDIRECT);

    assertThat(resolve(request).method()).isEqualTo(DiscoveryMethod.HTTP_REDIRECT);
    List<String> first = List.copyOf(events.log);
    assertThat(resolve(request).method()).isEqualTo(DiscoveryMethod.HTTP_REDIRECT);
    List<String> all = List.copyOf(events.log);

    // The methods start side by side, so their events interleave in any order; each method's own do not.
    for (String run : List.of("R1", "R2")) {
      List<String> mine = run.equals("R1") ? first : all.subList(first.size(), all.size());
      assertThat(mine).first().isEqualTo(run + " runStart " + EMAIL);
      assertThat(mine).last().isEqualTo(run + " runEnd");
      assertThat(mine).containsExactlyInAnyOrder(
          run + " runStart " + EMAIL,
          run + " attemptEnd(unsent) SCP excluded",
          run + " attemptEnd(unsent) LOCAL_XML excluded",
          run + " attemptEnd(unsent) DNS_SRV excluded",
          run + " attemptEnd(unsent) LAST_KNOWN_GOOD excluded",
          run + " attemptEnd(unsent) O365_ENDPOINT excluded",
          run + " attemptStart HTTPS_ROOT_DOMAIN POST " + ROOT,
          run + " attemptStart HTTPS_AUTODISCOVER_DOMAIN POST " + AD,
          run + " attemptStart HTTP_REDIRECT GET " + PROBE,
          run + " attemptEnd HTTP_REDIRECT http-redirect",
          run + " redirect followed " + O365,
          run + " attemptStart HTTP_REDIRECT POST " + O365,
          run + " attemptEnd HTTP_REDIRECT settings",
          run + " attemptEnd HTTPS_ROOT_DOMAIN cancelled",
          run + " attemptEnd HTTPS_AUTODISCOVER_DOMAIN cancelled",
          run + " runEnd");
      assertThat(mine).filteredOn(e -> e.contains(" HTTP_REDIRECT ") || e.contains(" redirect ")).containsExactly(
          run + " attemptStart HTTP_REDIRECT GET " + PROBE,
          run + " attemptEnd HTTP_REDIRECT http-redirect",
          run + " redirect followed " + O365,
          run + " attemptStart HTTP_REDIRECT POST " + O365,
          run + " attemptEnd HTTP_REDIRECT settings");
      assertBlackholedLetGoOnce(mine, run);
    }
    assertThat(events.open).isEmpty();
  }

  @Test
  void o365Like_everyMethod_eachRunsEventsEndWithRunEnd_andTheNextRunHearsOnlyItsOwn() throws InterruptedException {
    AutodiscoverRequest request = client.forEmail(EMAIL);

    assertThat(resolve(request).method()).isEqualTo(DiscoveryMethod.HTTP_REDIRECT);
    List<String> first = List.copyOf(events.log);
    assertThat(resolve(request).method()).isEqualTo(DiscoveryMethod.HTTP_REDIRECT);
    List<String> all = List.copyOf(events.log);
    List<String> second = all.subList(first.size(), all.size());

    assertThat(first).first().isEqualTo("R1 runStart " + EMAIL);
    assertThat(first).last().isEqualTo("R1 runEnd");
    assertBlackholedLetGoOnce(first, "R1");
    assertThat(second).allMatch(e -> e.startsWith("R2 "));
    assertThat(second).first().isEqualTo("R2 runStart " + EMAIL);
    assertThat(second).last().isEqualTo("R2 runEnd");
    assertBlackholedLetGoOnce(second, "R2");
    assertThat(events.open).isEmpty();
  }

  /** Each blackholed method's events in one run: its request started, then ended once, cancelled. */
  private static void assertBlackholedLetGoOnce(List<String> events, String run) {
    assertThat(events).filteredOn(e -> e.contains(" HTTPS_ROOT_DOMAIN ")).containsExactly(
        run + " attemptStart HTTPS_ROOT_DOMAIN POST " + ROOT,
        run + " attemptEnd HTTPS_ROOT_DOMAIN cancelled");
    assertThat(events).filteredOn(e -> e.contains(" HTTPS_AUTODISCOVER_DOMAIN ")).containsExactly(
        run + " attemptStart HTTPS_AUTODISCOVER_DOMAIN POST " + AD,
        run + " attemptEnd HTTPS_AUTODISCOVER_DOMAIN cancelled");
  }

  /** Resolves, then waits until the thread that delivered the run's {@code runEnd} has left the SDK's code. */
  private AutodiscoverResult resolve(AutodiscoverRequest request) throws InterruptedException {
    AutodiscoverResult result = request.resolve();
    Thread deliverer = events.runEndThreads.get(events.runs.size());
    assertThat(deliverer).as("the thread that delivered runEnd").isNotNull();
    awaitLeftSdk(deliverer);
    return result;
  }

  /**
   * Waits until {@code t} has ended or runs none of the SDK's internal code. Every event is delivered from SDK code on
   * the delivering thread's stack, so once the thread that delivered {@code runEnd} has no such frame, whatever that
   * delivery's callers could still report has been reported. The bound only turns a hang into a failure.
   */
  private static void awaitLeftSdk(Thread t) throws InterruptedException {
    if (t == Thread.currentThread()) {
      return; // the call returned: no SDK frame is left on this stack
    }
    long limit = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (t.isAlive() && Arrays.stream(t.getStackTrace())
        .anyMatch(f -> f.getClassName().startsWith("dev.autodiscover.internal."))) {
      assertThat(System.nanoTime() - limit).as(t + " still runs SDK code").isNegative();
      Thread.sleep(1);
    }
  }

  private static Dispatcher dispatcher(java.util.function.Function<RecordedRequest, MockResponse> f) {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return f.apply(request);
      }
    };
  }

  /**
   * Records every event as a short string, runs named R1, R2, ... in order of appearance (ids are JVM-global);
   * attempt ids, which depend on the order in which parallel methods start, are checked for pairing, not shown.
   */
  private static final class Events implements AutodiscoverEventListener {
    final List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
    final Map<Long, String> runs = new ConcurrentHashMap<>();
    /** Attempts started and not yet ended, as {@code runId/attemptId}. */
    final java.util.Set<String> open = ConcurrentHashMap.newKeySet();
    /** The thread that delivered each run's {@code runEnd}, by run number (1, 2, ...). */
    final Map<Integer, Thread> runEndThreads = new ConcurrentHashMap<>();

    private synchronized String run(long id) {
      return runs.computeIfAbsent(id, k -> "R" + (runs.size() + 1));
    }

    @Override
    public void runStart(long runId, EmailAddress address) {
      log.add(run(runId) + " runStart " + address);
    }

    @Override
    public void attemptStart(long runId, long attemptId, DiscoveryMethod method, String httpMethod, URI url) {
      open.add(runId + "/" + attemptId);
      log.add(run(runId) + " attemptStart " + method + " " + httpMethod + " " + url);
    }

    @Override
    public void redirect(long runId, DiscoveryMethod method, String from, String to, boolean followed, String reason) {
      log.add(run(runId) + " redirect " + (followed ? "followed " : "refused ") + to);
    }

    @Override
    public void attemptEnd(long runId, long attemptId, Attempt attempt) {
      String end = attemptId == -1 ? " attemptEnd(unsent) " : open.remove(runId + "/" + attemptId) ? " attemptEnd "
          : " attemptEnd(unpaired) ";
      log.add(run(runId) + end + attempt.method() + " " + attempt.outcome().code());
    }

    @Override
    public void runEnd(long runId, AutodiscoverResult result) {
      String run = run(runId);
      log.add(run + " runEnd");
      runEndThreads.put(Integer.parseInt(run.substring(1)), Thread.currentThread());
    }

    @Override
    public void runFailed(long runId, AutodiscoverException failure) {
      log.add(run(runId) + " runFailed " + failure.getClass().getSimpleName());
    }
  }
}
