package dev.autodiscover.internal.engine;

import static dev.autodiscover.testkit.PoxResponses.settingsXml;
import static dev.autodiscover.testkit.PoxResponses.xml;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import dev.autodiscover.Attempt;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.spi.AutodiscoverEventListener;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;

/**
 * {@code resolveAsync()} "starts discovery and returns at once": no discovery method runs on the caller's thread
 * (before, every method's synchronous set-up did: in a fresh JVM the DNS library and the first HTTP client held the
 * caller for a few hundred milliseconds).
 */
class AsyncStartTest extends EngineTestSupport {
  /** Names the thread of every attempt event. */
  private static final class Threads implements AutodiscoverEventListener {
    final List<String> seen = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void attemptStart(long runId, long attemptId, DiscoveryMethod method, String httpMethod, URI url) {
      seen.add(method + " " + Thread.currentThread().getName());
    }

    @Override
    public void attemptEnd(long runId, long attemptId, Attempt attempt) {
      seen.add(attempt.method() + " " + Thread.currentThread().getName());
    }
  }

  @Test
  void resolveAsync_runsNoDiscoveryMethodOnTheCallersThread() {
    net.host("autodiscover.contoso.com").https()
        .enqueue(xml(settingsXml("Jan", "jan@contoso.com", "https://ad.contoso.com/EWS/Exchange.asmx", null)));
    Threads threads = new Threads();
    configure(b -> b.eventListener(threads));
    String caller = Thread.currentThread().getName();

    CompletableFuture<AutodiscoverResult> future = request("jan@contoso.com").resolveAsync();
    AutodiscoverResult result = future.join();

    assertThat(result.method()).isEqualTo(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
    // SCP and local XML are not configured: their attempts are recorded when they start, synchronously, so on
    // the thread that starts them.
    assertThat(threads.seen).filteredOn(e -> e.startsWith("SCP ") || e.startsWith("LOCAL_XML "))
        .hasSize(2)
        .allSatisfy(e -> assertThat(e).contains(" autodiscover-start-"));
    assertThat(threads.seen).noneSatisfy(e -> assertThat(e).endsWith(" " + caller));
  }

  @Test
  void resolveAsync_returnsWhileTheClientsHttpClientIsStillBeingMade() {
    net.host("autodiscover.contoso.com").https()
        .enqueue(xml(settingsXml("Jan", "jan@contoso.com", "https://ad.contoso.com/EWS/Exchange.asmx", null)));
    configure(b -> b.sslContext(slowDefaults(net.clientSslContext(), 2_000)));
    // forEmail starts making the client's HTTP client on a start thread; the JDK asks the SSL context for its
    // default parameters while it does, and this context takes 2 s to answer.
    dev.autodiscover.AutodiscoverRequest request = request("jan@contoso.com");

    long start = System.nanoTime();
    CompletableFuture<AutodiscoverResult> future = request.resolveAsync();
    long returnedAfterMillis = (System.nanoTime() - start) / 1_000_000;
    AutodiscoverResult result = future.join();

    assertThat(result.method()).isEqualTo(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
    assertThat(returnedAfterMillis).as("resolveAsync() waited for the HTTP client").isLessThan(1_000);
  }

  @Test
  void aRunCancelledWhileTheHttpClientIsMade_sendsNothing() throws Exception {
    net.host("autodiscover.contoso.com").https()
        .enqueue(xml(settingsXml("Jan", "jan@contoso.com", "https://ad.contoso.com/EWS/Exchange.asmx", null)));
    configure(b -> b.sslContext(slowDefaults(net.clientSslContext(), 1_000)));
    CompletableFuture<AutodiscoverResult> future = request("jan@contoso.com").resolveAsync();

    future.cancel(true);

    // The run starts once the HTTP client is made, sees that it was cancelled, and ends there.
    long limit = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (events.events.size() < 2 && System.nanoTime() < limit) {
      Thread.sleep(10);
    }
    assertThat(events.events).containsExactly("runStart jan@contoso.com", "runFailed AutodiscoverException");
    assertThat(net.host("autodiscover.contoso.com").https().takeRequest(500, java.util.concurrent.TimeUnit.MILLISECONDS))
        .as("a request of the cancelled run").isNull();
    assertThat(net.host("contoso.com").https().getRequestCount()).isZero();
    assertThat(dns.udpQueries() + dns.tcpQueries()).isZero();
  }

  @Test
  void closingTheClientWhileItsHttpClientIsMade_cancelsTheRunAtOnce() throws Exception {
    configure(b -> b.sslContext(slowDefaults(net.clientSslContext(), 3_000)));
    CompletableFuture<AutodiscoverResult> future = request("jan@contoso.com").resolveAsync();

    client.close();

    // As any call in flight: cancelled by close(), without waiting for the HTTP client (3 s), and never started.
    assertThat(future).failsWithin(java.time.Duration.ofSeconds(1))
        .withThrowableOfType(java.util.concurrent.CancellationException.class);
    Thread.sleep(1_000); // close() interrupted the making: the HTTP client has been made and shut down meanwhile
    assertThat(events.events).isEmpty();
  }

  /** {@code real}, except that its default parameters take {@code delayMillis} to compute. */
  private static SSLContext slowDefaults(SSLContext real, long delayMillis) {
    SSLContextSpi spi = new SSLContextSpi() {
      @Override
      protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) {}

      @Override
      protected SSLSocketFactory engineGetSocketFactory() {
        return real.getSocketFactory();
      }

      @Override
      protected SSLServerSocketFactory engineGetServerSocketFactory() {
        return real.getServerSocketFactory();
      }

      @Override
      protected SSLEngine engineCreateSSLEngine() {
        return real.createSSLEngine();
      }

      @Override
      protected SSLEngine engineCreateSSLEngine(String host, int port) {
        return real.createSSLEngine(host, port);
      }

      @Override
      protected SSLSessionContext engineGetServerSessionContext() {
        return real.getServerSessionContext();
      }

      @Override
      protected SSLSessionContext engineGetClientSessionContext() {
        return real.getClientSessionContext();
      }

      @Override
      protected SSLParameters engineGetDefaultSSLParameters() {
        try {
          Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return real.getDefaultSSLParameters();
      }

      @Override
      protected SSLParameters engineGetSupportedSSLParameters() {
        return real.getSupportedSSLParameters();
      }
    };
    return new SSLContext(spi, real.getProvider(), real.getProtocol()) {};
  }
}
