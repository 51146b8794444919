package dev.autodiscover;

import java.net.IDN;
import java.net.ProxySelector;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import dev.autodiscover.spi.AutodiscoverEventListener;
import org.jspecify.annotations.Nullable;

/**
 * An immutable description of one discovery run: the address and every option. Each option method returns
 * a new request and leaves this one unchanged, so a configured request can be shared between threads and
 * reused.
 *
 * <pre>{@code
 * AutodiscoverResult result = Autodiscover.forEmail("jan.novak@contoso.com")
 *     .excluding(DiscoveryMethod.SCP)
 *     .attemptTimeout(Duration.ofSeconds(5))
 *     .deadline(Duration.ofSeconds(30))
 *     .resolve();
 * }</pre>
 *
 * <p>Defaults: every method enabled; attempts run in parallel with priority preserved; attempt timeout
 * {@value #DEFAULT_ATTEMPT_TIMEOUT_SECONDS} s; deadline {@value #DEFAULT_DEADLINE_SECONDS} s;
 * {@value #DEFAULT_RETRIES_ON_TIMEOUT} retry on timeout; at most {@value #DEFAULT_MAX_REDIRECTS} redirects;
 * no credentials; Microsoft's Autodiscover hosts trusted as redirect targets; redirects elsewhere refused;
 * the JDK's default proxy selector and SSL context.
 */
public final class AutodiscoverRequest {
  /** Default time budget of one attempt, in seconds. */
  public static final int DEFAULT_ATTEMPT_TIMEOUT_SECONDS = 10;
  /** Default overall deadline of a run, in seconds. */
  public static final int DEFAULT_DEADLINE_SECONDS = 60;
  /** Default number of retries of an attempt that timed out (Outlook's {@code MaxRetriesOnTimeout}). */
  public static final int DEFAULT_RETRIES_ON_TIMEOUT = 1;
  /** Default redirect budget of a run (all redirect kinds together). */
  public static final int DEFAULT_MAX_REDIRECTS = 10;

  /**
   * Microsoft's own Autodiscover hosts, trusted as redirect targets by default (protocol.md §10.3 rule 6):
   * the commercial cloud, US Government GCC High and DoD, and the cloud operated by 21Vianet in China.
   */
  public static final Set<String> MICROSOFT_AUTODISCOVER_HOSTS = Collections.unmodifiableSet(new LinkedHashSet<>(
      Arrays.asList(
          "autodiscover-s.outlook.com",
          "outlook.office365.com",
          "autodiscover.outlook.com",
          "outlook.office365.us",
          "autodiscover-s.office365.us",
          "webmail.apps.mil",
          "autodiscover-s-dod.office365.us",
          "partner.outlook.cn",
          "autodiscover.partner.outlook.cn")));

  private final EmailAddress address;
  private final Set<DiscoveryMethod> methods;
  private final @Nullable Credentials credentials;
  private final Duration attemptTimeout;
  private final Map<DiscoveryMethod, Duration> methodTimeouts;
  private final Duration deadline;
  private final int retriesOnTimeout;
  private final Map<DiscoveryMethod, Integer> methodRetries;
  private final Set<String> trustedRedirectHosts;
  private final RedirectValidator redirectValidator;
  private final boolean preAuthenticate;
  private final @Nullable ProxySelector proxy;
  private final @Nullable SSLContext sslContext;
  private final AutodiscoverEventListener eventListener;
  private final boolean sequential;
  private final Duration stagger;
  private final int maxRedirects;

