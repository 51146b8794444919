package dev.autodiscover.internal.engine;

import static dev.autodiscover.testkit.PoxResponses.settingsXml;
import static dev.autodiscover.testkit.PoxResponses.xml;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import dev.autodiscover.Attempt;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.spi.AutodiscoverEventListener;
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
}
