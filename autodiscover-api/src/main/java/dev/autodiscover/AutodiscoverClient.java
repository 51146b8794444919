package dev.autodiscover;

import java.net.ProxySelector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import dev.autodiscover.spi.AutodiscoverEngine;
import dev.autodiscover.spi.AutodiscoverEventListener;

/**
 * The environment discovery runs in (proxy, TLS, DNS, settings cache, Active Directory, redirect trust, event
 * listener, executor, default timeouts and priority window), as {@link java.net.http.HttpClient} owns proxy, TLS
 * and connections. Build one with {@link #builder()} ({@link Autodiscover#newClient()}), ask it with
 * {@link #forEmail(String)} or {@link #forEmails(Collection)}, share it, close it when done.
 *
 * <pre>{@code
 * try (AutodiscoverClient client = Autodiscover.newClient()
 *         .dnsResolver(DnsResolver.servers(new InetSocketAddress("10.0.0.53", 53)))
 *         .trustRedirectHosts("autodiscover.hoster.net")
 *         .build()) {
 *   AutodiscoverResult r = client.forEmail("jan@contoso.com").excluding(DiscoveryMethod.SCP).resolve();
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe. {@link #close()} releases what the client created (threads, connections), never
 * what it was given (an executor, an {@link SSLContext}, a cache); calls still running are cancelled, and new calls
 * are refused with {@link IllegalStateException}.
 */
public final class AutodiscoverClient implements AutoCloseable {
  /** Default time budget of one attempt. */
  public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
  /** Default deadline of a single lookup. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);
  /** Default number of retries of an attempt that timed out (Outlook's {@code MaxRetriesOnTimeout}). */
  public static final int DEFAULT_RETRIES_ON_TIMEOUT = 1;
  /** Default redirect budget of a run (all redirect kinds together). */
  public static final int DEFAULT_MAX_REDIRECTS = 10;
  /** The longest accepted attempt timeout: 10 minutes. */
  public static final Duration MAX_ATTEMPT_TIMEOUT = Duration.ofMinutes(10);
  /** The longest accepted deadline: 24 hours. */
  public static final Duration MAX_DEADLINE = Duration.ofHours(24);
  /** The largest accepted number of retries of a timed-out attempt. */
  public static final int MAX_RETRIES_ON_TIMEOUT = 10;
  /** The largest accepted redirect budget. */
  public static final int MAX_REDIRECTS = 50;
  /**
   * Microsoft's own Autodiscover hosts, trusted as redirect targets by default (protocol.md §10.3 rule 6): the
   * commercial cloud, US Government GCC High and DoD, and the cloud operated by 21Vianet in China.
   */
  public static final Set<String> MICROSOFT_AUTODISCOVER_HOSTS = ClientSettings.MICROSOFT_HOSTS;

  private final ClientSettings settings;
  private final AutodiscoverEngine engine;
  private volatile boolean closed;

  AutodiscoverClient(ClientSettings settings) {
    this.settings = settings;
    this.engine = Objects.requireNonNull(Autodiscover.provider().newEngine(this), "provider returned no engine");
  }

  /** {@return a builder with every default: see each {@link Builder} method} */
  public static Builder builder() {
    return new ClientBuilder(new ClientSettings());
  }

  /** {@return a builder that starts from this client's settings (the new client shares its settings cache)} */
  public Builder toBuilder() {
    return new ClientBuilder(settings.copy());
  }

  /**
   * Starts a single lookup on this client.
   *
   * @param email the address, e.g. {@code jan.novak@contoso.com}
   * @return a request with default options
   * @throws NullPointerException if {@code email} is null
   * @throws InvalidEmailAddressException if it is not an address, or its domain cannot be discovered: a public
   *     suffix ({@code jan@co.uk}), or a name outside the public suffix list not in {@link Builder#privateDomains}
   * @throws IllegalStateException if the client is closed
   */
  public AutodiscoverRequest forEmail(String email) {
    return forEmail(EmailAddress.parse(email));
  }