  private AutodiscoverRequest(Copy c) {
    this.address = c.address;
    this.methods = Collections.unmodifiableSet(EnumSet.copyOf(c.methods));
    this.credentials = c.credentials;
    this.attemptTimeout = c.attemptTimeout;
    this.methodTimeouts = Collections.unmodifiableMap(new EnumMap<>(c.methodTimeouts));
    this.deadline = c.deadline;
    this.retriesOnTimeout = c.retriesOnTimeout;
    this.methodRetries = Collections.unmodifiableMap(new EnumMap<>(c.methodRetries));
    this.trustedRedirectHosts = Collections.unmodifiableSet(new LinkedHashSet<>(c.trustedRedirectHosts));
    this.redirectValidator = c.redirectValidator;
    this.preAuthenticate = c.preAuthenticate;
    this.proxy = c.proxy;
    this.sslContext = c.sslContext;
    this.eventListener = c.eventListener;
    this.sequential = c.sequential;
    this.stagger = c.stagger;
    this.maxRedirects = c.maxRedirects;
  }

  static AutodiscoverRequest of(EmailAddress address) {
    Copy c = new Copy();
    c.address = address;
    c.methods = EnumSet.allOf(DiscoveryMethod.class);
    c.attemptTimeout = Duration.ofSeconds(DEFAULT_ATTEMPT_TIMEOUT_SECONDS);
    c.methodTimeouts = new EnumMap<>(DiscoveryMethod.class);
    c.deadline = Duration.ofSeconds(DEFAULT_DEADLINE_SECONDS);
    c.retriesOnTimeout = DEFAULT_RETRIES_ON_TIMEOUT;
    c.methodRetries = new EnumMap<>(DiscoveryMethod.class);
    c.trustedRedirectHosts = new LinkedHashSet<>(MICROSOFT_AUTODISCOVER_HOSTS);
    c.redirectValidator = RedirectValidator.REFUSE_ALL;
    c.eventListener = AutodiscoverEventListener.NONE;
    c.stagger = Duration.ZERO;
    c.maxRedirects = DEFAULT_MAX_REDIRECTS;
    return new AutodiscoverRequest(c);
  }

  private AutodiscoverRequest with(Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return new AutodiscoverRequest(c);
  }

  // ---- options -------------------------------------------------------------------------------------------

  /**
   * Returns a request that does not use the given methods (Outlook's {@code Exclude*} registry values).
   * Excluded methods still appear in the trace, as excluded.
   *
   * @param excluded the methods to leave out
   * @return the new request
   */
  public AutodiscoverRequest excluding(DiscoveryMethod... excluded) {
    EnumSet<DiscoveryMethod> remaining = EnumSet.copyOf(methods);
    for (DiscoveryMethod m : excluded) {
      remaining.remove(Objects.requireNonNull(m, "excluded method"));
    }
    return with(c -> c.methods = remaining);
  }

  /**
   * Returns a request that uses only the given methods, still in Outlook's order.
   *
   * @param only the methods to use; at least one
   * @return the new request
   * @throws IllegalArgumentException if no method is given
   */
  public AutodiscoverRequest only(DiscoveryMethod... only) {
    if (only.length == 0) {
      throw new IllegalArgumentException("only(...) needs at least one method");
    }
    EnumSet<DiscoveryMethod> chosen = EnumSet.noneOf(DiscoveryMethod.class);
    for (DiscoveryMethod m : only) {
      chosen.add(Objects.requireNonNull(m, "method"));
    }
    return with(c -> c.methods = chosen);
  }

  /**
   * Returns a request that answers 401 challenges with these credentials (Basic only if Basic credentials
   * are given; bearer only if a token supplier is given). Replaces earlier credentials.
   *
   * @param credentials the credentials
   * @return the new request
   */
  public AutodiscoverRequest credentials(Credentials credentials) {
    Objects.requireNonNull(credentials, "credentials");
    return with(c -> c.credentials = credentials);
  }

  /**
   * Returns a request that may answer a {@code Basic} challenge with this user and password (opt-in; only
   * over HTTPS to validated hosts). Keeps any bearer token supplier already set.
   *
   * @param user the user name
   * @param password the password; copied
   * @return the new request
   * @throws IllegalArgumentException if the user is blank or contains a colon
   */
  public AutodiscoverRequest basicAuth(String user, char[] password) {
    Credentials basic = Credentials.basic(user, password);
    return with(c -> c.credentials = c.credentials == null ? basic : c.credentials.and(basic));
  }

