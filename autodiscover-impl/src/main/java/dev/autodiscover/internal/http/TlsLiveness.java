package dev.autodiscover.internal.http;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Remembers, per host and port, how far the latest TLS connections got: when one began (its engine was created,
 * before the TCP connect or the proxy's {@code CONNECT}), when one sent its ClientHello (so the TCP connection, and
 * any tunnel, was up), and when the server last sent TLS bytes. A server that never sends any is unreachable
 * (filtered, blackholed), as opposed to merely slow to answer HTTP; a connection that never gets as far as its
 * ClientHello never reached the server at all. Thread-safe.
 */
public final class TlsLiveness {
  /** Returned by {@link #connectingSince} when no connection is stuck before its ClientHello. */
  public static final long NONE = Long.MIN_VALUE;
  /** How long a sign of life counts: the JDK may reuse a connection that long without a new handshake. */
  private static final long MEMORY_NANOS = TimeUnit.MINUTES.toNanos(30);

  private final Map<String, Progress> progress = new ConcurrentHashMap<>();

  /** How far the connections to one host and port got ({@link System#nanoTime()} values; {@link #NONE}: never). */
  static final class Progress {
    private volatile long began = NONE;
    private volatile long helloSent = NONE;
    private volatile long alive = NONE;

    void began() {
      began = System.nanoTime();
    }

    void helloSent() {
      helloSent = System.nanoTime();
    }

    void alive() {
      alive = System.nanoTime();
    }
  }

  /** Notes that a TLS connection to host and port begins now; its engine reports its progress to what is returned. */
  Progress begin(String host, int port) {
    Progress p = progress.computeIfAbsent(key(host, port), k -> new Progress());
    p.began();
    return p;
  }

  /** Whether the server at host and port has sent TLS bytes recently. */
  public boolean seenAlive(String host, int port) {
    Progress p = progress.get(key(host, port));
    long last = p == null ? NONE : p.alive;
    return last != NONE && System.nanoTime() - last < MEMORY_NANOS;
  }

  /**
   * When the latest connection to host and port began, if it began at or after {@code sinceNanos} and no connection
   * there has sent its ClientHello since then: the TCP connect (or the proxy's {@code CONNECT}) of a request sent at
   * {@code sinceNanos} is still unanswered. {@link #NONE} otherwise, also when no connection began since then (the
   * request may wait for the JDK to start one, or use a pooled one).
   *
   * @param sinceNanos when the request was sent ({@link System#nanoTime()})
   */
  public long connectingSince(String host, int port, long sinceNanos) {
    Progress p = progress.get(key(host, port));
    if (p == null) {
      return NONE;
    }
    long hello = p.helloSent;
    long began = p.began;
    if (began == NONE || began - sinceNanos < 0 || (hello != NONE && hello - sinceNanos >= 0)) {
      return NONE;
    }
    return began;
  }

  private static String key(String host, int port) {
    return host.toLowerCase(Locale.ROOT) + ":" + port;
  }
}
