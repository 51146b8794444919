package dev.autodiscover.internal.http;

import java.net.http.HttpClient;
import java.util.Objects;

/**
 * Ends the selector thread of a JDK 17 to 20 {@link HttpClient}, which has no API to stop it ({@code shutdownNow}
 * came with 21). Left alone, the thread waits in {@code epoll_wait} until the client is garbage collected, and the
 * JVM's exit then waits up to 300 ms for it to leave native code. The JDK's selector loop ends, closes its
 * connections and stops the client when its thread is interrupted; this finds that thread by the name the JDK
 * gives it ({@code HttpClient-<id>-SelectorManager}, with the id the client's {@code toString()} ends with) and
 * interrupts it. Does nothing if the thread is not found (another JDK's naming, or already ended). Stateless and
 * thread-safe.
 */
final class SelectorThread {
  private static final String SELECTOR_CLASS = "jdk.internal.net.http.HttpClientImpl$SelectorManager";

  private SelectorThread() {}

  /**
   * Interrupts the client's selector thread, if found.
   *
   * @param client a client of the JDK's own implementation, no longer used
   * @return whether a thread was interrupted
   * @throws NullPointerException if {@code client} is null
   */
  static boolean stop(HttpClient client) {
    Thread t = find(client);
    if (t == null) {
      return false;
    }
    t.interrupt();
    return true;
  }

  /**
   * Waits until the client's selector thread has ended, if it is still there: as it ends, the JDK's selector
   * loop closes the client's connections, so afterwards none of its sockets is open.
   *
   * @param client a client whose thread was {@linkplain #stop stopped}
   * @param limit the longest wait, which holds whatever that thread does
   * @throws InterruptedException if the waiting thread is interrupted
   */
  static void await(HttpClient client, java.time.Duration limit) throws InterruptedException {
    Thread t = find(client);
    if (t == null) {
      return;
    }
    // Not Thread.join: it locks the Thread object, which is the JDK's SelectorManager and the lock its loop holds.
    // JDK 17's selector can deadlock with its connection pool while it ends (seen in a benchmark probe: a worker
    // returning a connection to the pool while the interrupted selector cleans the pool up); join would then wait
    // for that lock for ever, past its limit.
    long deadline = System.nanoTime() + limit.toNanos();
    while (t.isAlive()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      Thread.sleep(Math.max(1, Math.min(5, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(left))));
    }
  }

  /** The client's selector thread, or null when it is not found (another JDK's naming, or already ended). */
  private static @org.jspecify.annotations.Nullable Thread find(HttpClient client) {
    String text = Objects.requireNonNull(client, "client").toString(); // jdk.internal.net.http.HttpClientImpl@1a2b(7)
    int open = text.lastIndexOf('(');
    if (open < 0 || !text.endsWith(")")) {
      return null;
    }
    String name = "HttpClient-" + text.substring(open + 1, text.length() - 1) + "-SelectorManager";
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] threads = new Thread[root.activeCount() + 16];
    int n = root.enumerate(threads, true);
    for (int i = 0; i < n; i++) {
      Thread t = threads[i];
      if (t.getName().equals(name) && t.getClass().getName().equals(SELECTOR_CLASS)) {
        return t;
      }
    }
    return null;
  }
}
