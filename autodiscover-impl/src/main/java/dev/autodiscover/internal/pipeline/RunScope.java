package dev.autodiscover.internal.pipeline;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The deadline and cancellation of one run of any kind (single discovery, batch, domain settings): when it
 * started, when it must end, how much time is left, whether the deadline has stopped work, and the
 * {@link CancelScope} under which all its requests and sub-runs are registered. A batch's deadline is its
 * request's deadline applied to the whole batch; cancelling the batch's scope cancels its sub-runs.
 * Thread-safe.
 */
public final class RunScope {
  private final long startNanos;
  private final long deadlineNanos;
  private final Duration deadline;
  private final CancelScope cancel = new CancelScope();
  private final AtomicBoolean deadlineReached = new AtomicBoolean();
  private volatile @Nullable ScheduledFuture<?> timer;

  private RunScope(long startNanos, Duration deadline) {
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive: " + deadline);
    }
    this.startNanos = startNanos;
    this.deadline = deadline;
    this.deadlineNanos = startNanos + deadline.toNanos();
  }

  /**
   * Starts the clock of a run now.
   *
   * @param deadline the run's overall deadline, positive
   * @return the scope
   * @throws IllegalArgumentException if the deadline is not positive
   */
  public static RunScope startNow(Duration deadline) {
    return new RunScope(System.nanoTime(), deadline);
  }

  /**
   * Calls {@code onDeadline} once when the deadline passes (unless {@link #close()} came first). Call once.
   *
   * @param scheduler runs the timer
   * @param onDeadline what the run does then; it should call {@link #markDeadlineReached()} and cancel
   */
  public void onDeadline(ScheduledExecutorService scheduler, Runnable onDeadline) {
    long left = deadlineNanos - System.nanoTime();
    timer = scheduler.schedule(onDeadline, Math.max(0, left), TimeUnit.NANOSECONDS);
  }

  /** Stops the deadline timer (the run is over). Does not cancel registered work. Idempotent. */
  public void close() {
    ScheduledFuture<?> t = timer;
    if (t != null) {
      t.cancel(false);
    }
  }

  /** {@link System#nanoTime()} at the start of the run. */
  public long startNanos() {
    return startNanos;
  }

  /** The overall deadline the run was given. */
  public Duration deadline() {
    return deadline;
  }

  /**
   * Whether the deadline passed more than {@code nanos} ago. Allocates nothing.
   *
   * @param nanos how long past the deadline, in nanoseconds
   * @return true once {@code nanos} have passed since the deadline
   */
  public boolean overdueBy(long nanos) {
    return System.nanoTime() - deadlineNanos > nanos;
  }

  /** Time left before the deadline; zero once it has passed. */
  public Duration remaining() {
    long left = deadlineNanos - System.nanoTime();
    return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
  }

  /** Time since the run started. */
  public Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /**
   * Caps a sub-run's or a send's own budget by the time left.
   *
   * @param budget the budget asked for
   * @return the smaller of {@code budget} and {@link #remaining()}
   */
  public Duration cap(Duration budget) {
    Duration left = remaining();
    return left.compareTo(budget) < 0 ? left : budget;
  }

  /**
   * Notes that work was stopped by the run's deadline rather than by its own budget.
   *
   * @return whether this call noted it (false when it was noted before)
   */
  public boolean markDeadlineReached() {
    return deadlineReached.compareAndSet(false, true);
  }

  /** Whether {@link #markDeadlineReached()} was called. */
  public boolean deadlineReached() {
    return deadlineReached.get();
  }

  /** The run's cancellation scope (children of it serve parts of the run). */
  public CancelScope cancelScope() {
    return cancel;
  }

  /**
   * Registers work of the run so that cancelling the run cancels it.
   *
   * @param future the work
   * @param <F> its type
   * @return {@code future}
   */
  public <F extends Future<?>> F register(F future) {
    return cancel.register(future);
  }

  /** Cancels everything registered in the run. Idempotent. */
  public void cancel() {
    cancel.cancel();
  }

  /** Whether the run was cancelled. */
  public boolean isCancelled() {
    return cancel.isCancelled();
  }
}
