package dev.autodiscover.internal;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A value made once, when first asked for: the SDK's heavy parts (JAXB contexts, JSON mappers) cost a process
 * only when a run uses them. Thread-safe: concurrent first calls make the value once, and the others wait for it.
 * A supplier that throws leaves nothing behind: the exception reaches the caller, and the next call tries again
 * (a missing runtime fails every use the same way instead of once as an {@link ExceptionInInitializerError}).
 *
 * @param <T> the value's type
 */
public final class Lazy<T> {
  private final Supplier<? extends T> supplier;
  private volatile @Nullable T value;

  private Lazy(Supplier<? extends T> supplier) {
    this.supplier = supplier;
  }

  /**
   * A value made by {@code supplier} on the first {@link #get()}.
   *
   * @param <T> the value's type
   * @param supplier makes the value; must not return null; called at most once unless it throws
   * @return the lazy value
   * @throws NullPointerException if {@code supplier} is null
   */
  public static <T> Lazy<T> of(Supplier<? extends T> supplier) {
    return new Lazy<>(Objects.requireNonNull(supplier, "supplier"));
  }

  /**
   * The value, made now by the calling thread if no other thread made it or is making it.
   *
   * @return the value, never null
   * @throws RuntimeException whatever the supplier threw (the next call tries again)
   * @throws NullPointerException if the supplier returned null
   */
  public T get() {
    T v = value;
    if (v == null) {
      synchronized (this) {
        v = value;
        if (v == null) {
          v = Objects.requireNonNull(supplier.get(), "the supplier returned null");
          value = v;
        }
      }
    }
    return v;
  }

  /**
   * Whether the value has been made.
   *
   * @return true once a {@link #get()} returned
   */
  public boolean isMade() {
    return value != null;
  }

  /**
   * Starts making the value on {@code executor} unless it is made, so that a later {@link #get()} finds it ready
   * (or waits only for the rest of the work). Failures are left to that later {@code get()}, which tries again.
   *
   * @param executor runs the work; one that refuses it changes nothing
   * @throws NullPointerException if {@code executor} is null
   */
  public void prefetch(Executor executor) {
    Objects.requireNonNull(executor, "executor");
    if (value != null) {
      return;
    }
    try {
      executor.execute(() -> {
        try {
          get();
        } catch (RuntimeException | LinkageError e) {
          // left to the caller's get(), which tries again and reports it
        }
      });
    } catch (RejectedExecutionException e) {
      // a shut-down executor: get() makes the value when asked
    }
  }

  @Override
  public String toString() {
    return value != null ? "Lazy[made]" : "Lazy[not made]";
  }
}
