package dev.autodiscover.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
 * never waits for a task that has not begun to run; nobody waits for ever once the clients are closed. Closing frees
 * the HTTP client's threads, on JDK 17 (no API: the selector thread is interrupted) and on 21+.
 */
class HttpClientsTest {
  private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "HttpClientsTest-timers");
    t.setDaemon(true);
    return t;
  });

  @AfterAll
  static void stopTimers() {
    TIMERS.shutdownNow();
  }

  @Test
  void prefetch_makesTheTransportOnTheExecutor_andNothingOnceMadeOrClosed() {
    HttpClients clients = new HttpClients(null, null, Duration.ofSeconds(5), TIMERS);
    List<Runnable> tasks = new java.util.ArrayList<>();

    clients.prefetch(tasks::add);
    assertThat(tasks).hasSize(1);
    tasks.get(0).run();
    clients.prefetch(tasks::add); // made by the task: nothing more to do
    assertThat(tasks).hasSize(1);

    HttpClients closed = new HttpClients(null, null, Duration.ofSeconds(5), TIMERS);
    closed.close();
    closed.prefetch(tasks::add);
    assertThat(tasks).hasSize(1);
    clients.close();
  }

  @Test
  void shutDown_endsTheSelectorThreadOfATransport() throws InterruptedException {
    HttpClients clients = new HttpClients(null, null, Duration.ofSeconds(5), TIMERS);
    HttpTransport transport = clients.transport();
    Thread selector = selectorThreadOf(transport.client());

    assertThat(HttpClients.shutDown(transport)).isTrue();

    selector.join(30_000);
    assertThat(selector.isAlive()).as("selector thread %s after shutDown", selector.getName()).isFalse();
    clients.close();
  }

  @Test
  void awaitTermination_returnsOnlyOnceTheShutDownClientsThreadHasEnded() throws InterruptedException {
    HttpClients clients = new HttpClients(null, null, Duration.ofSeconds(5), TIMERS);
    HttpTransport transport = clients.transport();
    Thread selector = selectorThreadOf(transport.client());
    assertThat(HttpClients.shutDown(transport)).isTrue();

    HttpClients.awaitTermination(transport, Duration.ofSeconds(30)); // a batch lane hands its permits on after this

    // JDK 17-20: the thread closes the client's connections as it ends; 21+: awaitTermination says the same
    assertThat(selector.isAlive()).as("selector thread %s once awaitTermination returned", selector.getName())
        .isFalse();
    clients.close();
  }

  @Test
  void selectorAwait_keepsItsLimit_whileTheSelectorThreadsLockIsHeld() throws Exception {
    HttpClients clients = new HttpClients(null, null, Duration.ofSeconds(5), TIMERS);
    HttpTransport transport = clients.transport();
    Thread selector = selectorThreadOf(transport.client());
    java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    // As JDK 17's selector does when it deadlocks with its connection pool: its own lock is held and not let go.
    Thread holder = new Thread(() -> {
      synchronized (selector) {
        held.countDown();
        try {
          release.await(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    holder.start();
    held.await();
    try {
      long start = System.nanoTime();

      SelectorThread.await(transport.client(), Duration.ofMillis(200));

      long waited = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(waited).isBetween(200L, 5_000L); // Thread.join would wait for the lock: 30 s
    } finally {
      release.countDown();
      holder.join();
      clients.close();
    }
  }

  @Test
  void close_endsTheSelectorThreadOfAClientStillReferenced() throws InterruptedException {
    HttpClients clients = new HttpClients(null, null, Duration.ofSeconds(5), TIMERS);
    HttpTransport transport = clients.transport(); // held: the JDK 17 thread would otherwise end only after a GC
    Thread selector = selectorThreadOf(transport.client());
    assertThat(selector.isAlive()).isTrue();

    clients.close();

    selector.join(30_000);
    assertThat(selector.isAlive()).as("selector thread %s after close", selector.getName()).isFalse();
    assertThat(transport.client()).isNotNull();
  }

  @Test
  void close_twiceOrBeforeAnyUse_isHarmless() {
    HttpClients unused = new HttpClients(null, null, Duration.ofSeconds(5), TIMERS);
    unused.close();
    unused.close();

    HttpClients used = new HttpClients(null, null, Duration.ofSeconds(5), TIMERS);
    used.transport();
    used.close();
    used.close();
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
  /** The thread named {@code HttpClient-<id>-SelectorManager}, the id taken from the client's toString. */
  private static Thread selectorThreadOf(HttpClient client) {
    String text = client.toString();
    String name = "HttpClient-" + text.substring(text.lastIndexOf('(') + 1, text.length() - 1) + "-SelectorManager";
    List<Thread> matches = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(name))
        .toList();
    assertThat(matches).as("threads named %s among %s", name,
        Arrays.toString(Thread.getAllStackTraces().keySet().stream().map(Thread::getName).toArray())).hasSize(1);
    return matches.get(0);
  }
}
