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
 * The connections of one batch: each domain of the batch is a {@link Lane} with its own JDK {@code HttpClient}
 * (made when the domain's first task starts, see {@link HttpClients#newLane()}), and the batch's concurrency is a
 * number of permits that lanes hold. The client's shared {@code HttpClient}, and so single discovery and its
 * connection reuse, is not touched.
 *
 * <p>A task of a lane starts at once while the lane has fewer tasks in flight than permits; otherwise it takes a
 * free permit, or waits. A lane keeps the permits it took until its domain finishes (every address of the domain
 * has its item); then its client is dropped and its permits go to waiting lanes, domains already started first,
 * then new domains in input order. So at most {@code permits} tasks are in flight and at most {@code permits}
 * domains (and lane clients) are open at once, and a finished domain keeps no connection: every lane closes each
 * connection as soon as its response is read (see {@link HttpTransport}).
 *
 * <p>The finished lane's client is also shut down, which closes what the JDK still had open (it may return a
 * connection to its pool before the last bytes reach the lane, and a response without a declared length, chunked,
 * is read to its end): on JDK 21 and later with {@code shutdownNow}, its permits handed on once
 * {@code awaitTermination} returns; on 17 to 20 by interrupting its selector thread, its permits handed on once
 * that thread has ended, closing the client's connections (see {@code HttpClients.awaitTermination}).
 *
 * <p>Why not keep-alive within a domain and a shut-down per lane: {@code java.net.http} has no pool limit, the
 * {@code jdk.httpclient.*} pool properties are process-wide (left to the application), JDK 17 cannot shut a
 * client down through an API (only through its selector thread), and on JDK 25 clients shut down with pooled keep-alive connections stayed reachable with their
 * buffers (about 170 KB per finished domain, measured with {@code BatchScaleBenchmark}). The cost is one TLS
 * handshake per exchange (resumed: the lanes share one SSL context).
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
    private @Nullable HttpTransport transport;

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
        CompletableFuture<T> started;
        try {
          started = task.apply(transport());
        } catch (RuntimeException | Error e) {
          started = CompletableFuture.failedFuture(e);
        }
        started.whenComplete((value, failure) -> {
          released();
          if (failure != null) {
            result.completeExceptionally(failure);
          } else {
            result.complete(value);
          }
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

    private HttpTransport transport() {
      HttpTransport t;
      synchronized (BatchLanes.this) {
        if (finished || closed) {
          throw new CancellationException("the batch or this domain has ended");
        }
        t = transport;
        if (t == null) {
          t = clients.newLane();
          transport = t;
        }
      }
      return t;
    }

    private void released() {
      Runnable next;
      synchronized (BatchLanes.this) {
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
     * Shuts the lane's client down and hands its permits on: on JDK 21 and later once {@code shutdownNow} and
     * {@code awaitTermination} (on the executor) closed what it still had open; on 17 to 20 once its interrupted
     * selector thread has ended, which closes the client's connections. Idempotent.
     */
    private void finish() {
      int permits;
      HttpTransport t;
      synchronized (BatchLanes.this) {
        if (finished) {
          return;
        }
        finished = true;
        open.remove(this);
        t = transport;
        transport = null;
        waiting.clear();
        busy.remove(this);
        fresh.remove(this);
        permits = held;
        held = 0;
      }
      if (t == null || !HttpClients.shutDown(t)) {
        handOn(permits);
        return;
      }
      try {
        executor.execute(() -> {
          HttpClients.awaitTermination(t, CLOSE_WAIT);
          handOn(permits);
        });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        handOn(permits); // the client is closing: nothing waits for permits any more
      }
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