  /**
   * Starts a single lookup on this client.
   *
   * @param email the address
   * @return a request with default options
   * @throws NullPointerException if {@code email} is null
   * @throws InvalidEmailAddressException if its domain cannot be discovered (see {@link #forEmail(String)})
   * @throws IllegalStateException if the client is closed
   */
  public AutodiscoverRequest forEmail(EmailAddress email) {
    Objects.requireNonNull(email, "email");
    engine().checkAddress(email);
    return new AutodiscoverRequest(this, email, CallSettings.DEFAULTS);
  }

  /**
   * Starts a batch on this client. Addresses are checked when it runs: a malformed one becomes a failed item.
   *
   * @param addresses the addresses, in the order the results should have
   * @return a batch with default options
   * @throws NullPointerException if {@code addresses} or an element is null
   * @throws IllegalStateException if the client is closed
   */
  public BatchRequest forEmails(Collection<String> addresses) {
    engine();
    return BatchRequest.of(this, addresses);
  }

  /**
   * Prepares, on background threads, what this client's first call would otherwise set up while it runs: this
   * client's HTTP client (and its SSL context, with a TLS ClientHello made in memory), then a whole lookup
   * rehearsed inside this process. A client of the warm-up's own resolves {@code warm-up@example.com} with the
   * default methods against an Autodiscover deployment it starts on the loopback interface (an HTTP proxy and TLS
   * server with a throw-away certificate that only that client trusts, and a DNS server that answers NXDOMAIN),
   * so that the JDK's HTTP client, TLS and certificate code, the public suffix list, the discovery pipeline, the
   * POX reader and the DNS library have each run once, over real sockets. Nothing leaves this host: the rehearsal
   * uses none of this client's proxy, DNS servers, credentials, cache, listeners or files, and this client's
   * listeners see none of its events. Should the rehearsal fail (no loopback port, say), the same parts are
   * prepared in memory instead. What the rehearsal prepares is the JVM's, so it runs once per JVM: a later client's
   * warm-up only makes its own HTTP client, and one made while another client's rehearsal runs waits for it. In a
   * fresh JVM it takes about a second with both cores of a 2-core machine busy (about what a first lookup costs);
   * the rehearsal briefly listens on a loopback port, where another process of this host could only make it fail.
   * {@link #close()} ends a warm-up still running and completes its future.
   * Optional: call it early (at application start-up) so that the first lookup does not pay for that set-up; a
   * call made meanwhile just proceeds. Idempotent: every call returns the same future.
   *
   * @return a future that completes normally when the preparation has ended, also if a part of it failed (the
   *     first call then meets that failure itself)
   * @throws IllegalStateException if the client is closed
   */
  public CompletableFuture<Void> warmUp() {
    return engine().warmUp();
  }

  /** The engine, unless the client is closed. */
  AutodiscoverEngine engine() {
    if (closed) {
      throw new IllegalStateException("this AutodiscoverClient is closed; build a new one");
    }
    return engine;
  }

  /** Cancels the calls still running and releases the threads and connections this client created. Idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      engine.close();
    }
  }

  /** {@return the proxy selector, or empty for the JDK default} */
  public Optional<ProxySelector> proxy() {
    return Optional.ofNullable(settings.proxy);
  }

  /** {@return the SSL context, or empty for the JDK default} */
  public Optional<SSLContext> sslContext() {
    return Optional.ofNullable(settings.sslContext);
  }

  /** {@return the DNS resolver settings, never null} */
  public DnsResolver dnsResolver() {
    return settings.dnsResolver;
  }

  /** {@return the settings cache, never null} */
  public SettingsCache settingsCache() {
    return settings.cache;
  }

  /** {@return the Active Directory for SCP lookups, or empty when SCP is not configured} */
  public Optional<ActiveDirectory> activeDirectory() {
    return Optional.ofNullable(settings.directory);
  }

