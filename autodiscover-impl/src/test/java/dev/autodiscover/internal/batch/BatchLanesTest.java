package dev.autodiscover.internal.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import dev.autodiscover.internal.http.HttpClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How a batch's lanes share its permits (no traffic: the tasks are futures the test completes). */
class BatchLanesTest {
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final HttpClients clients = new HttpClients(null, null, Duration.ofSeconds(1), scheduler);
  private final List<String> started = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stop() {
    clients.close();
    scheduler.shutdownNow();
    executor.shutdownNow();
  }

  private CompletableFuture<Void> task(BatchLanes.Lane lane, String name, CompletableFuture<Void> done) {
    return lane.submit(transport -> {
      started.add(name);
      return done;
    });
  }

  /** Waits until the executor ran what was queued before now (it is single-threaded). */
  private void settle() throws Exception {
    for (int i = 0; i < 3; i++) {
      executor.submit(() -> { }).get(5, TimeUnit.SECONDS);
      Thread.sleep(20); // a lane's shut-down may wait on the executor for the JDK to close its connections
    }
  }

  @Test
  void submit_permitsHeldUntilTheDomainFinishes_thenStartedDomainsBeforeNewOnes() throws Exception {
    BatchLanes lanes = new BatchLanes(2, executor, clients);
    BatchLanes.Lane a = lanes.lane(1);
    BatchLanes.Lane b = lanes.lane(1);
    BatchLanes.Lane c = lanes.lane(1);
    CompletableFuture<Void> a1 = new CompletableFuture<>();
    CompletableFuture<Void> b1 = new CompletableFuture<>();
    CompletableFuture<Void> b2 = new CompletableFuture<>();
    CompletableFuture<Void> b3 = new CompletableFuture<>();

    task(a, "a1", a1);
    task(b, "b1", b1);
    task(c, "c1", new CompletableFuture<>());
    a1.complete(null);
    task(a, "a2", new CompletableFuture<>()); // a still holds its permit: starts at once
    task(b, "b2", b2); // b needs a second permit: waits, ahead of the new domain c
    settle();
    assertThat(started).containsExactly("a1", "b1", "a2");

    a.memberDone(); // a's domain is finished: its permit goes to b, which already started
    settle();
    assertThat(started).containsExactly("a1", "b1", "a2", "b2");

    b1.complete(null);
    b2.complete(null);
    settle(); // a permit is free again once its task's client has closed its connections
    task(b, "b3", b3); // b holds two permits now
    b.memberDone();
    settle();
    assertThat(started).containsExactly("a1", "b1", "a2", "b2", "b3", "c1");
  }

  @Test
  void submit_aPermitIsUsedAgainOnlyOnceTheLastTasksClientHasEnded() throws Exception {
    BatchLanes lanes = new BatchLanes(1, executor, clients);
    BatchLanes.Lane a = lanes.lane(2);
    AtomicReference<java.net.http.HttpClient> first = new AtomicReference<>();
    AtomicReference<String> atSecondStart = new AtomicReference<>();
    CompletableFuture<Void> a1 = new CompletableFuture<>();
    a.submit(transport -> {
      first.set(transport.client());
      return a1;
    });
    a1.complete(null);

    CompletableFuture<Void> second = a.submit(transport -> {
      atSecondStart.set((transport.client() == first.get() ? "same client, " : "own client, ")
          + (selectorThreadAlive(first.get()) ? "first client's thread alive" : "first client's thread ended"));
      return CompletableFuture.completedFuture(null);
    });
    second.get(5, TimeUnit.SECONDS);

    // the JDK closes the first task's connections as its selector thread ends: no second socket under one permit
    assertThat(atSecondStart).hasValue("own client, first client's thread ended");
  }

  private static boolean selectorThreadAlive(java.net.http.HttpClient client) {
    String text = client.toString();
    String name = "HttpClient-" + text.substring(text.lastIndexOf('(') + 1, text.length() - 1) + "-SelectorManager";
    return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
  }

  @Test
  void submit_afterTheLaneFinished_failsWithoutStarting() throws Exception {
    BatchLanes lanes = new BatchLanes(1, executor, clients);
    BatchLanes.Lane a = lanes.lane(1);
    a.memberDone();

    CompletableFuture<Void> late = task(a, "late", new CompletableFuture<>());

    assertThat(late).isCompletedExceptionally();
    assertThat(started).isEmpty();
  }
}
