package dev.autodiscover.spi;

import java.net.URI;
import java.util.List;
import dev.autodiscover.Attempt;
import dev.autodiscover.AutodiscoverException;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.DomainSettingsResult;
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
 * <p>Batch and domain-settings runs are runs too, with ids of their own: a batch run gets {@link #batchStart}
 * and then exactly one {@link #batchEnd}; a domain-settings run gets {@link #domainSettingsStart} and then
 * exactly one of {@link #domainSettingsEnd} or {@link #domainSettingsFailed}. The requests such a run sends
 * itself (a batch's SOAP {@code GetUserSettings} posts, a domain-settings run's {@code GetDomainSettings}
 * posts) and the redirects it weighs are reported with {@link #attemptStart}, {@link #attemptEnd} and
 * {@link #redirect} under that run's id, between its start and its end. The single-address discoveries such a
 * run starts (to find an endpoint, or for users handled one by one) are separate runs with their own ids and
 * their own {@link #runStart} ... {@link #runEnd}/{@link #runFailed}; they may interleave with the events of
 * the run that started them.
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
   * A batch run started.
   *
   * @param runId identifies the batch run in later events (its own requests carry it too)
   * @param addresses how many inputs the batch has, invalid ones included
   */
  default void batchStart(long runId, int addresses) {}

  /**
   * A batch run ended; called exactly once per {@link #batchStart}, also when the batch was cancelled or ran
   * out of time (the items not finished then count as failed).
   *
   * @param runId the batch run
   * @param resolved how many items succeeded
   * @param failed how many items failed
   */
  default void batchEnd(long runId, int resolved, int failed) {}

  /**
   * A domain-settings run started.
   *
   * @param runId identifies the domain-settings run in later events (its own requests carry it too)
   * @param address the address whose domain is asked about
   */
  default void domainSettingsStart(long runId, EmailAddress address) {}

  /**
   * A domain-settings run produced settings; the alternative to {@link #domainSettingsFailed}.
   *
   * @param runId the domain-settings run
   * @param result the result
   */
  default void domainSettingsEnd(long runId, DomainSettingsResult result) {}

  /**
   * A domain-settings run failed (also when cancelled or out of time); the alternative to
   * {@link #domainSettingsEnd}.
   *
   * @param runId the domain-settings run
   * @param failure the failure, with its trace
   */
  default void domainSettingsFailed(long runId, AutodiscoverException failure) {}

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
