package dev.autodiscover;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What one call asks, shared by a single lookup ({@link AutodiscoverRequest}) and a batch ({@link BatchRequest}):
 * the methods, credentials, timeouts and deadline, protocol and requested settings. Everything that is
 * environment (proxy, TLS, DNS, cache, directory, trust, listener) belongs to the {@link AutodiscoverClient}
 * the call was made on. Instances are immutable: every option method returns a new call and leaves this one
 * unchanged, so a configured call can be shared between threads and reused. Timeouts, the deadline and the
 * retry count default to the client's ({@link AutodiscoverClient.Builder#attemptTimeout(Duration)} and friends).
 *
 * <p>Every option method checks its argument at once and throws {@link IllegalArgumentException} with a message
 * that says what to fix, or {@link NullPointerException} for a null argument.
 *
 * @param <T> the concrete call type
 */
public abstract sealed class DiscoveryOptions<T extends DiscoveryOptions<T>>
    permits AutodiscoverRequest, BatchRequest {

  /**
   * The user settings a SOAP {@code GetUserSettings} asks for by default: external and internal EWS URL,
   * display name, user DN, deployment id, CAS version, supported EWS schemas and alternate mailboxes.
   */
  public static final Set<UserSettingName> DEFAULT_USER_SETTINGS = Collections.unmodifiableSet(EnumSet.of(
      UserSettingName.EXTERNAL_EWS_URL, UserSettingName.INTERNAL_EWS_URL, UserSettingName.USER_DISPLAY_NAME,
      UserSettingName.USER_DN, UserSettingName.USER_DEPLOYMENT_ID, UserSettingName.CAS_VERSION,
      UserSettingName.EWS_SUPPORTED_SCHEMAS, UserSettingName.ALTERNATE_MAILBOXES));

  final AutodiscoverClient client;
  final CallSettings settings;

  DiscoveryOptions(AutodiscoverClient client, CallSettings settings) {
    this.client = client;
    this.settings = settings;
  }

  /** A copy of this call with other settings. */
  abstract T with(CallSettings changed);

  /**
   * Returns a call that does not use these methods (recorded as excluded in the trace).
   *
   * @param excluded methods to skip
   * @return the new call
   * @throws IllegalArgumentException if no method would be left
   */
  public T excluding(DiscoveryMethod... excluded) {
    return with(settings.without(excluded));
  }


  /**
   * Returns a call that uses only these methods, in Outlook's priority order whatever the argument order.
   *
   * @param only the methods to use; at least one
   * @return the new call
   * @throws IllegalArgumentException if no method is named
   */
  public T only(DiscoveryMethod... only) {
    return with(settings.only(only));
  }


  /**
   * Returns a call with these credentials (replacing any set before). They are sent only over HTTPS, only after
   * a challenge (or with {@link #preAuthenticate(boolean)} to a trusted host) and only to hosts the client's
   * trust policy allows.
   *
   * @param credentials the credentials
   * @return the new call
   */
  public T credentials(Credentials credentials) {
    Objects.requireNonNull(credentials, "credentials");
    return with(settings.with(s -> s.credentials = credentials));
  }

  /**
   * Returns a call that answers Basic challenges with this user name and password (added to a bearer token
   * set before).
   *
   * @param user the user name, e.g. the address or {@code DOMAIN\\user}
   * @param password the password; copied
   * @return the new call
   * @throws IllegalArgumentException if the user name is blank
   */
  public T basicAuth(String user, char[] password) {
    return add(Credentials.basic(user, password));
  }

  /**
   * Returns a call that answers Bearer challenges of Microsoft's Autodiscover hosts with a token from this
   * supplier (added to Basic credentials set before); with audience hosts, of those hosts instead.
   *
   * @param tokenSupplier called for each request that needs a token; must not return null
   * @param audienceHosts the hosts the token is for; none means Microsoft's Autodiscover hosts
   * @return the new call
   */
  public T bearerToken(Supplier<String> tokenSupplier, String... audienceHosts) {
    return add(audienceHosts.length == 0 ? Credentials.bearer(tokenSupplier)
        : Credentials.bearer(tokenSupplier, List.of(audienceHosts)));
  }

  private T add(Credentials more) {
    return with(settings.with(s -> s.credentials = s.credentials == null ? more : s.credentials.and(more)));
  }

  /**
   * Returns a call whose attempts each get this time budget (connect to last byte), unless a method has its
   * own ({@link #attemptTimeout(DiscoveryMethod, Duration)}).
   *
   * @param timeout positive, at most {@link AutodiscoverClient#MAX_ATTEMPT_TIMEOUT}
   * @return the new call
   * @throws IllegalArgumentException if not positive or too long
   */
  public T attemptTimeout(Duration timeout) {
    Duration t = Args.duration(timeout, "attemptTimeout", AutodiscoverClient.MAX_ATTEMPT_TIMEOUT);
    return with(settings.with(s -> s.attemptTimeout = t));
  }

  /**
   * Returns a call whose attempts of one method get this time budget.
   *
   * @param method the method
   * @param timeout positive, at most {@link AutodiscoverClient#MAX_ATTEMPT_TIMEOUT}
   * @return the new call
   * @throws IllegalArgumentException if not positive or too long
   */
  public T attemptTimeout(DiscoveryMethod method, Duration timeout) {
    Objects.requireNonNull(method, "method");
    Duration t = Args.duration(timeout, "attemptTimeout", AutodiscoverClient.MAX_ATTEMPT_TIMEOUT);
    return with(settings.with(s -> s.methodTimeouts.put(method, t)));
  }

  /**
   * Returns a call that ends after this long, whatever is still in flight (a batch: the whole batch).
   *
   * @param deadline positive, at most {@link AutodiscoverClient#MAX_DEADLINE}
   * @return the new call
   * @throws IllegalArgumentException if not positive or too long
   */
  public T deadline(Duration deadline) {
    Duration d = Args.duration(deadline, "deadline", AutodiscoverClient.MAX_DEADLINE);
    return with(settings.with(s -> s.deadline = d));
  }

  /**
   * Returns a call that repeats a timed-out attempt this often (Outlook's {@code MaxRetriesOnTimeout}).
   *
   * @param retries 0 to {@link AutodiscoverClient#MAX_RETRIES_ON_TIMEOUT}
   * @return the new call
   * @throws IllegalArgumentException if out of range
   */
  public T retriesOnTimeout(int retries) {
    int r = Args.retries(retries);
    return with(settings.with(s -> s.retriesOnTimeout = r));
  }

  /**
   * Returns a call that repeats a timed-out attempt of one method this often.
   *
   * @param method the method
   * @param retries 0 to {@link AutodiscoverClient#MAX_RETRIES_ON_TIMEOUT}
   * @return the new call
   * @throws IllegalArgumentException if out of range
   */
  public T retriesOnTimeout(DiscoveryMethod method, int retries) {
    Objects.requireNonNull(method, "method");
    int r = Args.retries(retries);
    return with(settings.with(s -> s.methodRetries.put(method, r)));
  }

  /**
   * Returns a call that sends credentials with the first request (Outlook's {@code AttemptPreAuth}), but only
   * over HTTPS to hosts the client trusts or that accepted these credentials earlier in the same run; every
   * other host must challenge first.
   *
   * @param preAuthenticate whether to pre-authenticate
   * @return the new call
   */
  public T preAuthenticate(boolean preAuthenticate) {
    return with(settings.with(s -> s.preAuthenticate = preAuthenticate));
  }

  /**
   * Returns a call that tries one method at a time in priority order, as Outlook does: each method runs to its end
   * (an AUTO switch of protocol included) before the next starts. No {@linkplain PriorityWindow window} applies.
   *
   * @return the new call
   */
  public T sequential() {
    return with(settings.with(s -> s.sequential = true));
  }

  /**
   * Returns a call that starts methods in parallel (the default), each lower-priority method this long after
   * the one before it (or at once when every higher-priority method has failed). Zero starts all at once.
   *
   * @param stagger zero or positive, at most {@link AutodiscoverClient#MAX_ATTEMPT_TIMEOUT}
   * @return the new call
   * @throws IllegalArgumentException if negative or too long
   */
  public T parallel(Duration stagger) {
    Objects.requireNonNull(stagger, "stagger");
    Duration st = stagger.isZero() ? stagger : Args.duration(stagger, "stagger", AutodiscoverClient.MAX_ATTEMPT_TIMEOUT);
    return with(settings.with(s -> {
      s.sequential = false;
      s.stagger = st;
    }));
  }

  /**
   * Returns a call whose lower-priority answers wait at most this long for higher-priority methods still running,
   * in parallel mode ({@link PriorityWindow} says how the window is counted, what the trace shows and why the
   * default is {@link PriorityWindow#DEFAULT_WINDOW}). Without this the client's window applies.
   *
   * @param window zero (the first answer wins, whatever its priority) to {@link PriorityWindow#MAX_WINDOW}
   * @return the new call
   * @throws IllegalArgumentException if negative or longer than {@link PriorityWindow#MAX_WINDOW}
   */
  public T priorityWindow(Duration window) {
    PriorityWindow w = PriorityWindow.of(window);
    return with(settings.with(s -> s.priorityWindow = w));
  }

  /**
   * Returns a call that keeps Outlook's exact priority order in parallel mode too: a lower-priority answer waits
   * for every higher-priority method that may still answer ({@link PriorityWindow#strict()}).
   *
   * @return the new call
   */
  public T strictPriority() {
    return with(settings.with(s -> s.priorityWindow = PriorityWindow.strict()));
  }

  /**
   * Returns a call that consults the client's local XML file before every network method instead of fourth
   * (Outlook's {@code PreferLocalXML}).
   *
   * @param prefer whether the local file goes first
   * @return the new call
   */
  public T preferLocalXml(boolean prefer) {
    return with(settings.with(s -> s.preferLocalXml = prefer));
  }

  /**
   * Returns a call that tries the last-known-good endpoint from the client's settings cache before any other
   * network method, instead of seventh. A stale endpoint is evicted and discovery goes on; a fresh negative
   * entry ends the run at once with {@link AutodiscoverNotFoundException}.
   *
   * @param first whether the cache goes first
   * @return the new call
   */
  public T lastKnownGoodFirst(boolean first) {
    return with(settings.with(s -> s.lastKnownGoodFirst = first));
  }

  /**
   * Returns a call that speaks this protocol to the endpoints it finds. The default, {@link ProtocolChoice#AUTO},
   * speaks POX (Outlook's protocol) where the URL names it and switches to SOAP at an endpoint that does not serve
   * POX (and the reverse), so a SOAP-only Exchange is found too; the switch never holds back another method's
   * answer. {@link ProtocolChoice#POX} is Outlook's exact behaviour.
   *
   * @param choice the protocol choice
   * @return the new call
   */
  public T protocol(ProtocolChoice choice) {
    Objects.requireNonNull(choice, "choice");
    return with(settings.with(s -> s.protocol = choice));
  }

  /**
   * Returns a call whose SOAP {@code GetUserSettings} requests ask for these settings (POX and v2 answers carry
   * what they carry). The default is {@link #DEFAULT_USER_SETTINGS}.
   *
   * @param names at least one name
   * @return the new call
   * @throws IllegalArgumentException if {@code names} is empty
   */
  public T userSettings(Set<UserSettingName> names) {
    return with(settings.userSettings(names));
  }


  /**
   * Returns a call whose Autodiscover v2 requests ask for this protocol's URL (EWS by default).
   *
   * @param protocol the protocol to ask for
   * @return the new call
   */
  public T v2Protocol(V2Protocol protocol) {
    Objects.requireNonNull(protocol, "protocol");
    return with(settings.with(s -> s.v2Protocol = protocol));
  }

  /** {@return the client this call runs on, never null} */
  public AutodiscoverClient client() {
    return client;
  }

  /** {@return the enabled methods: an unmodifiable, non-empty set in Outlook's order} */
  public Set<DiscoveryMethod> methods() {
    return settings.methods;
  }

  /** {@return the credentials, or empty} */
  public Optional<Credentials> credentials() {
    return Optional.ofNullable(settings.credentials);
  }

  /**
   * Returns the time budget of one attempt of a method: the method's own, else this call's, else the client's.
   *
   * @param method the method
   * @return the timeout, never null
   */
  public Duration attemptTimeoutFor(DiscoveryMethod method) {
    return settings.attemptTimeoutFor(method, client);
  }

  /**
   * Returns how often a timed-out attempt of a method is repeated: the method's own count, else this call's,
   * else the client's.
   *
   * @param method the method
   * @return the count
   */
  public int retriesOnTimeoutFor(DiscoveryMethod method) {
    return settings.retriesOnTimeoutFor(method, client);
  }

  /** {@return this call's deadline, else the default for its kind} */
  public abstract Duration deadline();

  /** {@return whether credentials go with the first request to trusted hosts} */
  public boolean preAuthenticate() {
    return settings.preAuthenticate;
  }

  /** {@return whether methods are tried one at a time} */
  public boolean isSequential() {
    return settings.sequential;
  }

  /** {@return the stagger between method starts in parallel mode, zero by default} */
  public Duration stagger() {
    return settings.stagger;
  }

  /** {@return the priority window of parallel mode: this call's, else the client's; never null} */
  public PriorityWindow priorityWindow() {
    return settings.priorityWindow != null ? settings.priorityWindow : client.priorityWindow();
  }

  /** {@return whether the local XML file is consulted first} */
  public boolean preferLocalXml() {
    return settings.preferLocalXml;
  }

  /** {@return whether the last-known-good endpoint is tried first} */
  public boolean lastKnownGoodFirst() {
    return settings.lastKnownGoodFirst;
  }

  /** {@return the protocol choice; {@link ProtocolChoice#AUTO} by default} */
  public ProtocolChoice protocol() {
    return settings.protocol;
  }

  /** {@return what Autodiscover v2 requests ask for; {@link V2Protocol#EWS} by default} */
  public V2Protocol v2Protocol() {
    return settings.v2Protocol;
  }

  /** {@return the user settings SOAP requests ask for: an unmodifiable, non-empty set} */
  public Set<UserSettingName> userSettings() {
    return settings.userSettings;
  }

  /**
   * Returns the methods in priority order for this call: Outlook's order, with the local XML file moved to the
   * front by {@link #preferLocalXml(boolean)} and the last-known-good endpoint moved to the front (after a
   * preferred local file) by {@link #lastKnownGoodFirst(boolean)}. Excluded methods are included; they are
   * recorded as excluded in their place.
   *
   * @return every method, highest priority first
   */
  public List<DiscoveryMethod> methodOrder() {
    return settings.methodOrder();
  }

}
