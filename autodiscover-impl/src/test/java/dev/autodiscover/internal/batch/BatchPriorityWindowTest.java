package dev.autodiscover.internal.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import dev.autodiscover.Attempt;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.BatchItem;
import dev.autodiscover.DiscoveryMethod;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;

/** A batch's discovery runs through the same rounds: the priority window and strict order apply per address. */
class BatchPriorityWindowTest extends BatchTestSupport {
  private static MockResponse silent() {
    return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
  }

  private static Attempt root(BatchItem item) {
    return item.trace().attempts().stream().filter(a -> a.method() == DiscoveryMethod.HTTPS_ROOT_DOMAIN)
        .findFirst().orElseThrow();
  }

  @Test
  void aSilentRootDomain_isTakenPastAfterTheWindow_andStrictOrderWaitsForItsTimeout() {
    Server server = serve("contoso.com", BatchTestSupport::ok);
    // The answer takes 400 ms: the root domain's server has completed its TLS handshake long before, even on a loaded
    // machine, so it is never presumed unreachable (that rule cuts servers silent for as long as the answer took).
    net.host("autodiscover.contoso.com").respondHttps(new mockwebserver3.Dispatcher() {
      @Override
      public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
        return server.dispatch(request).newBuilder().headersDelay(400, java.util.concurrent.TimeUnit.MILLISECONDS)
            .build();
      }
    });
    net.host("contoso.com").https().enqueue(silent());
    net.host("contoso.com").https().enqueue(silent());

    List<BatchItem> windowed = client.forEmails(List.of("jan@contoso.com"))
        .only(DiscoveryMethod.HTTPS_ROOT_DOMAIN, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN).resolve();
    List<BatchItem> strict = client.forEmails(List.of("jan@contoso.com"))
        .only(DiscoveryMethod.HTTPS_ROOT_DOMAIN, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN).strictPriority()
        .retriesOnTimeout(0).resolve();

    assertThat(windowed).singleElement().satisfies(item -> {
      assertThat(item.isSuccess()).isTrue();
      assertThat(root(item).outcome()).isEqualTo(AttemptOutcome.CANCELLED);
      assertThat(root(item).detail()).hasValue("no answer within the 1000 ms priority window after HTTPS"
          + " autodiscover domain answered; its answer was taken instead (strict priority would have waited)");
    });
    assertThat(strict).singleElement().satisfies(item -> {
      assertThat(item.isSuccess()).isTrue();
      assertThat(root(item).outcome()).isEqualTo(AttemptOutcome.TIMEOUT);
    });
  }
}
