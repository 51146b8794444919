package dev.autodiscover.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import dev.autodiscover.testkit.VirtualNetwork;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How far a real JDK client's TLS connections get, as the observed engines report it. */
class TlsLivenessTest {
  private final VirtualNetwork net = VirtualNetwork.start();
  private final TlsLiveness liveness = new TlsLiveness();

  @AfterEach
  void stop() {
    net.close();
  }

  private HttpClient client(boolean proxied) {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
        .sslContext(ObservedSslContext.wrap(net.clientSslContext(), liveness));
    return (proxied ? b.proxy(net.proxySelector()) : b).build();
  }

  private static CompletableFuture<HttpResponse<String>> get(HttpClient client, String url) {
    return client.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 1000 && !condition.getAsBoolean(); i++) {
      Thread.sleep(5);
    }
  }

  @Test
  void blackholedHost_connectionBeganAndNeverBeganItsHandshake() throws InterruptedException {
    net.blackhole("contoso.com");
    long sent = System.nanoTime();

    CompletableFuture<HttpResponse<String>> pending = get(client(true), "https://contoso.com/x");
    try {
      await(() -> liveness.connectingSince("contoso.com", 443, sent) != TlsLiveness.NONE);

    // the proxy's CONNECT is never answered: the engine exists (the connection began), its handshake does not begin
      long since = liveness.connectingSince("contoso.com", 443, sent);
      assertThat(since).isNotEqualTo(TlsLiveness.NONE);
      assertThat(since - sent).isNotNegative();
      assertThat(liveness.seenAlive("contoso.com", 443)).isFalse();
      // a request sent after that connection began has no connection of its own under way
      assertThat(liveness.connectingSince("contoso.com", 443, System.nanoTime())).isEqualTo(TlsLiveness.NONE);
      assertThat(pending).isNotDone();
    } finally {
      pending.cancel(true);
    }
  }

  @Test
  void liveHost_isSeenAlive_andNothingIsLeftConnecting() {
    net.host("contoso.com").https().enqueue(new MockResponse.Builder().code(200).body("ok").build());
    long sent = System.nanoTime();

    HttpResponse<String> response = get(client(true), "https://contoso.com/x").join();

    assertThat(response.body()).isEqualTo("ok");
    assertThat(liveness.seenAlive("contoso.com", 443)).isTrue();
    assertThat(liveness.connectingSince("contoso.com", 443, sent)).isEqualTo(TlsLiveness.NONE);
    assertThat(liveness.seenAlive("autodiscover.contoso.com", 443)).isFalse();
  }

  @Test
  void silentTlsServer_gotTheClientHello_isNotSeenAlive_norStuckBeforeAHandshake() throws Exception {
    CountDownLatch helloArrived = new CountDownLatch(1);
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        try (Socket s = silent.accept(); InputStream in = s.getInputStream()) {
          if (in.read() >= 0) {
            helloArrived.countDown();
          }
          while (in.read(new byte[16_384]) >= 0) {
            // reads what comes, never answers, until the client gives up
          }
        } catch (java.io.IOException closed) {
          // the test ended
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      long sent = System.nanoTime();

      CompletableFuture<HttpResponse<String>> pending = get(client(false),
          "https://localhost:" + silent.getLocalPort() + "/x");

      assertThat(helloArrived.await(20, TimeUnit.SECONDS)).isTrue();
      try {
        // the handshake's beginning is noted at the first wrap: once the server has the ClientHello, nothing is stuck
        assertThat(liveness.connectingSince("localhost", silent.getLocalPort(), sent)).isEqualTo(TlsLiveness.NONE);
        assertThat(liveness.seenAlive("localhost", silent.getLocalPort())).isFalse();
        // a connection to the same host and port that begins later, for a request sent later, and is stuck before
        // its handshake does not count as never connected: that host got as far as a handshake recently
        long later = System.nanoTime();
        liveness.begin("localhost", silent.getLocalPort());
        assertThat(liveness.connectingSince("localhost", silent.getLocalPort(), later)).isEqualTo(TlsLiveness.NONE);
      } finally {
        pending.cancel(true);
      }
    }
  }

  @Test
  void ipv6Literal_isTheSameServerWithOrWithoutItsUriBrackets() {
    TlsLiveness.Progress p = liveness.begin("::1", 8443); // an engine named without brackets
    p.alive();

    assertThat(liveness.seenAlive("[::1]", 8443)).isTrue(); // as URI.getHost() gives it
    assertThat(liveness.seenAlive("[::1]", 443)).isFalse();
  }
}
