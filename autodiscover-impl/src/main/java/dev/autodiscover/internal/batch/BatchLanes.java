package dev.autodiscover.internal.batch;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import dev.autodiscover.internal.http.HttpClients;
import dev.autodiscover.internal.http.HttpTransport;
import org.jspecify.annotations.Nullable;

/**
 * The connections of one batch: each domain of the batch is a {@link Lane}, and the batch's concurrency is a number
 * of permits that lanes hold. Each task of a lane runs on a JDK {@code HttpClient} of its own (see
 * {@link HttpClients#newLane()}), shut down when the task ends; the task's permit is used again only once that
 * client has closed its connections (JDK 21 and later: {@code shutdownNow}, then {@code awaitTermination}; 17 to 20:
 * its selector thread interrupted, then ended, which closes its connections). The JDK closes a connection
 * asynchronously, so a permit handed on at the end of the exchange could open its next connection while the last
 * one is still open: {@code BatchScaleBenchmark} saw 9 sockets for 8 permits that way. The client's shared
 * {@code HttpClient}, and so single discovery and its connection reuse, is not touched.
 *
 * <p>A task of a lane starts at once while the lane has fewer tasks in flight than permits; otherwise it takes a
 * free permit, or waits. A lane keeps the permits it took until its domain finishes (every address of the domain
 * has its item); then its permits go to waiting lanes, domains already started first, then new domains in input
 * order. So at most {@code permits} tasks (and task clients) are in flight at once, and a finished domain keeps no
 * connection: every task's client closes each connection as soon as its response is read (see
 * {@link HttpTransport}), and what the JDK still had open (a response without a declared length, chunked, is read
 * to its end) is closed when the client is shut down.
 *
 * <p>Why not keep-alive within a domain: {@code java.net.http} has no pool limit, the {@code jdk.httpclient.*} pool
 * properties are process-wide (left to the application), JDK 17 cannot shut a client down through an API (only
 * through its selector thread), and on JDK 25 clients shut down with pooled keep-alive connections stayed
 * reachable with their buffers (about 170 KB per finished domain, measured with {@code BatchScaleBenchmark}). The
 * cost is one TLS handshake per exchange (resumed: the task clients share one SSL context) and one client (a
 * selector thread) per task.
 *
 * <p>Open connections thus stay within one per permit for each host a task reaches at once: one for the usual
 * domain whose tasks all go to its {@code autodiscover.} host; a single discovery that tries several hosts in
 * parallel may open one per host it tries. Queued tasks are started on the executor, so that tasks completing at
 * once cannot nest starts on one stack. Thread-safe.
 */
final class BatchLanes {
  private final Executor executor;
  private final HttpClients clients;
  /** Lanes that hold permits, all in use, and have tasks waiting. */
  private final Queue<Lane> busy = new ArrayDeque<>();
  /** Lanes without permits whose first task waits, in the order they asked. */
  private final Queue<Lane> fresh = new ArrayDeque<>();
  /** Lanes not yet finished: a finished lane is let go, so that a long batch holds none of its finished domains. */
  private final java.util.Set<Lane> open = new java.util.LinkedHashSet<>();
  private int free;
  private boolean closed;

  BatchLanes(int permits, Executor executor, HttpClients clients) {
    if (permits < 1) {
      throw new IllegalArgumentException("permits must be positive: " + permits);
    }
    this.free = permits;
    this.executor = executor;
    this.clients = clients;
  }

  /** A new lane for a domain with {@code members} addresses. */
  Lane lane(int members) {
    Lane lane = new Lane(members);
    synchronized (this) {
      open.add(lane);
    }
    return lane;
  }

  /**
   * Shuts the client of every lane not yet finished down (the batch ended); later tasks fail with a
   * {@link CancellationException}.
   */
  void close() {
    java.util.List<Lane> left;
    synchronized (this) {
      closed = true;
      busy.clear();
      fresh.clear();
      left = new java.util.ArrayList<>(open);
    }
    for (Lane l : left) {
      l.finish();
    }
  }

  /** One domain of the batch: its client, its permits, its tasks. */
  final class Lane {
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int remaining;
    private int held;
    private int running;
    private boolean finished;
    /** The clients of the lane's tasks in flight, and of those whose connections are still closing. */
    private final java.util.Set<HttpTransport> transports = new java.util.HashSet<>();

    private Lane(int members) {
      this.remaining = members;
    }

