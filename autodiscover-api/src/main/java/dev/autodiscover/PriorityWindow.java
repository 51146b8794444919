package dev.autodiscover;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How long an answer of a lower-priority discovery method waits for higher-priority methods still running, in
 * parallel mode (set per call with {@link DiscoveryOptions#priorityWindow(Duration)} or
 * {@link DiscoveryOptions#strictPriority()}, per client with the {@link AutodiscoverClient.Builder} methods of the
 * same names). In the spirit of Happy Eyeballs (RFC 8305): Outlook's priority order decides, but only for a while.
 *
 * <p>With a window, once any method of a round has an answer (settings, a redirect to another address, an error
 * answer), higher-priority methods still running get at most the window more, counted from when that first answer
 * arrived; then the best answer in hand is taken and the methods still running are cancelled. The trace records
 * each of them as {@link AttemptOutcome#CANCELLED} with a detail of the form
 * {@code "no answer within the 1000 ms priority window after HTTPS autodiscover domain answered; its answer was
 * taken instead"}. A higher-priority answer that arrives within the window still wins. A retry after a timeout
 * never extends the window, and the window never makes a run wait longer than strict order would.
 *
 * <p>Two rules cut the wait shorter, with or without a window: a higher-priority method whose current HTTPS request
 * has been in flight about as long as the whole winning method took (90% of it), to a server that has never sent a
 * TLS byte, is
 * presumed unreachable (one at a time it would have timed out); and a method that has only an
 * {@link ProtocolChoice#AUTO AUTO} switch of protocol left (its endpoint answered that it does not speak the first
 * protocol, so in Outlook's walk the method had already failed) has no priority claim: it is not waited for, and its
 * switched request is not even sent when a lower-priority answer is already in hand (trace detail
 * {@code "not sent: POX is not served at ..."}).
 *
 * <p>{@link #strict()} keeps Outlook's exact order: a lower-priority answer waits as long as any higher-priority
 * method may still answer (up to its attempt timeout, retries included). Sequential mode
 * ({@link DiscoveryOptions#sequential()}) always keeps Outlook's order; the window does not apply there.
 *
 * <p>Why {@linkplain #DEFAULT_WINDOW one second} by default: a healthy Exchange server answers an Autodiscover
 * request in tens to a few hundred milliseconds once it has completed the TLS handshake (the request is a
 * directory lookup; the answer is a few kilobytes), and the higher-priority method had its whole head start on top
 * of the window. A server still silent a second after a lower-priority method completed its own exchange is far
 * more often a web server at the root domain that never answers Autodiscover, which strict order waits for up to
 * the attempt timeout and its retry: 20 seconds with the defaults. The cost of the default is at most one second
 * over the fastest answer; the cost of a shorter window is taking a lower-priority endpoint for a slow but working
 * higher-priority one.
 *
 * <p>Immutable and thread-safe.
 */
public final class PriorityWindow {
  /** The default window: one second. */
  public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(1);
  /** The longest accepted window: one minute (a longer hold is {@link #strict()} order). */
  public static final Duration MAX_WINDOW = Duration.ofMinutes(1);

  private static final PriorityWindow STRICT = new PriorityWindow(null);
  private static final PriorityWindow DEFAULT = new PriorityWindow(DEFAULT_WINDOW);

  private final @Nullable Duration window;

  private PriorityWindow(@Nullable Duration window) {
    this.window = window;
  }

  /**
   * A window of this length. Zero takes the first answer that arrives, whatever its priority.
   *
   * @param window zero or positive, at most {@link #MAX_WINDOW}
   * @return the window
   * @throws NullPointerException if {@code window} is null
   * @throws IllegalArgumentException if negative or longer than {@link #MAX_WINDOW}
   */
  public static PriorityWindow of(Duration window) {
    Objects.requireNonNull(window, "priorityWindow");
    if (window.isNegative()) {
      throw new IllegalArgumentException("priorityWindow must not be negative, got " + window);
    }
    if (window.compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException("priorityWindow must be at most " + MAX_WINDOW + ", got " + window
          + "; for Outlook's exact order without any window use strictPriority()");
    }
    return window.equals(DEFAULT_WINDOW) ? DEFAULT : new PriorityWindow(window);
  }

  /** {@return Outlook's exact order: no window} */
  public static PriorityWindow strict() {
    return STRICT;
  }

  /** {@return the default: a window of {@link #DEFAULT_WINDOW}} */
  public static PriorityWindow defaultWindow() {
    return DEFAULT;
  }

  /** {@return whether this is {@link #strict()} order} */
  public boolean isStrict() {
    return window == null;
  }

  /** {@return the window's length, or empty for {@link #strict()} order} */
  public Optional<Duration> window() {
    return Optional.ofNullable(window);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof PriorityWindow p && Objects.equals(window, p.window);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(window);
  }

  /** {@return {@code "strict"} or the window in milliseconds, e.g. {@code "1000 ms"}} */
  @Override
  public String toString() {
    return window == null ? "strict" : window.toMillis() + " ms";
  }
}
