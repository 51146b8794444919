package dev.autodiscover;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Waits for a future the way the blocking {@code resolve} methods promise. */
final class Await {
  private Await() {}

  /**
   * The future's value; its failure rethrown as it is when unchecked; an interrupt cancels the future,
   * restores the flag and becomes a {@link CancellationException} saying what was waited for.
   */
  static <T> T join(CompletableFuture<T> future, String waitingFor) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for " + waitingFor);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new CompletionException(cause);
    }
  }
}
