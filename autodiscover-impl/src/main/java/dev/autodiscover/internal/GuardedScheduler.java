package dev.autodiscover.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * A client's scheduler: an {@link Error} thrown by one of its tasks, which the task's future would otherwise keep
 * where nobody looks (a batch's deadline task, an attempt timeout), is recorded in the client's {@link FatalErrors}
 * and then kept by the task's future as before. {@code execute} and {@code submit} go through {@code schedule}.
 * Thread-safe.
 */
final class GuardedScheduler extends ScheduledThreadPoolExecutor {
  private final FatalErrors fatal;

  /**
   * A scheduler.
   *
   * @param threads core threads
   * @param factory makes them
   * @param fatal records the tasks' errors
   */
  GuardedScheduler(int threads, ThreadFactory factory, FatalErrors fatal) {
    super(threads, factory);
    this.fatal = fatal;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return super.schedule(fatal.guard(command), delay, unit);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return super.schedule(fatal.guardCall(callable), delay, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    return super.scheduleAtFixedRate(fatal.guard(command), initialDelay, period, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return super.scheduleWithFixedDelay(fatal.guard(command), initialDelay, delay, unit);
  }
}
