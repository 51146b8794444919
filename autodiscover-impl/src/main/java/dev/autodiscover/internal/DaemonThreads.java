package dev.autodiscover.internal;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes a client's daemon threads: named {@code <prefix><n>}, with the client's {@link FatalErrors} as their
 * uncaught-exception handler, so that an {@link Error} ending one is recorded for the client's batches.
 * Thread-safe.
 */
public final class DaemonThreads implements ThreadFactory {
  private final String prefix;
  private final AtomicInteger ids;
  private final FatalErrors fatal;

  /**
   * A factory.
   *
   * @param prefix the threads' name before their number, not null
   * @param ids numbers the threads; may be shared by several factories, not null
   * @param fatal records an {@code Error} that ends a thread, not null
   */
  public DaemonThreads(String prefix, AtomicInteger ids, FatalErrors fatal) {
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.ids = Objects.requireNonNull(ids, "ids");
    this.fatal = Objects.requireNonNull(fatal, "fatal");
  }

  /**
   * A new daemon thread, not started.
   *
   * @param r what it runs, not null
   * @return the thread
   */
  @Override
  public Thread newThread(Runnable r) {
    Thread t = new Thread(r, prefix + ids.incrementAndGet());
    t.setDaemon(true);
    t.setUncaughtExceptionHandler(fatal);
    return t;
  }
}