  /**
   * Returns a request that answers a {@code Bearer} challenge from a Microsoft 365 host with an Exchange
   * Online token from the supplier (see {@link Credentials#bearer(java.util.function.Supplier)}: the token
   * never goes to any other host). Keeps any Basic credentials already set.
   *
   * @param tokenSupplier supplies OAuth access tokens; called on SDK threads, must be thread-safe
   * @return the new request
   */
  public AutodiscoverRequest bearerToken(java.util.function.Supplier<String> tokenSupplier) {
    Credentials bearer = Credentials.bearer(tokenSupplier);
    return with(c -> c.credentials = c.credentials == null ? bearer : c.credentials.and(bearer));
  }

  /**
   * Returns a request that answers a {@code Bearer} challenge from one of the audience hosts with a token
   * from the supplier, for example an on-premises hybrid modern authentication token for the organisation's
   * Autodiscover host. Keeps any Basic credentials already set.
   *
   * @param tokenSupplier supplies OAuth access tokens; called on SDK threads, must be thread-safe
   * @param audienceHosts the hosts the token was issued for; at least one
   * @return the new request
   * @throws IllegalArgumentException if no host is given or a host is blank
   */
  public AutodiscoverRequest bearerToken(java.util.function.Supplier<String> tokenSupplier, String... audienceHosts) {
    Credentials bearer = Credentials.bearer(tokenSupplier, java.util.List.of(audienceHosts));
    return with(c -> c.credentials = c.credentials == null ? bearer : c.credentials.and(bearer));
  }

  /**
   * Returns a request with this time budget per attempt (Outlook's {@code Timeout}): connecting, sending
   * and reading the whole answer. A retry gets a fresh budget.
   *
   * @param timeout a positive duration
   * @return the new request
   * @throws IllegalArgumentException if not positive
   */
  public AutodiscoverRequest attemptTimeout(Duration timeout) {
    requirePositive(timeout, "attemptTimeout");
    return with(c -> c.attemptTimeout = timeout);
  }

  /**
   * Returns a request with a time budget per attempt for one method, overriding
   * {@link #attemptTimeout(Duration)} for it.
   *
   * @param method the method
   * @param timeout a positive duration
   * @return the new request
   * @throws IllegalArgumentException if not positive
   */
  public AutodiscoverRequest attemptTimeout(DiscoveryMethod method, Duration timeout) {
    Objects.requireNonNull(method, "method");
    requirePositive(timeout, "attemptTimeout");
    return with(c -> c.methodTimeouts.put(method, timeout));
  }

  /**
   * Returns a request with this overall deadline: when it passes, every attempt in flight is cancelled and
   * the run fails with {@link AutodiscoverTimeoutException}.
   *
   * @param deadline a positive duration
   * @return the new request
   * @throws IllegalArgumentException if not positive
   */
  public AutodiscoverRequest deadline(Duration deadline) {
    requirePositive(deadline, "deadline");
    return with(c -> c.deadline = deadline);
  }

  /**
   * Returns a request that repeats an attempt this many times after it timed out (Outlook's
   * {@code MaxRetriesOnTimeout}). Other failures are never retried.
   *
   * @param retries zero or more
   * @return the new request
   * @throws IllegalArgumentException if negative or more than 10
   */
  public AutodiscoverRequest retriesOnTimeout(int retries) {
    requireRetries(retries);
    return with(c -> c.retriesOnTimeout = retries);
  }

  /**
   * Returns a request with a retry count for one method, overriding {@link #retriesOnTimeout(int)} for it.
   *
   * @param method the method
   * @param retries zero or more
   * @return the new request
   * @throws IllegalArgumentException if negative or more than 10
   */
  public AutodiscoverRequest retriesOnTimeout(DiscoveryMethod method, int retries) {
    Objects.requireNonNull(method, "method");
    requireRetries(retries);
    return with(c -> c.methodRetries.put(method, retries));
  }