    /**
     * Starts the task with this lane's transport when a permit allows; the returned future completes as the
     * task's does (with a {@link CancellationException} if the lane finished or the batch ended first).
     */
    <T> CompletableFuture<T> submit(Function<HttpTransport, CompletableFuture<T>> task) {
      CompletableFuture<T> result = new CompletableFuture<>();
      Runnable start = () -> {
        HttpTransport t = null;
        CompletableFuture<T> started;
        try {
          t = newTransport();
          started = task.apply(t);
        } catch (RuntimeException | Error e) {
          started = CompletableFuture.failedFuture(e);
        }
        HttpTransport used = t;
        started.whenComplete((value, failure) -> {
          if (failure != null) {
            result.completeExceptionally(failure);
          } else {
            result.complete(value);
          }
          retire(used);
        });
      };
      boolean now = false;
      synchronized (BatchLanes.this) {
        if (finished || closed) {
          result.completeExceptionally(new CancellationException("the batch or this domain has ended"));
          return result;
        }
        if (running < held) {
          running++;
          now = true;
        } else if (free > 0 && (held > 0 || fresh.isEmpty())) {
          free--;
          held++;
          running++;
          now = true;
        } else {
          boolean queued = !waiting.isEmpty();
          waiting.add(start);
          if (!queued) {
            (held > 0 ? busy : fresh).add(this);
          }
        }
      }
      if (now) {
        start.run();
      }
      return result;
    }

    /** A client of its own for one task, so that its connections are closed before its permit is used again. */
    private HttpTransport newTransport() {
      synchronized (BatchLanes.this) {
        if (finished || closed) {
          throw new CancellationException("the batch or this domain has ended");
        }
        HttpTransport t = clients.newLane();
        transports.add(t);
        return t;
      }
    }

    /**
     * Ends a task's client: shut down, and once it has closed its connections (JDK 21 and later:
     * {@code awaitTermination}; 17 to 20: its selector thread has ended) the task's permit starts the lane's next
     * task or, the lane finished, goes to other lanes. So a permit never has a connection open while its last one
     * is still closing.
     */
    private void retire(@Nullable HttpTransport t) {
      whenClosed(t == null ? java.util.List.of() : java.util.List.of(t), () -> closed(t));
    }

    private void closed(@Nullable HttpTransport t) {
      Runnable next;
      synchronized (BatchLanes.this) {
        transports.remove(t);
        running--;
        next = finished ? null : waiting.poll();
        if (next != null) {
          running++;
          if (waiting.isEmpty()) {
            busy.remove(this);
            fresh.remove(this);
          }
        }
      }
      if (next != null) {
        executor.execute(next);
      }
    }

    /** Notes that one of the domain's addresses has its item; the last one finishes the lane. */
    void memberDone() {
      boolean last;
      synchronized (BatchLanes.this) {
        last = --remaining == 0;
      }
      if (last) {
        finish();
      }
    }

    /**
     * Ends the lane: its permits go to other lanes once the clients of its tasks still in flight (or still closing)
     * are shut down and have closed their connections, at once if there are none. Idempotent.
     */
    private void finish() {
      int permits;
      java.util.List<HttpTransport> left;
      synchronized (BatchLanes.this) {
        if (finished) {
          return;
        }
        finished = true;
        open.remove(this);
        waiting.clear();
        busy.remove(this);
        fresh.remove(this);
        permits = held;
        held = 0;
        left = new java.util.ArrayList<>(transports);
      }
      whenClosed(left, () -> handOn(permits)); // aborts what is in flight
    }
  }

  /**
   * Shuts task clients down and runs {@code then} once they have closed their connections: on the executor after
   * {@link HttpClients#awaitTermination}, or at once when none needed shutting down (on JDK 17 to 20, a client
   * whose selector thread has already ended) or the executor refuses (the client is closing: nothing waits for
   * permits any more).
   */
  private void whenClosed(java.util.List<HttpTransport> clients, Runnable then) {
    java.util.List<HttpTransport> closing = clients.stream().filter(HttpClients::shutDown).toList();
    if (closing.isEmpty()) {
      then.run();
      return;
    }
    try {
      executor.execute(() -> {
        closing.forEach(t -> HttpClients.awaitTermination(t, CLOSE_WAIT));
        then.run();
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      then.run();
    }
  }

  /** The longest wait for a shut-down lane's connections to close before its permits go to another lane. */
  private static final java.time.Duration CLOSE_WAIT = java.time.Duration.ofSeconds(1);

  /** Adds permits to the free ones and starts waiting lanes with them: lanes already started first. */
  private void handOn(int permits) {
    java.util.List<Runnable> starts = new java.util.ArrayList<>();
    synchronized (this) {
      free += permits;
      while (free > 0 && !closed) {
        Lane next = busy.isEmpty() ? fresh.poll() : busy.poll();
        if (next == null) {
          break;
        }
        free--;
        next.held++;
        next.running++;
        starts.add(next.waiting.remove());
        if (!next.waiting.isEmpty()) {
          busy.add(next);
        }
      }
    }
    starts.forEach(executor::execute);
  }
}
