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
}