  /**
   * Returns a request that also trusts these hosts as redirect targets without asking the validator
   * (Outlook's {@code RedirectServers}). Credentials may be sent there if they challenge.
   *
   * @param hosts host names, exact match, case-insensitive; internationalised names are converted to ASCII
   * @return the new request
   * @throws IllegalArgumentException if a host is blank or not a valid host name
   */
  public AutodiscoverRequest trustRedirectHosts(String... hosts) {
    Set<String> added = new LinkedHashSet<>(trustedRedirectHosts);
    for (String h : hosts) {
      added.add(normaliseHost(h));
    }
    return with(c -> c.trustedRedirectHosts = added);
  }

  /**
   * Returns a request whose trusted redirect hosts are exactly these, replacing the defaults
   * ({@link #MICROSOFT_AUTODISCOVER_HOSTS}).
   *
   * @param hosts host names; may be empty to trust no host beyond the user's own domain
   * @return the new request
   * @throws IllegalArgumentException if a host is blank or not a valid host name
   */
  public AutodiscoverRequest trustedRedirectHosts(Collection<String> hosts) {
    Set<String> replaced = new LinkedHashSet<>();
    for (String h : hosts) {
      replaced.add(normaliseHost(h));
    }
    return with(c -> c.trustedRedirectHosts = replaced);
  }

  /**
   * Returns a request that asks this validator about redirects to hosts that are neither in the user's
   * registrable domain nor trusted. The default refuses them.
   *
   * @param validator the validator
   * @return the new request
   */
  public AutodiscoverRequest redirectValidator(RedirectValidator validator) {
    Objects.requireNonNull(validator, "validator");
    return with(c -> c.redirectValidator = validator);
  }

  /**
   * Returns a request that sends credentials with the first request (Outlook's {@code AttemptPreAuth}),
   * but only over HTTPS to hosts in the trusted redirect host list or that accepted these credentials
   * earlier in the same run; every other host must challenge first.
   *
   * @param preAuthenticate whether to pre-authenticate
   * @return the new request
   */
  public AutodiscoverRequest preAuthenticate(boolean preAuthenticate) {
    return with(c -> c.preAuthenticate = preAuthenticate);
  }

  /**
   * Returns a request that connects through this proxy selector.
   *
   * @param proxy the proxy selector
   * @return the new request
   */
  public AutodiscoverRequest proxy(ProxySelector proxy) {
    Objects.requireNonNull(proxy, "proxy");
    return with(c -> c.proxy = proxy);
  }

  /**
   * Returns a request that uses this SSL context (trust material) for HTTPS. Certificates are always
   * validated, host names included; there is no way to turn that off.
   *
   * @param sslContext an initialised SSL context
   * @return the new request
   */
  public AutodiscoverRequest sslContext(SSLContext sslContext) {
    Objects.requireNonNull(sslContext, "sslContext");
    return with(c -> c.sslContext = sslContext);
  }

  /**
   * Returns a request that reports its events to this listener (in addition to building the trace).
   *
   * @param listener the listener; see {@link AutodiscoverEventListener} for the threading contract
   * @return the new request
   */
  public AutodiscoverRequest eventListener(AutodiscoverEventListener listener) {
    Objects.requireNonNull(listener, "listener");
    return with(c -> c.eventListener = listener);
  }

  /**
   * Returns a request that tries one method at a time, in Outlook's order, exactly as Outlook does. The
   * result is the same as in parallel mode; only the time taken differs.
   *
   * @return the new request
   */
  public AutodiscoverRequest sequential() {
    return with(c -> c.sequential = true);
  }

  /**
   * Returns a request that starts methods in parallel, each lower-priority method this long after the one
   * before it (or at once when every higher-priority method has already failed). Zero starts all at once.
   *
   * @param stagger zero or positive
   * @return the new request
   * @throws IllegalArgumentException if negative
   */
  public AutodiscoverRequest parallel(Duration stagger) {
    Objects.requireNonNull(stagger, "stagger");
    if (stagger.isNegative()) {
      throw new IllegalArgumentException("stagger must not be negative: " + stagger);
    }
    return with(c -> {
      c.sequential = false;
      c.stagger = stagger;
    });
  }