  /** {@return the trusted redirect hosts, lower-case ASCII, unmodifiable} */
  public Set<String> trustedRedirectHosts() {
    return Collections.unmodifiableSet(settings.trusted);
  }

  /** {@return the domains treated as registrable though outside the public suffix list, unmodifiable} */
  public Set<String> privateDomains() {
    return Collections.unmodifiableSet(settings.privateDomains);
  }

  /** {@return the redirect validator, never null} */
  public RedirectValidator redirectValidator() {
    return settings.validator;
  }

  /** {@return the factory of each call's event listener, never null} */
  public AutodiscoverEventListener.Factory eventListenerFactory() {
    return settings.listeners;
  }

  /** {@return the executor for blocking work, or empty when the client uses threads of its own} */
  public Optional<Executor> executor() {
    return Optional.ofNullable(settings.executor);
  }

  /** {@return every configured local XML file, keyed by address or domain, unmodifiable} */
  public Map<String, Path> localXmlFiles() {
    return Collections.unmodifiableMap(settings.localXml);
  }

  /** {@return the redirect budget of a run} */
  public int maxRedirects() {
    return settings.maxRedirects;
  }

  /** {@return the default time budget of one attempt} */
  public Duration attemptTimeout() {
    return settings.attemptTimeout;
  }

  /** {@return the default deadline of a single lookup} */
  public Duration deadline() {
    return settings.deadline;
  }

  /** {@return the default number of retries of a timed-out attempt} */
  public int retriesOnTimeout() {
    return settings.retries;
  }

  /** {@return the default priority window of parallel mode, never null} */
  public PriorityWindow priorityWindow() {
    return settings.priorityWindow;
  }

  /** {@return a description without secrets} */
  @Override
  public String toString() {
    return "AutodiscoverClient[" + settings + (closed ? ", closed" : "") + "]";
  }

  /**
   * Builds an {@link AutodiscoverClient}. Each method checks its argument at once ({@link NullPointerException}
   * for null, {@link IllegalArgumentException} with what to fix otherwise) and returns this builder. Not
   * thread-safe; {@link #build()} may be called more than once, each time making an independent client.
   */
  public interface Builder {
    /**
     * Connects through this proxy selector (default: the JDK's).
     *
     * @param proxy the selector
     * @return this
     */
    Builder proxy(ProxySelector proxy);

    /**
     * Uses this SSL context (trust material) for HTTPS. Certificates and host names are always checked.
     *
     * @param sslContext an initialised context
     * @return this
     */
    Builder sslContext(SSLContext sslContext);

    /**
     * Asks these DNS servers (default: the system's).
     *
     * @param resolver the settings
     * @return this
     */
    Builder dnsResolver(DnsResolver resolver);

    /**
     * Remembers answering endpoints (never credentials) here (method 7); default: an in-memory cache of its own.
     * {@link SettingsCache#disabled()} turns caching off, {@link SettingsCache#file(Path)} keeps it across restarts.
     *
     * @param cache the cache
     * @return this
     */
    Builder settingsCache(SettingsCache cache);

    /**
     * Looks up Active Directory service connection points (method 1) here; without it SCP is recorded as not
     * configured (Outlook uses SCP only on domain-joined machines).
     *
     * @param directory the directory
     * @return this
     */
    Builder activeDirectory(ActiveDirectory directory);

    /**
     * Adds hosts that may be redirected to and receive credentials after a challenge, beside the user's own
     * registrable domain and {@link #MICROSOFT_AUTODISCOVER_HOSTS}.
     *
     * @param hosts exact host names
     * @return this
     * @throws IllegalArgumentException if a name is blank, not a host name, a public suffix ({@code co.uk}) or
     *     {@code autodiscover.<public suffix>}
     */
    Builder trustRedirectHosts(String... hosts);

