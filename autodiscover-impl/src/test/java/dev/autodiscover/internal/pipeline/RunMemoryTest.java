package dev.autodiscover.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.ref.WeakReference;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.FutureTask;
import dev.autodiscover.Attempt;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.spi.AutodiscoverEventListener;
import org.junit.jupiter.api.Test;

/**
 * What a long run (a batch) keeps of work that has ended: its cancellation scope lets completed requests go, and a
 * batch's recorder reports attempts without keeping them.
 */
class RunMemoryTest {
  @Test
  void cancelScope_letsACompletedFutureGo_andStillCancelsThePendingOnes() {
    CancelScope scope = new CancelScope();
    CompletableFuture<String> done = scope.register(new CompletableFuture<>());
    CompletableFuture<String> failed = scope.register(new CompletableFuture<>());
    CompletableFuture<String> pending = scope.register(new CompletableFuture<>());
    scope.register(CompletableFuture.completedFuture("already done"));
    assertThat(scope.held()).isEqualTo(3);

    done.complete("response");
    failed.completeExceptionally(new IllegalStateException("no answer"));

    assertThat(scope.held()).isEqualTo(1);
    scope.cancel();
    assertThat(pending).isCancelled();
    assertThat(done).isCompletedWithValue("response");
    assertThat(scope.held()).isZero();
  }

  @Test
  void cancelScope_keepsOtherFuturesUntilCancelled_andCancelsLateOnesAtOnce() {
    CancelScope scope = new CancelScope();
    FutureTask<String> task = scope.register(new FutureTask<>(() -> "x"));
    CancelScope child = scope.child();
    CompletableFuture<String> inChild = child.register(new CompletableFuture<>());

    assertThat(scope.held()).isEqualTo(1);
    scope.cancel();

    assertThat(task).isCancelled();
    assertThat(inChild).isCancelled();
    assertThat(child.isCancelled()).isTrue();
    CompletableFuture<String> late = scope.register(new CompletableFuture<>());
    assertThat(late).isCancelled();
    assertThat(scope.held()).isZero();
  }

  @Test
  void cancelScope_cancelsInRegistrationOrder() {
    CancelScope scope = new CancelScope();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      int n = i;
      scope.register(new CompletableFuture<String>()).whenComplete((r, e) -> order.add(n));
    }

    scope.cancel();

    assertThat(order).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
  }

  @Test
  void batchRecorder_reportsEveryAttempt_butKeepsNoneForATrace() {
    List<String> events = new ArrayList<>();
    AutodiscoverEventListener listener = new AutodiscoverEventListener() {
      @Override
      public void attemptStart(long runId, long attemptId, DiscoveryMethod method, String httpMethod, URI url) {
        events.add("start " + attemptId + " " + httpMethod + " " + url);
      }

      @Override
      public void attemptEnd(long runId, long attemptId, Attempt attempt) {
        events.add("end " + attemptId + " " + attempt.outcome().code());
      }
    };
    TraceRecorder batch = TraceRecorder.forBatch(System.nanoTime(), listener);
    TraceRecorder single = TraceRecorder.forNewRun(System.nanoTime(), listener);
    EmailAddress jan = EmailAddress.parse("jan@contoso.com");
    URI url = URI.create("https://autodiscover.contoso.com/autodiscover/autodiscover.svc");

    for (TraceRecorder r : List.of(batch, single)) {
      TraceRecorder.InFlight f = r.start(new TraceRecorder.Position(0, 0, 0), DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN,
          jan, "POST", url);
      f.end(f.builder(AttemptOutcome.SETTINGS).build());
      r.record(new TraceRecorder.Position(0, 1, 0), r.unsent(DiscoveryMethod.DNS_SRV, AttemptOutcome.EXCLUDED, jan, 0)
          .build());
    }

    assertThat(events).containsExactly("start 1 POST " + url, "end 1 settings", "end -1 excluded",
        "start 1 POST " + url, "end 1 settings", "end -1 excluded");
    assertThat(single.snapshot().attempts()).extracting(Attempt::outcome)
        .containsExactly(AttemptOutcome.SETTINGS, AttemptOutcome.EXCLUDED);
    assertThatThrownBy(batch::snapshot).isInstanceOf(IllegalStateException.class)
        .hasMessage("a batch's recorder keeps no attempts");
    assertThat(batch.runId()).isNotEqualTo(single.runId());
  }

  @Test
  void batchRecorder_holdsNoEndedAttempt() {
    TraceRecorder batch = TraceRecorder.forBatch(System.nanoTime(), new AutodiscoverEventListener() {});
    EmailAddress jan = EmailAddress.parse("jan@contoso.com");
    WeakReference<Attempt> recorded = recordOne(batch, jan);
    WeakReference<Attempt> ended = endOne(batch, jan);

    for (int i = 0; i < 20 && (recorded.get() != null || ended.get() != null); i++) {
      System.gc();
    }

    assertThat(recorded.get()).isNull();
    assertThat(ended.get()).isNull();
  }

  private static WeakReference<Attempt> recordOne(TraceRecorder r, EmailAddress address) {
    Attempt a = r.unsent(DiscoveryMethod.SCP, AttemptOutcome.EXCLUDED, address, 0).build();
    r.record(new TraceRecorder.Position(0, 0, 0), a);
    return new WeakReference<>(a);
  }

  private static WeakReference<Attempt> endOne(TraceRecorder r, EmailAddress address) {
    TraceRecorder.InFlight f = r.start(new TraceRecorder.Position(0, 1, 0), DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN,
        address, "POST", URI.create("https://autodiscover.contoso.com/autodiscover/autodiscover.svc"));
    Attempt a = f.builder(AttemptOutcome.SETTINGS).build();
    f.end(a);
    return new WeakReference<>(a);
  }
}
