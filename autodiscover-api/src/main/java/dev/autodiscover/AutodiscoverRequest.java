package dev.autodiscover;

import java.net.IDN;
import java.net.ProxySelector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  /**
   * The user settings a SOAP {@code GetUserSettings} asks for by default: external and internal EWS URL,
   * display name, user DN, deployment id, CAS version, supported EWS schemas and alternate mailboxes.
   */
  public static final Set<UserSettingName> DEFAULT_USER_SETTINGS = Collections.unmodifiableSet(EnumSet.of(
      UserSettingName.EXTERNAL_EWS_URL, UserSettingName.INTERNAL_EWS_URL, UserSettingName.USER_DISPLAY_NAME,
      UserSettingName.USER_DN, UserSettingName.USER_DEPLOYMENT_ID, UserSettingName.CAS_VERSION,
      UserSettingName.EWS_SUPPORTED_SCHEMAS, UserSettingName.ALTERNATE_MAILBOXES));

  /** The JVM-wide in-memory cache used by requests that do not name their own. */
  private static final SettingsCache SHARED_CACHE = SettingsCache.inMemory();

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
  private final DnsResolver dnsResolver;
  private final Map<String, Path> localXmlFiles;
  private final boolean preferLocalXml;
  private final boolean lastKnownGoodFirst;
  private final SettingsCache settingsCache;
  private final @Nullable ActiveDirectory activeDirectory;
  private final ProtocolChoice protocol;
  private final Set<UserSettingName> userSettings;
  private final V2Protocol v2Protocol;

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
    this.dnsResolver = c.dnsResolver;
    this.localXmlFiles = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(c.localXmlFiles));
    this.preferLocalXml = c.preferLocalXml;
    this.lastKnownGoodFirst = c.lastKnownGoodFirst;
    this.settingsCache = c.settingsCache;
    this.activeDirectory = c.activeDirectory;
    this.protocol = c.protocol;
    this.userSettings = Collections.unmodifiableSet(EnumSet.copyOf(c.userSettings));
    this.v2Protocol = c.v2Protocol;
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
    c.dnsResolver = DnsResolver.system();
    c.localXmlFiles = new java.util.LinkedHashMap<>();
    c.settingsCache = SHARED_CACHE;
    c.protocol = ProtocolChoice.POX;
    c.userSettings = EnumSet.copyOf(DEFAULT_USER_SETTINGS);
    c.v2Protocol = V2Protocol.EWS;
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

  /**
   * Returns a request that asks these DNS servers for SRV records (method 6) and Active Directory locator
   * records (method 1).
   *
   * @param resolver the resolver settings
   * @return the new request
   * @throws NullPointerException if {@code resolver} is null
   */
  public AutodiscoverRequest dnsResolver(DnsResolver resolver) {
    Objects.requireNonNull(resolver, "resolver");
    return with(c -> c.dnsResolver = resolver);
  }

  /**
   * Returns a request that reads a pre-built Autodiscover answer from a local file (method 4, Outlook's
   * local XML: a registry value named after the domain that holds a file path). The key is either a whole
   * address ({@code jan@contoso.com}, checked first, ignoring case) or a domain ({@code contoso.com}). The file holds
   * exactly what a server would answer: settings, or a {@code redirectAddr} / {@code redirectUrl}, which
   * are followed like a server's. It is read when the method runs, through the same hardened parser as a
   * network answer. A missing or unreadable file is recorded in the trace (Outlook's {@code 0x8004010F})
   * and discovery goes on.
   *
   * @param addressOrDomain an e-mail address or a domain
   * @param file the file's path
   * @return the new request
   * @throws NullPointerException if an argument is null
   * @throws InvalidEmailAddressException if the key contains {@code @} but is not a valid address
   * @throws IllegalArgumentException if the key is not a valid domain
   */
  public AutodiscoverRequest localXml(String addressOrDomain, Path file) {
    Objects.requireNonNull(addressOrDomain, "addressOrDomain");
    Objects.requireNonNull(file, "file");
    String key = addressOrDomain.contains("@") ? EmailAddress.parse(addressOrDomain).toString().toLowerCase(Locale.ROOT)
        : normaliseDomain(addressOrDomain);
    return with(c -> c.localXmlFiles.put(key, file));
  }

  /**
   * Returns a request that consults the local XML file before every network method instead of fourth
   * (Outlook's {@code PreferLocalXML}).
   *
   * @param prefer whether the local file goes first
   * @return the new request
   */
  public AutodiscoverRequest preferLocalXml(boolean prefer) {
    return with(c -> c.preferLocalXml = prefer);
  }

  /**
   * Returns a request that tries the last-known-good endpoint from the settings cache first, before any
   * other network method, instead of seventh. When the cached endpoint no longer answers with settings,
   * the entry is evicted, the failure is recorded, and full discovery continues. A fresh negative entry
   * (discovery for this address recently found nothing) ends the run at once with
   * {@link AutodiscoverNotFoundException}.
   *
   * @param first whether the cache goes first
   * @return the new request
   */
  public AutodiscoverRequest lastKnownGoodFirst(boolean first) {
    return with(c -> c.lastKnownGoodFirst = first);
  }

  /**
   * Returns a request that remembers the endpoint that answered in this cache, and looks there for the
   * last-known-good endpoint (method 7, or first with {@link #lastKnownGoodFirst(boolean)}). The default is
   * one in-memory cache shared by every request in the JVM that does not set its own
   * ({@link SettingsCache#inMemory()} defaults); {@link SettingsCache#disabled()} turns caching off,
   * {@link SettingsCache#file(Path)} keeps it across restarts. Only endpoints are cached, never credentials.
   *
   * @param cache the cache
   * @return the new request
   * @throws NullPointerException if {@code cache} is null
   */
  public AutodiscoverRequest settingsCache(SettingsCache cache) {
    Objects.requireNonNull(cache, "cache");
    return with(c -> c.settingsCache = cache);
  }

  /**
   * Returns a request that looks up Active Directory service connection points (method 1) in this
   * directory. Without it the SCP method records that no directory is configured and sends nothing: Outlook
   * uses SCP only on domain-joined machines, which a Java process cannot detect reliably.
   *
   * @param directory the directory servers (or DNS location), bind and site
   * @return the new request
   * @throws NullPointerException if {@code directory} is null
   */
  public AutodiscoverRequest activeDirectory(ActiveDirectory directory) {
    Objects.requireNonNull(directory, "directory");
    return with(c -> c.activeDirectory = directory);
  }

  /**
   * Returns a request that speaks this protocol to the endpoints it finds. The default,
   * {@link ProtocolChoice#POX}, is Outlook's; {@link ProtocolChoice#AUTO} asks each endpoint in the protocol
   * its URL names and, if the endpoint does not speak it, in the other one (the trace records each switch);
   * {@link ProtocolChoice#SOAP} asks for the {@link #userSettings(Set)}; {@link ProtocolChoice#JSON_V2} only
   * for the EWS URL, without credentials. The protocol of the answer is {@link AutodiscoverResult#protocol()}.
   *
   * @param choice the protocol choice
   * @return the new request
   * @throws NullPointerException if {@code choice} is null
   */
  public AutodiscoverRequest protocol(ProtocolChoice choice) {
    Objects.requireNonNull(choice, "choice");
    return with(c -> c.protocol = choice);
  }

  /**
   * Returns a request whose SOAP {@code GetUserSettings} requests ask for these settings (POX and v2
   * answers carry what they carry, whatever is asked). The default is {@link #DEFAULT_USER_SETTINGS}.
   *
   * @param names at least one name
   * @return the new request
   * @throws NullPointerException if {@code names} or an element is null
   * @throws IllegalArgumentException if {@code names} is empty
   */
  public AutodiscoverRequest userSettings(Set<UserSettingName> names) {
    Objects.requireNonNull(names, "names");
    names.forEach(n -> Objects.requireNonNull(n, "names must not contain null"));
    if (names.isEmpty()) {
      throw new IllegalArgumentException("ask for at least one user setting");
    }
    return with(c -> c.userSettings = EnumSet.copyOf(names));
  }

  /**
   * Returns a request whose Autodiscover v2 requests ask for this protocol's URL: the EWS URL by default, or
   * the ActiveSync, POX Autodiscover ({@code AutodiscoverV1}) or REST URL. It applies to every v2 request of
   * the run ({@link ProtocolChoice#JSON_V2}, the Office 365 step, the answer to a Bearer challenge); the URL is
   * {@link AutodiscoverResult#v2Url()}, and only an EWS answer also fills {@link AutodiscoverResult#ewsUrl()}.
   *
   * @param protocol the protocol to ask for
   * @return the new request
   * @throws NullPointerException if {@code protocol} is null
   */
  public AutodiscoverRequest v2Protocol(V2Protocol protocol) {
    Objects.requireNonNull(protocol, "protocol");
    return with(c -> c.v2Protocol = protocol);
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
    return Await.join(resolveAsync(), "Autodiscover");
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

  /**
   * Finds the address's Autodiscover endpoint (as {@link #resolve()} does) and asks its SOAP service for
   * organisation-level settings of the address's domain with {@code GetDomainSettings}
   * (protocol.md §4.5), and waits for the answer.
   *
   * @param names the settings to ask for; at least one
   * @return the domain settings, with the endpoint that gave them and the trace of the whole run
   * @throws NullPointerException if {@code names} or an element is null
   * @throws IllegalArgumentException if {@code names} is empty
   * @throws AutodiscoverException (a subclass saying what went wrong) when discovery fails, the endpoint
   *     has no SOAP service, or it answers with an error such as {@code InvalidDomain}
   *     ({@link AutodiscoverErrorResponseException#soapErrorCode()}); its trace holds every attempt
   * @throws java.util.concurrent.CancellationException if the run was cancelled or the thread interrupted
   * @throws IllegalStateException if no implementation is installed
   */
  public DomainSettingsResult resolveDomainSettings(Set<DomainSettingName> names) {
    return Await.join(resolveDomainSettingsAsync(names), "Autodiscover");
  }

  /**
   * Starts {@link #resolveDomainSettings(Set)} and returns at once. Cancelling the returned future cancels
   * every request in flight; it completes exceptionally with an {@link AutodiscoverException} subclass on
   * failure.
   *
   * @param names the settings to ask for; at least one
   * @return the future result
   * @throws NullPointerException if {@code names} or an element is null
   * @throws IllegalArgumentException if {@code names} is empty
   * @throws IllegalStateException if no implementation is installed
   */
  public CompletableFuture<DomainSettingsResult> resolveDomainSettingsAsync(Set<DomainSettingName> names) {
    Objects.requireNonNull(names, "names");
    names.forEach(n -> Objects.requireNonNull(n, "names must not contain null"));
    if (names.isEmpty()) {
      throw new IllegalArgumentException("ask for at least one domain setting");
    }
    return Autodiscover.provider().resolveDomainSettingsAsync(this,
        Collections.unmodifiableSet(EnumSet.copyOf(names)));
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
   * Returns the settings cache.
   *
   * @return the cache, never null
   */
  public SettingsCache settingsCache() {
    return settingsCache;
  }

  /**
   * Returns the Active Directory used for SCP lookups.
   *
   * @return the directory, or empty when SCP lookups are not configured
   */
  public Optional<ActiveDirectory> activeDirectory() {
    return Optional.ofNullable(activeDirectory);
  }

  /**
   * Returns the DNS resolver settings.
   *
   * @return the settings
   */
  public DnsResolver dnsResolver() {
    return dnsResolver;
  }

  /**
   * Returns the local XML file for an address: the file configured for the whole address, else the one for
   * its domain.
   *
   * @param address the address
   * @return the file, if one is configured
   */
  public Optional<Path> localXmlFile(EmailAddress address) {
    Objects.requireNonNull(address, "address");
    Path file = localXmlFiles.get(address.toString().toLowerCase(Locale.ROOT));
    return Optional.ofNullable(file != null ? file : localXmlFiles.get(address.domain()));
  }

  /**
   * Returns every configured local XML file, keyed by address or domain.
   *
   * @return an unmodifiable map
   */
  public Map<String, Path> localXmlFiles() {
    return localXmlFiles;
  }

  /**
   * Returns whether the local XML file is consulted first.
   *
   * @return the flag
   */
  public boolean preferLocalXml() {
    return preferLocalXml;
  }

  /**
   * Returns whether the last-known-good endpoint is tried first.
   *
   * @return the flag
   */
  public boolean lastKnownGoodFirst() {
    return lastKnownGoodFirst;
  }

  /**
   * Returns the protocol choice.
   *
   * @return the choice, never null; {@link ProtocolChoice#POX} by default
   */
  public ProtocolChoice protocol() {
    return protocol;
  }

  /**
   * Returns what Autodiscover v2 requests ask for.
   *
   * @return the protocol, never null; {@link V2Protocol#EWS} by default
   */
  public V2Protocol v2Protocol() {
    return v2Protocol;
  }

  /**
   * Returns the user settings SOAP requests ask for.
   *
   * @return an unmodifiable, non-empty set
   */
  public Set<UserSettingName> userSettings() {
    return userSettings;
  }

  /**
   * Returns the methods in the order of their priority for this request: Outlook's order, with the local
   * XML file moved to the front by {@link #preferLocalXml(boolean)} and the last-known-good endpoint moved
   * to the front (after a preferred local file) by {@link #lastKnownGoodFirst(boolean)}. Excluded methods
   * are included; they are recorded as excluded in their place.
   *
   * @return every method, highest priority first
   */
  public List<DiscoveryMethod> methodOrder() {
    List<DiscoveryMethod> order = new ArrayList<>(List.of(DiscoveryMethod.values()));
    if (lastKnownGoodFirst) {
      order.remove(DiscoveryMethod.LAST_KNOWN_GOOD);
      order.add(0, DiscoveryMethod.LAST_KNOWN_GOOD);
    }
    if (preferLocalXml) {
      order.remove(DiscoveryMethod.LOCAL_XML);
      order.add(0, DiscoveryMethod.LOCAL_XML);
    }
    return List.copyOf(order);
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
        + ", preAuthenticate=" + preAuthenticate + ", trustedRedirectHosts=" + trustedRedirectHosts
        + ", dns=" + dnsResolver + (localXmlFiles.isEmpty() ? "" : ", localXml=" + localXmlFiles.keySet())
        + (activeDirectory == null ? "" : ", activeDirectory=" + activeDirectory) + ", cache=" + settingsCache
        + ", protocol=" + protocol.label() + (v2Protocol == V2Protocol.EWS ? "" : ", v2Protocol=" + v2Protocol.wireName())
        + (preferLocalXml ? ", preferLocalXml" : "") + (lastKnownGoodFirst ? ", lastKnownGoodFirst" : "") + "]";
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

  private static String normaliseDomain(String domain) {
    String d = domain.strip();
    if (d.endsWith(".")) {
      d = d.substring(0, d.length() - 1);
    }
    if (d.isEmpty() || d.contains("/") || d.contains(" ")) {
      throw new IllegalArgumentException("not an address or a domain: '" + domain + "'");
    }
    try {
      return IDN.toASCII(d, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a valid domain: '" + domain + "' (" + e.getMessage() + ")", e);
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
    DnsResolver dnsResolver;
    Map<String, Path> localXmlFiles;
    boolean preferLocalXml;
    boolean lastKnownGoodFirst;
    SettingsCache settingsCache;
    @Nullable ActiveDirectory activeDirectory;
    ProtocolChoice protocol;
    Set<UserSettingName> userSettings;
    V2Protocol v2Protocol;

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
      dnsResolver = r.dnsResolver;
      localXmlFiles = new java.util.LinkedHashMap<>(r.localXmlFiles);
      preferLocalXml = r.preferLocalXml;
      lastKnownGoodFirst = r.lastKnownGoodFirst;
      settingsCache = r.settingsCache;
      activeDirectory = r.activeDirectory;
      protocol = r.protocol;
      userSettings = EnumSet.copyOf(r.userSettings);
      v2Protocol = r.v2Protocol;
    }
  }
}
