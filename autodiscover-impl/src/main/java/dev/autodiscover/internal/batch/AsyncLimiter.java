package dev.autodiscover.internal.batch;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Runs asynchronous tasks with at most a fixed number in flight; the rest wait in FIFO order. A task counts
 * as in flight from when it is started until its future completes. Waiting tasks are started on an executor,
 * so that tasks completing at once cannot nest starts on one stack. Thread-safe.
 */
final class AsyncLimiter {
  private final int permits;
  private final Executor executor;
  private final Queue<Runnable> waiting = new ArrayDeque<>();
  private int running;

  AsyncLimiter(int permits, Executor executor) {
    if (permits < 1) {
      throw new IllegalArgumentException("permits must be positive: " + permits);
    }
    this.permits = permits;
    this.executor = executor;
  }

  /** Starts the task when a permit is free; the returned future completes as the task's does. */
  <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Runnable start = () -> {
      CompletableFuture<T> started;
      try {
        started = task.get();
      } catch (RuntimeException | Error e) {
        started = CompletableFuture.failedFuture(e);
      }
      started.whenComplete((value, failure) -> {
        release();
        if (failure != null) {
          result.completeExceptionally(failure);
        } else {
          result.complete(value);
        }
      });
    };
    boolean now;
    synchronized (this) {
      now = running < permits;
      if (now) {
        running++;
      } else {
        waiting.add(start);
      }
    }
    if (now) {
      start.run();
    }
    return result;
  }

  private void release() {
    Runnable next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        running--;
      }
    }
    if (next != null) {
      executor.execute(next);
    }
  }
}
