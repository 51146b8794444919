package dev.autodiscover.internal.http;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers, per host and port (not per request), how far the latest TLS connections there got: when one began (the
 * JDK made its engine, before the TCP connect or the proxy's {@code CONNECT}), when one began its handshake (the
 * JDK's first call to wrap the ClientHello, made once the TCP connection and any tunnel are up), and when the server
 * last sent TLS bytes. A server that never sends any is unreachable (filtered, blackholed), as opposed to merely slow
 * to answer HTTP. Entries not touched for {@link #MEMORY_NANOS} are dropped now and then, so a long-lived client
 * that tries many hosts does not keep them all. Thread-safe.
 */
public final class TlsLiveness {
  /** Returned by {@link #connectingSince} when no connection there is stuck before its handshake. */
  public static final long NONE = Long.MIN_VALUE;
  /** How long a sign of life counts: the JDK may reuse a connection that long without a new handshake. */
  private static final long MEMORY_NANOS = TimeUnit.MINUTES.toNanos(30);
  /** Every this many connections begun, entries older than {@link #MEMORY_NANOS} are dropped. */
  private static final int PRUNE_EVERY = 1024;

  private final Map<String, Progress> progress = new ConcurrentHashMap<>();
  private final AtomicInteger begun = new AtomicInteger();

  /**
   * How far the connections to one host and port got ({@link System#nanoTime()} values; {@link #NONE}: never). Each
   * instant only moves forward, even when a thread that read the clock earlier stores it later.
   */
  static final class Progress {
    private final AtomicLong began = new AtomicLong(NONE);
    private final AtomicLong handshakeBegan = new AtomicLong(NONE);
    private final AtomicLong alive = new AtomicLong(NONE);

    void handshakeBegan() {
      advance(handshakeBegan);
    }

    void alive() {
      advance(alive);
    }

    private static void advance(AtomicLong instant) {
      long now = System.nanoTime();
      instant.accumulateAndGet(now, (old, t) -> old == NONE || t - old > 0 ? t : old);
    }

    /** The latest instant noted, or {@link #NONE}. */
    private long latest() {
      long latest = NONE;
      for (long t : new long[] {began.get(), handshakeBegan.get(), alive.get()}) {
        if (t != NONE && (latest == NONE || t - latest > 0)) {
          latest = t;
        }
      }
      return latest;
    }
  }

  /** Notes that a TLS connection to host and port begins now; its engine reports its progress to what is returned. */
  Progress begin(String host, int port) {
    if (begun.incrementAndGet() % PRUNE_EVERY == 0) {
      long now = System.nanoTime();
      // Each entry is tested and removed under its own bin's lock, which begin's compute also takes: an entry just
      // handed to a new connection has a fresh instant and stays (else that engine's reports would go nowhere).
      progress.forEach((k, v) -> progress.computeIfPresent(k, (key, p) -> {
        long latest = p.latest();
        return latest == NONE || now - latest > MEMORY_NANOS ? null : p;
      }));
    }
    return progress.compute(key(host, port), (k, v) -> {
      Progress p = v == null ? new Progress() : v;
      Progress.advance(p.began);
      return p;
    });
  }

  /** Whether the server at host and port has sent TLS bytes recently. */
  public boolean seenAlive(String host, int port) {
    Progress p = progress.get(key(host, port));
    return p != null && recent(p.alive.get());
  }

  /**
   * When the latest connection to host and port began, if it began at or after {@code sinceNanos} and no connection
   * to that host and port has begun a handshake recently (before or after): the TCP connect, or the proxy's
   * {@code CONNECT}, of connections begun since then is still unanswered. {@link #NONE} otherwise, also when no
   * connection began there since then (a request sent then may still wait for the JDK to start one). The connection
   * found need not be the one made for a request sent at {@code sinceNanos}: this is per host.
   *
   * @param sinceNanos when the request was sent ({@link System#nanoTime()})
   */
  public long connectingSince(String host, int port, long sinceNanos) {
    Progress p = progress.get(key(host, port));
    if (p == null || recent(p.handshakeBegan.get())) {
      return NONE;
    }
    long began = p.began.get();
    return began == NONE || began - sinceNanos < 0 ? NONE : began;
  }

  private static boolean recent(long instant) {
    return instant != NONE && System.nanoTime() - instant < MEMORY_NANOS;
  }

  /** Host (an IPv6 literal without its URI brackets: the engine may be named without them) and port. */
  private static String key(String host, int port) {
    String h = host.length() > 1 && host.startsWith("[") && host.endsWith("]")
        ? host.substring(1, host.length() - 1) : host;
    return h.toLowerCase(Locale.ROOT) + ":" + port;
  }
}