    /**
     * Replaces the trusted redirect hosts, the Microsoft defaults included.
     *
     * @param hosts exact host names; empty to trust no host beyond the user's own domain
     * @return this
     * @throws IllegalArgumentException as {@link #trustRedirectHosts(String...)}
     */
    Builder trustOnlyRedirectHosts(Collection<String> hosts);

    /**
     * Treats these names as registrable domains although they are outside the public suffix list
     * ({@code corp.local}, {@code contoso.example}, {@code *.test}, {@code *.lan}): addresses there can be
     * discovered, and their hosts are the user's own for redirects and credentials.
     *
     * @param domains domain names
     * @return this
     * @throws IllegalArgumentException if a name is a public suffix or already under one ({@code contoso.com}
     *     needs no opt-in)
     */
    Builder privateDomains(String... domains);

    /**
     * Asks this validator about redirects to hosts neither in the user's domain nor trusted (default: refuse).
     * It is asked at most once per host and run.
     *
     * @param validator the validator
     * @return this
     */
    Builder redirectValidator(RedirectValidator validator);

    /**
     * Reports every call's events to this listener.
     *
     * @param listener the listener
     * @return this
     */
    Builder eventListener(AutodiscoverEventListener listener);

    /**
     * Makes a listener for each call.
     *
     * @param factory the factory
     * @return this
     */
    Builder eventListenerFactory(AutodiscoverEventListener.Factory factory);

    /**
     * Runs blocking work (LDAP, local files) on this executor, which the client never shuts down (default:
     * threads of the client's own, released by {@link #close()}).
     *
     * @param executor the executor
     * @return this
     */
    Builder executor(Executor executor);

    /**
     * Reads a pre-built Autodiscover answer from a local file (method 4, Outlook's local XML), for a whole
     * address (checked first, ignoring case) or a domain. It may redirect; the trust rules still apply.
     *
     * @param addressOrDomain an e-mail address or a domain
     * @param file the file's path
     * @return this
     * @throws InvalidEmailAddressException if the key contains {@code @} but is not a valid address
     * @throws IllegalArgumentException if the key is not a valid domain
     */
    Builder localXml(String addressOrDomain, Path file);

    /**
     * Sets the redirect budget of a run, shared by every redirect kind.
     *
     * @param maxRedirects 0 to {@value #MAX_REDIRECTS}; default {@value #DEFAULT_MAX_REDIRECTS}
     * @return this
     */
    Builder maxRedirects(int maxRedirects);

    /**
     * Sets the default time budget of one attempt.
     *
     * @param timeout positive, at most {@link #MAX_ATTEMPT_TIMEOUT}; default {@link #DEFAULT_ATTEMPT_TIMEOUT}
     * @return this
     */
    Builder attemptTimeout(Duration timeout);

    /**
     * Sets the default deadline of a single lookup.
     *
     * @param deadline positive, at most {@link #MAX_DEADLINE}; default {@link #DEFAULT_DEADLINE}
     * @return this
     */
    Builder deadline(Duration deadline);

    /**
     * Sets the default number of retries of a timed-out attempt.
     *
     * @param retries 0 to {@value #MAX_RETRIES_ON_TIMEOUT}; default {@value #DEFAULT_RETRIES_ON_TIMEOUT}
     * @return this
     */
    Builder retriesOnTimeout(int retries);

    /**
     * Sets the default priority window of parallel mode ({@link PriorityWindow}).
     *
     * @param window zero to {@link PriorityWindow#MAX_WINDOW}; default {@link PriorityWindow#DEFAULT_WINDOW}
     * @return this
     */
    Builder priorityWindow(Duration window);

    /** {@return this, set to keep Outlook's exact priority order by default: {@link PriorityWindow#strict()}} */
    Builder strictPriority();

    /**
     * Builds the client.
     *
     * @return a new client
     * @throws IllegalStateException if no implementation ({@code autodiscover-impl}) is installed
     */
    AutodiscoverClient build();
  }
}
