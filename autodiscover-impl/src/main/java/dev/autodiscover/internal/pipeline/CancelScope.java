package dev.autodiscover.internal.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * A tree of cancellable work. Cancelling a scope cancels every future registered in it and in its
 * children, and makes later registrations cancel at once. Thread-safe.
 */
public final class CancelScope {
  private final List<Future<?>> futures = new ArrayList<>();
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
        futures.add(future);
        return future;
      }
    }
    future.cancel(true);
    return future;
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
