package dev.autodiscover.internal.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import dev.autodiscover.AutodiscoverException;
import dev.autodiscover.AutodiscoverTimeoutException;
import dev.autodiscover.BatchItem;
import dev.autodiscover.InvalidEmailAddressException;
import dev.autodiscover.internal.http.HttpClients;
import dev.autodiscover.internal.soap.SoapCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A thread blocked on a batch ends when the batch should end, also when what should have told it cannot: an error
 * recorded for the client, or a deadline whose timer never runs (its scheduler thread is stuck, or died for lack of
 * memory). Single discovery is a stub that never answers, so only the batch's own ending can end these batches.
 */
@Timeout(30) // a hang guard only
class BatchWaiterTest extends BatchTestSupport {
  private final CountDownLatch release = new CountDownLatch(1);
  private ScheduledThreadPoolExecutor scheduler;
  private ExecutorService executor;
  private HttpClients http;
  private BatchEngine engine;

  @BeforeEach
  void engine() {
    scheduler = new ScheduledThreadPoolExecutor(1);
    executor = Executors.newCachedThreadPool();
    http = new HttpClients(net.proxySelector(), net.clientSslContext(), Duration.ofSeconds(3), scheduler);
    engine = new BatchEngine((request, env, transport) -> new CompletableFuture<>(), SoapCodec.create(), http,
        scheduler, executor);
  }

  @AfterEach
  void stopEngine() {
    release.countDown();
    http.close();
    scheduler.shutdownNow();
    executor.shutdownNow();
  }

  @Test
  void get_deadlineTimerNeverRuns_endsAfterTheDeadlineWithEveryItemTimedOut() throws Exception {
    scheduler.execute(() -> { // the scheduler's only thread is held: the batch's deadline timer cannot fire
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    long start = System.nanoTime();

    List<BatchItem> items = engine.resolve(batch(List.of("a@contoso.com", "b@fabrikam.com"))
        .deadline(Duration.ofMillis(400))).get();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    assertThat(items).extracting(BatchItem::input).containsExactly("a@contoso.com", "b@fabrikam.com");
    assertThat(items).allSatisfy(item -> {
      AutodiscoverException e = item.failure().orElseThrow();
      assertThat(e).isInstanceOf(AutodiscoverTimeoutException.class)
          .hasMessage("No answer for " + item.input() + " within the batch's deadline of 400 ms.");
    });
  }

  @Test
  void get_errorRecordedForTheClient_endsTheRunningBatchWithThatErrorButNotALaterOne() throws Exception {
    CompletableFuture<List<BatchItem>> running = engine.resolve(batch(List.of("a@contoso.com")));
    OutOfMemoryError error = new OutOfMemoryError("deliberate");

    http.fatalErrors().record(error); // as a dying lane or scheduler thread does

    assertThatThrownBy(running::get).isInstanceOf(ExecutionException.class).cause().isSameAs(error);
    List<BatchItem> later = engine.resolve(batch(List.of("not-an-address"))).get();
    assertThat(later).singleElement().satisfies(item -> assertThat(item.failure().orElseThrow())
        .isInstanceOf(InvalidEmailAddressException.class));
  }

  @Test
  void join_errorRecordedForTheClient_endsWithACompletionExceptionCausedByIt() {
    CompletableFuture<List<BatchItem>> running = engine.resolve(batch(List.of("a@contoso.com")));
    StackOverflowError error = new StackOverflowError("deliberate");

    http.fatalErrors().record(error);

    assertThatThrownBy(running::join).isInstanceOf(java.util.concurrent.CompletionException.class).cause()
        .isSameAs(error);
  }

  @Test
  void get_errorRecordedBeforeTheBatchListens_stillEndsTheBatchWithIt() throws Exception {
    OutOfMemoryError error = new OutOfMemoryError("deliberate");
    // The batch's first scheduled task is its deadline timer: after it noted the error count, before it listens.
    // An error recorded then reaches it only through the count, as one whose telling ran out of memory.
    ScheduledThreadPoolExecutor recording = new ScheduledThreadPoolExecutor(1) {
      private boolean first = true;

      @Override
      public java.util.concurrent.ScheduledFuture<?> schedule(Runnable command, long delay,
          java.util.concurrent.TimeUnit unit) {
        if (first) {
          first = false;
          http.fatalErrors().record(error);
        }
        return super.schedule(command, delay, unit);
      }
    };
    try {
      BatchEngine engine = new BatchEngine((request, env, transport) -> new CompletableFuture<>(), SoapCodec.create(),
          http, recording, executor);

      CompletableFuture<List<BatchItem>> running = engine.resolve(batch(List.of("a@contoso.com")));

      assertThatThrownBy(running::get).isInstanceOf(ExecutionException.class).cause().isSameAs(error);
      assertThat(running).isCompletedExceptionally();
    } finally {
      recording.shutdownNow();
    }
  }
}
