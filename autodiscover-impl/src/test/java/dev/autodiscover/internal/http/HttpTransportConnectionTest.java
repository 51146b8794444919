package dev.autodiscover.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import dev.autodiscover.testkit.VirtualNetwork;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What an exchange leaves behind: its connection (pooled or closed) and its timeout task. */
class HttpTransportConnectionTest {
  private static final String HOST = "autodiscover.contoso.com";
  private final VirtualNetwork net = VirtualNetwork.start();
  private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);

  @AfterEach
  void stop() {
    net.close();
    timers.shutdownNow();
  }

  private HttpTransport transport(boolean closeAfterExchange) {
    timers.setRemoveOnCancelPolicy(true);
    HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
        .proxy(net.proxySelector()).sslContext(net.clientSslContext()).build();
    return new HttpTransport(client, new TlsLiveness(), timers, closeAfterExchange);
  }

  private List<String> sendThree(HttpTransport transport) {
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      HttpTransport.Response r = transport.send(HttpRequest.newBuilder(URI.create("https://" + HOST + "/x"))
          .build(), Duration.ofSeconds(5)).join();
      bodies.add(r.status() + " " + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
    return bodies;
  }

  @ParameterizedTest
  @CsvSource({"false, 1", "true, 3"})
  void send_threeInARow_reusesTheConnectionUnlessClosingAfterEachExchange(boolean close, int connections) {
    for (String body : List.of("one", "", "three")) {
      net.host(HOST).https().enqueue(new MockResponse.Builder().code(200).body(body).build());
    }

    List<String> bodies = sendThree(transport(close));

    assertThat(bodies).containsExactly("200 one", "200 ", "200 three");
    assertThat(net.routed()).hasSize(connections).containsOnly("CONNECT " + HOST + ":443");
  }

  @Test
  void send_answered_leavesNoTimeoutTaskQueued() throws InterruptedException {
    net.host(HOST).https().enqueue(new MockResponse.Builder().code(200).body("ok").build());
    HttpTransport transport = transport(false);

    HttpTransport.Response r = transport.send(HttpRequest.newBuilder(URI.create("https://" + HOST + "/x")).build(),
        Duration.ofMinutes(10)).join();

    assertThat(r.status()).isEqualTo(200);
    for (int i = 0; i < 500 && !timers.getQueue().isEmpty(); i++) {
      Thread.sleep(10); // the cancelling callback may run just after join() returns
    }
    // the 10-minute timeout task would pin the exchange until then; it is cancelled and removed at once
    assertThat(timers.getQueue()).isEmpty();
  }

  private static HttpRequest post() {
    return HttpRequest.newBuilder(URI.create("https://" + HOST + "/x")).POST(HttpRequest.BodyPublishers.ofString("q"))
        .build();
  }

  @Test
  void send_cancelledWhileTheAnswerIsOnItsWay_theAnswerStillArrivesAndTheNextExchangeReusesTheConnection()
      throws Exception {
    mockwebserver3.MockWebServer server = net.host(HOST).https();
    server.enqueue(new MockResponse.Builder().code(404).body("late")
        .headersDelay(200, java.util.concurrent.TimeUnit.MILLISECONDS).build());
    server.enqueue(new MockResponse.Builder().code(200).body("next").build());
    HttpTransport transport = transport(false);

    java.util.concurrent.CompletableFuture<HttpTransport.Response> first = transport.send(post(), Duration.ofSeconds(5));
    server.takeRequest(); // the request is at the server; its answer is 200 ms away
    first.cancel(true); // as the run does when it took another answer
    Thread.sleep(700); // the late answer has arrived and its connection went back to the pool
    HttpTransport.Response next = transport.send(post(), Duration.ofSeconds(5)).join();

    assertThat(first).isCancelled();
    assertThat(next.status() + " " + new String(next.body(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("200 next");
    assertThat(net.routed()).containsExactly("CONNECT " + HOST + ":443");
  }

  @Test
  void send_cancelledAndNoAnswerWithinTheGrace_theExchangeIsAbortedAndItsConnectionClosed() throws Exception {
    mockwebserver3.MockWebServer server = net.host(HOST).https();
    // answered 2.5 s later: after the grace (1 s), before the next exchange starts (3 s)
    server.enqueue(new MockResponse.Builder().code(404).body("too late")
        .headersDelay(2500, java.util.concurrent.TimeUnit.MILLISECONDS).build());
    server.enqueue(new MockResponse.Builder().code(200).body("next").build());
    HttpTransport transport = transport(false);

    java.util.concurrent.CompletableFuture<HttpTransport.Response> first = transport.send(post(), Duration.ofSeconds(30));
    server.takeRequest();
    first.cancel(true);
    Thread.sleep(3000);
    HttpTransport.Response next = transport.send(post(), Duration.ofSeconds(5)).join();

    assertThat(next.status()).isEqualTo(200);
    // had the cancelled exchange been left to finish, its connection would have been pooled and reused
    assertThat(net.routed()).containsExactly("CONNECT " + HOST + ":443", "CONNECT " + HOST + ":443");
    assertThat(timers.getQueue()).isEmpty();
  }

  /**
   * Waits up to half the grace for the timers' queue to empty; returns whether it did: a cancelled exchange left to
   * its grace keeps its abort task queued for the whole grace.
   */
  private boolean timersEmptyWithinHalfTheGrace() throws InterruptedException {
    long end = System.nanoTime() + HttpTransport.CANCELLED_GRACE.toNanos() / 2;
    while (!timers.getQueue().isEmpty() && System.nanoTime() < end) {
      Thread.sleep(5);
    }
    return timers.getQueue().isEmpty();
  }

  @Test
  void send_cancelledBeforeItsRequestIsSent_isAbortedAtOnceWithoutAGrace() throws Exception {
    net.blackhole(HOST); // the tunnel never opens: the request cannot be sent
    HttpTransport transport = transport(false);

    java.util.concurrent.CompletableFuture<HttpTransport.Response> first = transport.send(post(), Duration.ofSeconds(30));
    Thread.sleep(200);
    first.cancel(true);

    // no abort task waits out a grace (nor the 30 s attempt timeout): the exchange was aborted with the cancel
    assertThat(timersEmptyWithinHalfTheGrace()).isTrue();
    assertThat(first).isCancelled();
  }

  @Test
  void close_abortsACancelledExchangeStillInItsGrace() throws Exception {
    mockwebserver3.MockWebServer server = net.host(HOST).https();
    server.enqueue(new MockResponse.Builder().code(404).body("late")
        .headersDelay(5, java.util.concurrent.TimeUnit.SECONDS).build());
    HttpTransport transport = transport(false);
    java.util.concurrent.CompletableFuture<HttpTransport.Response> first = transport.send(post(), Duration.ofSeconds(30));
    server.takeRequest();
    first.cancel(true);
    assertThat(timers.getQueue()).hasSize(1); // the abort at the grace's end

    transport.close();

    // aborted now: its abort task was cancelled (and removed) as the exchange ended, well before the grace's end
    assertThat(timersEmptyWithinHalfTheGrace()).isTrue();
  }
}
