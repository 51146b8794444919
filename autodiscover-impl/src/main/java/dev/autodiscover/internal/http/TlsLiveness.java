package dev.autodiscover.internal.http;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Remembers which servers have answered a TLS handshake (sent any TLS bytes), per host and port. A server
 * that never does is unreachable (filtered, blackholed), as opposed to merely slow to answer HTTP.
 * Thread-safe.
 */
public final class TlsLiveness {
  /** How long a sign of life counts: the JDK may reuse a connection that long without a new handshake. */
  private static final long MEMORY_NANOS = TimeUnit.MINUTES.toNanos(30);

  private final Map<String, Long> lastSignOfLife = new ConcurrentHashMap<>();

  void alive(String host, int port) {
    lastSignOfLife.put(key(host, port), System.nanoTime());
  }

  /** Whether the server at host and port has sent TLS bytes recently. */
  public boolean seenAlive(String host, int port) {
    Long last = lastSignOfLife.get(key(host, port));
    return last != null && System.nanoTime() - last < MEMORY_NANOS;
  }

  private static String key(String host, int port) {
    return host.toLowerCase(Locale.ROOT) + ":" + port;
  }
}
