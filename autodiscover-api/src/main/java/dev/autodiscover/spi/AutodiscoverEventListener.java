package dev.autodiscover.spi;

import java.net.URI;
import java.util.List;
import dev.autodiscover.Attempt;
import dev.autodiscover.AutodiscoverException;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.EmailAddress;

/**
 * Receives the events of discovery runs; the SDK builds each run's trace from the same events.
 *
 * <p>Every method has an empty default, so implement only what you need. Events of one run carry the same
 * {@code runId}. Pairing: each run gets {@link #runStart} and then exactly one of {@link #runEnd} or
 * {@link #runFailed}; each {@link #attemptStart} is followed by exactly one {@link #attemptEnd} for the same
 * {@code attemptId} (also for cancelled attempts). Steps that send nothing (excluded methods, refused
 * redirects) produce an {@link #attemptEnd} without a start.
 *
 * <p>Threading: events arrive on SDK threads, possibly concurrently for attempts running in parallel.
 * Listeners must be thread-safe, fast and non-blocking. Anything a listener throws is logged through
 * {@link System.Logger} and otherwise ignored; a broken listener never breaks discovery.
 */
public interface AutodiscoverEventListener {
  /** A listener that ignores every event. */
  AutodiscoverEventListener NONE = new AutodiscoverEventListener() {};

  /**
   * A run started.
   *
   * @param runId identifies the run in later events
   * @param address the address being discovered
   */
  default void runStart(long runId, EmailAddress address) {}

  /**
   * A request is about to be sent.
   *
   * @param runId the run
   * @param attemptId identifies the attempt within the run
   * @param method the method the request belongs to
   * @param httpMethod {@code GET} or {@code POST}
   * @param url the URL
   */
  default void attemptStart(long runId, long attemptId, DiscoveryMethod method, String httpMethod, URI url) {}

  /**
   * A redirect was weighed by the trust policy.
   *
   * @param runId the run
   * @param method the method the redirect arose in
   * @param from the URL that redirected, or the address for {@code redirectAddr}
   * @param to the target URL or address
   * @param followed whether the SDK follows it
   * @param reason why (for example "host trusted: same registrable domain" or "refused: not https")
   */
  default void redirect(long runId, DiscoveryMethod method, String from, String to, boolean followed, String reason) {}

  /**
   * An attempt ended, or a step that sends nothing was recorded.
   *
   * @param runId the run
   * @param attemptId the attempt's id (matching {@link #attemptStart}), or -1 for a step that sent nothing
   * @param attempt the attempt as it appears in the trace
   */
  default void attemptEnd(long runId, long attemptId, Attempt attempt) {}

  /**
   * The run produced settings.
   *
   * @param runId the run
   * @param result the result
   */
  default void runEnd(long runId, AutodiscoverResult result) {}

  /**
   * The run failed.
   *
   * @param runId the run
   * @param failure the failure, with its trace
   */
  default void runFailed(long runId, AutodiscoverException failure) {}

  /**
   * Returns a listener that forwards every event to each of the given listeners in order.
   *
   * @param listeners the listeners
   * @return the composite listener
   */
  static AutodiscoverEventListener composite(List<AutodiscoverEventListener> listeners) {
    List<AutodiscoverEventListener> copy = List.copyOf(listeners);
    return new CompositeEventListener(copy);
  }

  /**
   * Makes the listener of each call (a single lookup, a batch or a domain-settings run), as OkHttp's
   * {@code EventListener.Factory} does, so that a listener can keep per-call state. Must be thread-safe and fast,
   * and must not throw.
   */
  @FunctionalInterface
  interface Factory {
    /**
     * Makes the listener of one call.
     *
     * @param addresses the call's addresses: one for a single lookup or a domain-settings run, every valid input
     *     address of a batch (unmodifiable)
     * @return the listener, never null ({@link #NONE} to hear nothing)
     */
    AutodiscoverEventListener create(List<EmailAddress> addresses);

    /**
     * A factory that hands every call the same listener.
     *
     * @param listener the listener
     * @return the factory
     * @throws NullPointerException if {@code listener} is null
     */
    static Factory of(AutodiscoverEventListener listener) {
      java.util.Objects.requireNonNull(listener, "listener");
      return addresses -> listener;
    }
  }
}
