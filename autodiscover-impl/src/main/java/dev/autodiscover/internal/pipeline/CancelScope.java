package dev.autodiscover.internal.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * A tree of cancellable work. Cancelling a scope cancels every future registered in it and in its
 * children, and makes later registrations cancel at once. Thread-safe.
 *
 * <p>A scope holds only work that may still need cancelling: a registered {@link CompletableFuture} is let go
 * as soon as it completes (a batch registers every request it sends in one scope, and each completed future
 * holds its response until then), and a future already done is not held at all. Other kinds of future are
 * held until the scope is cancelled.
 */
public final class CancelScope {
  /** In registration order; futures compare by identity. */
  private final Set<Future<?>> futures = new LinkedHashSet<>();
  private final List<CancelScope> children = new ArrayList<>();
  private boolean cancelled;

  /** Creates a child scope that is cancelled with this one. */
  public CancelScope child() {
    CancelScope child = new CancelScope();
    synchronized (this) {
      if (!cancelled) {
        children.add(child);
        return child;
      }
    }
    child.cancel();
    return child;
  }

  /** Registers a future; cancels it at once if the scope is already cancelled. Returns the future. */
  public <F extends Future<?>> F register(F future) {
    synchronized (this) {
      if (!cancelled) {
        if (!future.isDone()) {
          futures.add(future);
          if (future instanceof CompletableFuture<?> f) {
            f.whenComplete((r, e) -> forget(f)); // at once if it completed meanwhile
          }
        }
        return future;
      }
    }
    future.cancel(true);
    return future;
  }

  private synchronized void forget(Future<?> done) {
    futures.remove(done);
  }

  /**
   * How many registered futures this scope still holds: those not yet done, and other futures than
   * {@link CompletableFuture}s until the scope is cancelled. Not counting children.
   *
   * @return the count, zero after {@link #cancel()}
   */
  public synchronized int held() {
    return futures.size();
  }

  /** Whether {@link #cancel()} was called on this scope or an ancestor. */
  public synchronized boolean isCancelled() {
    return cancelled;
  }

  /** Cancels everything registered here and below. Idempotent. */
  public void cancel() {
    List<Future<?>> toCancel;
    List<CancelScope> childScopes;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      toCancel = new ArrayList<>(futures);
      childScopes = new ArrayList<>(children);
      futures.clear();
      children.clear();
    }
    childScopes.forEach(CancelScope::cancel);
    toCancel.forEach(f -> f.cancel(true));
  }
}
