package dev.autodiscover.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * How the shared transport is made: once, by whichever needs it first, the prefetch's task or a caller; a caller
 * never waits for a task that has not begun to run; nobody waits for ever once the clients are closed.
 */
class HttpClientsMakingTest {
  private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "HttpClientsMakingTest-timers");
    t.setDaemon(true);
    return t;
  });

  @AfterAll
  static void stopTimers() {
    TIMERS.shutdownNow();
  }

  @Test
  void transport_makesItHere_whenThePrefetchsTaskHasNotRunYet_andTheTaskThenDoesNothing() {
    HttpClients clients = new HttpClients(null, null, Duration.ofSeconds(5), TIMERS);
    List<Runnable> queued = new ArrayList<>(); // an executor whose threads are all busy: the task waits in its queue
    clients.prefetch(queued::add);
    CompletableFuture<HttpTransport> ready = clients.whenReady(queued::add);

    HttpTransport made = assertTimeoutPreemptively(Duration.ofSeconds(10), clients::transport);

    assertThat(ready).isCompletedWithValue(made);
    assertThat(queued).hasSize(1); // whenReady joined the prefetch's making instead of queueing another
    queued.get(0).run();
    assertThat(clients.transport()).isSameAs(made);
    clients.close();
  }

  @Test
  void whenReady_completesOnTheExecutor_withTheTransportEveryoneGets() {
    HttpClients clients = new HttpClients(null, null, Duration.ofSeconds(5), TIMERS);
    List<Runnable> queued = new ArrayList<>();

    CompletableFuture<HttpTransport> ready = clients.whenReady(queued::add);

    assertThat(ready).isNotDone();
    queued.get(0).run();
    assertThat(ready).isCompletedWithValue(clients.transport());
    assertThat(clients.whenReady(queued::add)).isCompletedWithValue(clients.transport());
    assertThat(queued).hasSize(1);
    clients.close();
  }

  @Test
  void close_failsAMakingThatHasNotRun_andItsTaskThenMakesNothing() {
    HttpClients clients = new HttpClients(null, null, Duration.ofSeconds(5), TIMERS);
    List<Runnable> queued = new ArrayList<>();
    CompletableFuture<HttpTransport> ready = clients.whenReady(queued::add);

    clients.close();

    assertThat(ready).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(IllegalStateException.class).withMessage("the Autodiscover client is closed");
    queued.get(0).run(); // the executor ran it after all (not shut down): the client it made is shut down at once
    assertThatThrownBy(clients::transport).isInstanceOf(IllegalStateException.class)
        .hasMessage("the Autodiscover client is closed");
  }

  @Test
  void anExecutorThatRefuses_failsThatWait_andALaterCallMakesTheTransport() {
    HttpClients clients = new HttpClients(null, null, Duration.ofSeconds(5), TIMERS);
    RejectedExecutionException refusal = new RejectedExecutionException("shut down");

    CompletableFuture<HttpTransport> ready = clients.whenReady(task -> {
      throw refusal;
    });

    assertThat(ready).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
        .havingCause().isSameAs(refusal);
    HttpTransport made = clients.transport();
    assertThat(clients.whenReady(task -> {
      throw refusal;
    })).isCompletedWithValue(made);
    clients.close();
  }
}
