package dev.autodiscover.internal;

import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Error}s (an {@link OutOfMemoryError}, say) that escaped one Autodiscover client's threads, or work the
 * JDK runs for it, where no future of ours would see them. Recording one needs no memory: it is a field write and a
 * counter step, so that it still happens when the heap is exhausted; the listeners are told afterwards, as far as
 * memory allows. A batch notes {@link #count()} when it starts and ends with the error when the count moves (see
 * {@link #since}), also when telling it failed. As a thread's {@link Thread.UncaughtExceptionHandler}, it records an
 * {@code Error} that ends the thread and then hands the throwable on to the thread's group, as the JVM does without
 * a handler. Thread-safe.
 */
public final class FatalErrors implements Thread.UncaughtExceptionHandler {
  private final AtomicInteger count = new AtomicInteger();
  private volatile @Nullable Error last;
  private final Set<Consumer<Error>> listeners = ConcurrentHashMap.newKeySet();

  /**
   * Records an error, then tells each listener. Never throws for a non-null error: a listener's failure (another
   * error, for lack of memory) is dropped, since the record already stands.
   *
   * @param e the error, not null
   * @throws NullPointerException if {@code e} is null
   */
  public void record(Error e) {
    // Nothing before the record may allocate, also on its first run (when the heap may already be exhausted): no
    // string constant (resolving one creates the String), no lambda, no concatenation.
    if (e == null) {
      throw new NullPointerException();
    }
    last = e; // before the count moves: a reader that sees the new count sees this error
    count.incrementAndGet();
    Iterator<Consumer<Error>> each;
    try {
      each = listeners.iterator();
    } catch (Throwable noMemory) {
      return; // whoever noted the count sees the error without being told
    }
    while (each.hasNext()) {
      try {
        each.next().accept(e);
      } catch (Throwable again) {
        // Out of memory again, most likely: this listener's batch sees the error through the count; tell the rest.
      }
    }
  }

  /** {@return how many errors were recorded so far} */
  public int count() {
    return count.get();
  }

  /**
   * The last error recorded since {@link #count()} returned {@code mark}, without allocating.
   *
   * @param mark an earlier {@link #count()}
   * @return the last error recorded since then, or null if none was
   */
  public @Nullable Error since(int mark) {
    return count.get() != mark ? last : null;
  }

  /**
   * Registers what to do when an error is recorded; called on the recording thread, and maybe not at all when memory
   * has run out (see {@link #since}).
   *
   * @param listener called with the error, not null
   * @return removes the listener; idempotent
   */
  public Runnable listen(Consumer<Error> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /**
   * Runs a task, recording an {@link Error} it throws before rethrowing it. On a thread whose uncaught-exception
   * handler is this object, such an error is recorded twice (here, then as it ends the thread): harmless, the count
   * only has to move.
   *
   * @param task the task, not null
   * @return a task that does the same and records its errors
   */
  public Runnable guard(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (Error e) {
        record(e);
        throw e;
      }
    };
  }

  /**
   * Calls a task, recording an {@link Error} it throws before rethrowing it, as {@link #guard(Runnable)} does.
   *
   * @param task the task, not null
   * @param <V> its result
   * @return a task that does the same and records its errors
   */
  public <V> Callable<V> guardCall(Callable<V> task) {
    return () -> {
      try {
        return task.call();
      } catch (Error e) {
        record(e);
        throw e;
      }
    };
  }

  @Override
  public void uncaughtException(Thread t, Throwable e) {
    if (e instanceof Error error) {
      record(error);
    }
    t.getThreadGroup().uncaughtException(t, e);
  }
}