  /**
   * Returns a request with this redirect budget, shared by every redirect kind in the run.
   *
   * @param maxRedirects 0 to 50
   * @return the new request
   * @throws IllegalArgumentException if out of range
   */
  public AutodiscoverRequest maxRedirects(int maxRedirects) {
    if (maxRedirects < 0 || maxRedirects > 50) {
      throw new IllegalArgumentException("maxRedirects must be between 0 and 50: " + maxRedirects);
    }
    return with(c -> c.maxRedirects = maxRedirects);
  }

  // ---- running -------------------------------------------------------------------------------------------

  /**
   * Runs discovery and waits for the answer.
   *
   * @return the result
   * @throws AutodiscoverException (a subclass saying what went wrong) when discovery fails; its trace holds
   *     every attempt
   * @throws java.util.concurrent.CancellationException if the run was cancelled
   * @throws IllegalStateException if no implementation is installed
   */
  public AutodiscoverResult resolve() {
    CompletableFuture<AutodiscoverResult> future = resolveAsync();
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new java.util.concurrent.CancellationException("interrupted while waiting for Autodiscover");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new CompletionException(cause);
    }
  }

  /**
   * Starts discovery and returns at once. Cancelling the returned future cancels every request in flight.
   * The future completes exceptionally with an {@link AutodiscoverException} subclass on failure.
   *
   * @return the future result
   * @throws IllegalStateException if no implementation is installed
   */
  public CompletableFuture<AutodiscoverResult> resolveAsync() {
    return Autodiscover.provider().resolveAsync(this);
  }

  // ---- accessors -----------------------------------------------------------------------------------------

  /**
   * Returns the normalised address.
   *
   * @return the address
   */
  public EmailAddress address() {
    return address;
  }

  /**
   * Returns the enabled methods.
   *
   * @return an unmodifiable set, iterated in Outlook's order
   */
  public Set<DiscoveryMethod> methods() {
    return methods;
  }

  /**
   * Returns the credentials.
   *
   * @return the credentials, or empty
   */
  public Optional<Credentials> credentials() {
    return Optional.ofNullable(credentials);
  }

  /**
   * Returns the time budget of one attempt of a method.
   *
   * @param method the method
   * @return its override, else the general attempt timeout
   */
  public Duration attemptTimeout(DiscoveryMethod method) {
    return methodTimeouts.getOrDefault(Objects.requireNonNull(method, "method"), attemptTimeout);
  }

  /**
   * Returns the general time budget of one attempt.
   *
   * @return the timeout
   */
  public Duration attemptTimeout() {
    return attemptTimeout;
  }

  /**
   * Returns the overall deadline.
   *
   * @return the deadline
   */
  public Duration deadline() {
    return deadline;
  }

  /**
   * Returns how often a timed-out attempt of a method is repeated.
   *
   * @param method the method
   * @return its override, else the general retry count
   */
  public int retriesOnTimeout(DiscoveryMethod method) {
    return methodRetries.getOrDefault(Objects.requireNonNull(method, "method"), retriesOnTimeout);
  }

  /**
   * Returns the trusted redirect hosts, lower-case ASCII.
   *
   * @return an unmodifiable set
   */
  public Set<String> trustedRedirectHosts() {
    return trustedRedirectHosts;
  }

  /**
   * Returns the redirect validator.
   *
   * @return the validator
   */
  public RedirectValidator redirectValidator() {
    return redirectValidator;
  }

  /**
   * Returns whether pre-authentication is enabled.
   *
   * @return the flag
   */
  public boolean preAuthenticate() {
    return preAuthenticate;
  }

  /**
   * Returns the proxy selector.
   *
   * @return the proxy selector, or empty for the JDK default
   */
  public Optional<ProxySelector> proxy() {
    return Optional.ofNullable(proxy);
  }

  /**
   * Returns the SSL context.
   *
   * @return the SSL context, or empty for the JDK default
   */
  public Optional<SSLContext> sslContext() {
    return Optional.ofNullable(sslContext);
  }

  /**
   * Returns the event listener.
   *
   * @return the listener ({@link AutodiscoverEventListener#NONE} by default)
   */
  public AutodiscoverEventListener eventListener() {
    return eventListener;
  }

  /**
   * Returns whether methods are tried one at a time.
   *
   * @return the flag
   */
  public boolean isSequential() {
    return sequential;
  }

  /**
   * Returns the stagger between method starts in parallel mode.
   *
   * @return the stagger
   */
  public Duration stagger() {
    return stagger;
  }

  /**
   * Returns the redirect budget.
   *
   * @return the budget
   */
  public int maxRedirects() {
    return maxRedirects;
  }

  /**
   * Describes the request without secrets.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return "AutodiscoverRequest[" + address + ", methods=" + methods + ", credentials="
        + (credentials == null ? "none" : credentials) + ", attemptTimeout=" + attemptTimeout + ", deadline="
        + deadline + ", retriesOnTimeout=" + retriesOnTimeout + ", mode="
        + (sequential ? "sequential" : "parallel(stagger=" + stagger + ")") + ", maxRedirects=" + maxRedirects
        + ", preAuthenticate=" + preAuthenticate + ", trustedRedirectHosts=" + trustedRedirectHosts + "]";
  }

  // ---- helpers -------------------------------------------------------------------------------------------

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }

  private static void requireRetries(int retries) {
    if (retries < 0 || retries > 10) {
      throw new IllegalArgumentException("retriesOnTimeout must be between 0 and 10: " + retries);
    }
  }

  private static String normaliseHost(String host) {
    Objects.requireNonNull(host, "host");
    String h = host.strip();
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    if (h.isEmpty()) {
      throw new IllegalArgumentException("a trusted redirect host must not be blank");
    }
    try {
      return IDN.toASCII(h, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a valid host name: '" + host + "' (" + e.getMessage() + ")", e);
    }
  }

  private static final class Copy {
    EmailAddress address;
    Set<DiscoveryMethod> methods;
    @Nullable Credentials credentials;
    Duration attemptTimeout;
    Map<DiscoveryMethod, Duration> methodTimeouts;
    Duration deadline;
    int retriesOnTimeout;
    Map<DiscoveryMethod, Integer> methodRetries;
    Set<String> trustedRedirectHosts;
    RedirectValidator redirectValidator;
    boolean preAuthenticate;
    @Nullable ProxySelector proxy;
    @Nullable SSLContext sslContext;
    AutodiscoverEventListener eventListener;
    boolean sequential;
    Duration stagger;
    int maxRedirects;

    @SuppressWarnings("NullAway.Init")
    Copy() {}

    Copy(AutodiscoverRequest r) {
      address = r.address;
      methods = EnumSet.copyOf(r.methods);
      credentials = r.credentials;
      attemptTimeout = r.attemptTimeout;
      methodTimeouts = new EnumMap<>(DiscoveryMethod.class);
      methodTimeouts.putAll(r.methodTimeouts);
      deadline = r.deadline;
      retriesOnTimeout = r.retriesOnTimeout;
      methodRetries = new EnumMap<>(DiscoveryMethod.class);
      methodRetries.putAll(r.methodRetries);
      trustedRedirectHosts = new LinkedHashSet<>(r.trustedRedirectHosts);
      redirectValidator = r.redirectValidator;
      preAuthenticate = r.preAuthenticate;
      proxy = r.proxy;
      sslContext = r.sslContext;
      eventListener = r.eventListener;
      sequential = r.sequential;
      stagger = r.stagger;
      maxRedirects = r.maxRedirects;
    }
  }
}
