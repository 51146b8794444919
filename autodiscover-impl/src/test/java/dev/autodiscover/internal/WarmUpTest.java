package dev.autodiscover.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import dev.autodiscover.Attempt;
import dev.autodiscover.AutodiscoverClient;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.SettingsCache;
import dev.autodiscover.internal.env.CallEnv;
import dev.autodiscover.internal.http.HttpClients;
import dev.autodiscover.internal.pox.PoxCodec;
import dev.autodiscover.internal.pox.PoxResponse;
import dev.autodiscover.internal.trust.TrustPolicy;
import dev.autodiscover.spi.AutodiscoverEventListener;
import dev.autodiscover.testkit.PoxResponses;
import dev.autodiscover.testkit.VirtualNetwork;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * {@code AutodiscoverClient.warmUp()}: prepares (a lookup rehearsed on loopback, see {@link RehearsalTest}) without
 * sending anything anywhere else or touching the client's own cache and listeners, once per client.
 */
class WarmUpTest {
  @Test
  void sampleAnswer_isAnAnswerThePoxCodecParsesToSettings() throws Exception {
    PoxResponse parsed = PoxCodec.create().parse(WarmUp.sampleAnswer(), "text/xml; charset=utf-8");

    assertThat(parsed).isInstanceOf(PoxResponse.Settings.class);
    assertThat(((PoxResponse.Settings) parsed).settings().ewsUrl().map(u -> u.uri().toString()))
        .hasValue("https://mail.example.com/EWS/Exchange.asmx");
  }

  @Test
  void warmUp_sendsNothingThroughTheClientsProxy_tellsItsListenerNothing_leavesItsCacheAlone() throws Exception {
    try (VirtualNetwork network = VirtualNetwork.start()) {
      String answer = PoxResponses.settingsXml("Jan Novak", "jan@contoso.com",
          "https://mail.contoso.com/EWS/Exchange.asmx", null);
      network.host("autodiscover.contoso.com").respondHttps(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          return PoxResponses.xml(answer);
        }
      });
      List<String> cacheCalls = new CopyOnWriteArrayList<>();
      SettingsCache inMemory = SettingsCache.inMemory();
      SettingsCache cache = (SettingsCache) Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {SettingsCache.class}, (proxy, method, args) -> {
            if (method.getDeclaringClass() != Object.class) {
              cacheCalls.add(method.getName());
            }
            try {
              return method.invoke(inMemory, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
      List<String> events = new CopyOnWriteArrayList<>();
      AutodiscoverEventListener listener = new AutodiscoverEventListener() {
        @Override
        public void runStart(long runId, EmailAddress address) {
          events.add("runStart " + address);
        }

        @Override
        public void attemptEnd(long runId, long attemptId, Attempt attempt) {
          events.add("attemptEnd " + attempt.method());
        }
      };
      try (AutodiscoverClient client = AutodiscoverClient.builder().proxy(network.proxySelector())
          .sslContext(network.clientSslContext()).settingsCache(cache).eventListener(listener).build()) {

        client.warmUp().get(30, TimeUnit.SECONDS);
        List<String> routedAfterWarmUp = network.routed();
        List<String> eventsAfterWarmUp = List.copyOf(events);
        List<String> cacheCallsAfterWarmUp = List.copyOf(cacheCalls);
        String ews = client.forEmail("jan@contoso.com").only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN).resolve()
            .ewsUrl().orElseThrow().uri().toString();

        assertThat(routedAfterWarmUp).isEmpty();
        assertThat(eventsAfterWarmUp).isEmpty();
        assertThat(cacheCallsAfterWarmUp).isEmpty();
        assertThat(network.routed()).containsExactly("CONNECT autodiscover.contoso.com:443");
        // The lookup's own events: the excluded methods end at once, then the one it runs.
        assertThat(events).containsExactly("runStart jan@contoso.com", "attemptEnd SCP",
            "attemptEnd HTTPS_ROOT_DOMAIN", "attemptEnd LOCAL_XML", "attemptEnd HTTP_REDIRECT", "attemptEnd DNS_SRV",
            "attemptEnd LAST_KNOWN_GOOD", "attemptEnd O365_ENDPOINT", "attemptEnd HTTPS_AUTODISCOVER_DOMAIN");
        assertThat(ews).isEqualTo("https://mail.contoso.com/EWS/Exchange.asmx");
      }
    }
  }

  @Test
  void warmUp_returnsOneFuturePerClient_andRefusesAClosedClient() throws Exception {
    AutodiscoverClient client = AutodiscoverClient.builder().settingsCache(SettingsCache.disabled()).build();
    CompletableFuture<Void> first = client.warmUp();

    assertThat(client.warmUp()).isSameAs(first);
    first.get(30, TimeUnit.SECONDS);
    client.close();
    assertThatThrownBy(client::warmUp).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void warmUp_rehearsesALookupThroughItsGate() throws Exception {
    Rehearsal.Gate gate = new Rehearsal.Gate();
    try (Parts parts = new Parts()) {
      WarmUp warmUp = parts.warmUp(new Rehearsal(), gate);

      warmUp.start();
      warmUp.future().get(30, TimeUnit.SECONDS);

      assertThat(gate.rehearsed()).isTrue();
    }
  }

  @Test
  void close_endsAWarmUpAtOnce_andItsThreadsSoonAfter() throws Exception {
    Rehearsal.Gate gate = new Rehearsal.Gate();
    try (Parts parts = new Parts()) {
      Set<Thread> before = Thread.getAllStackTraces().keySet();
      // A rehearsal whose answer is held for a minute: only close() can end this warm-up early.
      WarmUp warmUp = parts.warmUp(new Rehearsal(Duration.ofSeconds(60), new CompletableFuture<>()), gate);
      warmUp.start();
      Thread.sleep(500);
      boolean doneBeforeClose = warmUp.future().isDone();

      warmUp.close();

      assertThat(doneBeforeClose).isFalse();
      assertThat(warmUp.future()).isCompleted();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      List<String> left = List.of();
      do {
        left = Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t) && t.isAlive())
            .map(Thread::getName)
            .filter(n -> n.startsWith("autodiscover-warm-up-") || n.startsWith("autodiscover-rehearsal-"))
            .collect(Collectors.toList());
        if (!left.isEmpty()) {
          Thread.sleep(20);
        }
      } while (!left.isEmpty() && System.nanoTime() < deadline);
      assertThat(left).isEmpty();
      assertThat(gate.rehearsed()).isFalse();
    }
  }

  /** What a client's engine gives its warm-up, made here without an engine. */
  private static final class Parts implements AutoCloseable {
    final AutodiscoverClient client = AutodiscoverClient.builder().settingsCache(SettingsCache.disabled()).build();
    final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
    final HttpClients http = new HttpClients(null, null, Duration.ofSeconds(10), timers);

    WarmUp warmUp(Rehearsal rehearsal, Rehearsal.Gate gate) {
      TrustPolicy addresses = new TrustPolicy(new CallEnv(client, AutodiscoverEventListener.NONE,
          client.redirectValidator(), client.maxRedirects(), client.settingsCache()));
      return new WarmUp(addresses, PoxCodec.create(), http, rehearsal, gate);
    }

    @Override
    public void close() {
      http.close();
      timers.shutdownNow();
      client.close();
    }
  }
}
