package dev.autodiscover.internal.engine;

import dev.autodiscover.internal.http.TlsLiveness;

import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * When a higher-priority HTTPS request still pending, to a server that has never sent a TLS byte, is presumed
 * unreachable once a lower-priority method has answered (one at a time, it would have timed out).
 *
 * <p>The request is let go once it has been in flight at least 90% of the time the winning method ran. That time
 * has a floor, so that scheduling jitter does not decide against a live server that is merely slow to show it:
 * <ul>
 *   <li>{@value #FLOOR_MILLIS} ms in general: a live loopback server's first TLS byte comes 2 to 15 ms after its
 *       connection begins on these 2-core machines (the server signs its handshake; both sides have to be
 *       scheduled);
 *   <li>{@value #OVERTAKEN_FLOOR_MILLIS} ms when the request was <em>overtaken</em>: its connection has begun but
 *       not its handshake (the TCP connect, or the proxy's {@code CONNECT}, is unanswered: a blackholed host, a
 *       proxy that cannot reach it; no connection to that host has begun a handshake recently either), while the
 *       winner's answering request, sent no earlier, was answered in full. Getting a connection up costs a round
 *       trip to the server or the proxy (for a live loopback server through the testkit's proxy here, engine made
 *       to first wrap: median 1.2 ms, 99th percentile 5.4 ms); the winner's request and answer, over a new
 *       connection or a kept-alive one, cost at least one round trip too, through the same path when a proxy is
 *       used. Being overtaken is a sign of its
 *       own, not only the passing of time. A proxy that must first look up a name it has never seen can be slower
 *       than that; the floor is what bounds that case.
 * </ul>
 * Whether the winner's request was sent no earlier is a race when methods start together (no stagger): then either
 * floor may apply. Pure functions; thread-safe.
 */
final class UnreachableRule {
  /** What {@link TlsLiveness#connectingSince} and {@link StrategyContext#answerSentNanos()} return for "none". */
  static final long NONE = TlsLiveness.NONE;
  static final long FLOOR_MILLIS = 10;
  static final long OVERTAKEN_FLOOR_MILLIS = 6;
  private static final long FLOOR_NANOS = TimeUnit.MILLISECONDS.toNanos(FLOOR_MILLIS);
  private static final long OVERTAKEN_FLOOR_NANOS = TimeUnit.MILLISECONDS.toNanos(OVERTAKEN_FLOOR_MILLIS);

  private UnreachableRule() {}

  /**
   * What a pending request shows of its server, which has never sent it a TLS byte.
   *
   * @param sentNanos when the request was sent ({@link System#nanoTime()})
   * @param connectingSince when its connection began, if that connection has not begun its handshake yet;
   *     {@link #NONE} otherwise (also when no connection has begun for it yet)
   */
  record Silence(long sentNanos, long connectingSince) {
    /** Whether the winner's answering request, sent at {@code winnerSentNanos}, overtook this one. */
    boolean overtakenBy(long winnerSentNanos) {
      return connectingSince != NONE && winnerSentNanos != NONE && winnerSentNanos - sentNanos >= 0;
    }
  }

  /**
   * How long a pending request to a silent server must have been in flight before it is presumed unreachable.
   *
   * @param winnerRanNanos how long the winning method ran, from when it began to run to its answer
   * @param overtaken whether the pending request was overtaken (see {@link Silence#overtakenBy})
   * @return the grace in nanoseconds
   */
  static long graceNanos(long winnerRanNanos, boolean overtaken) {
    long ran = Math.max(overtaken ? OVERTAKEN_FLOOR_NANOS : FLOOR_NANOS, winnerRanNanos);
    // "About as long": methods started side by side begin on their start threads a millisecond or so apart, and a
    // pending request sent that much after the winner began would otherwise cost a recheck, whose wake-up on a busy
    // machine takes longer than the difference it waits for.
    return ran - ran / 10;
  }

  /** When the pending request may first be presumed unreachable ({@link System#nanoTime()}). */
  static long letGoAt(Silence silence, long winnerRanNanos, long winnerSentNanos) {
    return silence.sentNanos() + graceNanos(winnerRanNanos, silence.overtakenBy(winnerSentNanos));
  }

  /**
   * Why the pending request is presumed unreachable at {@code nowNanos}, for its trace entry; null while it is not.
   *
   * @param nowNanos the instant of the decision ({@link System#nanoTime()})
   * @param silence what the pending request shows of its server
   * @param winnerRanNanos how long the winning method ran
   * @param winnerSentNanos when the winner's answering request was sent, or {@link #NONE}
   * @param winner the winning method's display name
   */
  static @Nullable String letGoReason(long nowNanos, Silence silence, long winnerRanNanos, long winnerSentNanos,
      String winner) {
    if (nowNanos - letGoAt(silence, winnerRanNanos, winnerSentNanos) < 0) {
      return null;
    }
    long inFlightMs = TimeUnit.NANOSECONDS.toMillis(nowNanos - silence.sentNanos());
    return "presumed unreachable: no TLS answer from the server in " + inFlightMs + " ms"
        + (silence.overtakenBy(winnerSentNanos)
            ? ", not even a connection (its TCP connect, or the proxy's CONNECT, unanswered), while " + winner
                + " answered a request sent no earlier"
            : ", while " + winner + " answered")
        + "; one at a time, this request would have timed out";
  }
}
