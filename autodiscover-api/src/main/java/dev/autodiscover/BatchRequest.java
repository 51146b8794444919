package dev.autodiscover;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * Discovery for many addresses at once, for migration and inventory tools.
 *
 * <pre>{@code
 * List<BatchItem> items = Autodiscover.forEmails(addresses)
 *     .configure(r -> r.credentials(credentials).deadline(Duration.ofSeconds(30)))
 *     .concurrency(8)
 *     .resolve();
 * }</pre>
 *
 * <p>Addresses are grouped by domain. For each domain, ordinary single-address discovery of one of its
 * addresses finds the Autodiscover endpoint once; then the domain's users are asked for in SOAP
 * {@code GetUserSettings} requests of up to {@link #chunkSize(int)} users each (protocol.md §4.3). Users the
 * server redirects are followed one by one under the same trust rules and redirect budget as single
 * discovery; an endpoint without SOAP makes its users fall back to one-by-one POX discovery that starts at the
 * endpoint already found.
 *
 * <p>Immutable and thread-safe: every option method returns a new request.
 */
public final class BatchRequest {
  /** Default and largest number of users per {@code GetUserSettings} request. */
  public static final int DEFAULT_CHUNK_SIZE = 100;
  /** Largest {@link #chunkSize(int)}. */
  public static final int MAX_CHUNK_SIZE = 100;
  /** Default number of requests in flight at once. */
  public static final int DEFAULT_CONCURRENCY = 8;
  /** Largest {@link #concurrency(int)}. */
  public static final int MAX_CONCURRENCY = 64;
  /**
   * The settings asked for by default: external and internal EWS URL, display name, user DN, deployment id,
   * CAS version, supported EWS schemas and alternate mailboxes.
   */
  public static final Set<UserSettingName> DEFAULT_SETTINGS = AutodiscoverRequest.DEFAULT_USER_SETTINGS;

  private final List<String> inputs;
  private final UnaryOperator<AutodiscoverRequest> options;
  private final int chunkSize;
  private final int concurrency;
  private final Set<UserSettingName> settings;
  private final BatchProgressListener progressListener;

  private BatchRequest(List<String> inputs, UnaryOperator<AutodiscoverRequest> options, int chunkSize,
      int concurrency, Set<UserSettingName> settings, BatchProgressListener progressListener) {
    this.inputs = inputs;
    this.options = options;
    this.chunkSize = chunkSize;
    this.concurrency = concurrency;
    this.settings = settings;
    this.progressListener = progressListener;
  }

  static BatchRequest of(Collection<String> addresses) {
    Objects.requireNonNull(addresses, "addresses");
    List<String> copy = new ArrayList<>(addresses.size());
    for (String address : addresses) {
      copy.add(Objects.requireNonNull(address, "addresses must not contain null"));
    }
    return new BatchRequest(Collections.unmodifiableList(copy), UnaryOperator.identity(), DEFAULT_CHUNK_SIZE,
        DEFAULT_CONCURRENCY, DEFAULT_SETTINGS, BatchProgressListener.NONE);
  }

  /**
   * Returns a request that applies {@code options} to every single-address request the batch makes (domain
   * endpoint discovery, redirected users, fallback): proxy, SSL context, credentials, timeouts, trust, cache,
   * DNS resolver and so on. The same credentials, timeouts and trust rules govern the batch's SOAP requests.
   * Options given by earlier calls are applied first.
   *
   * @param options turns a request with default options into the one to use; must not return null
   * @return the new request
   * @throws NullPointerException if {@code options} is null
   */
  public BatchRequest configure(UnaryOperator<AutodiscoverRequest> options) {
    Objects.requireNonNull(options, "options");
    UnaryOperator<AutodiscoverRequest> before = this.options;
    UnaryOperator<AutodiscoverRequest> combined = r -> options.apply(before.apply(r));
    return new BatchRequest(inputs, combined, chunkSize, concurrency, settings, progressListener);
  }

  /**
   * Returns a request with this many users per {@code GetUserSettings} request.
   *
   * @param users 1 to {@value #MAX_CHUNK_SIZE}; default {@value #DEFAULT_CHUNK_SIZE}
   * @return the new request
   * @throws IllegalArgumentException if out of range
   */
  public BatchRequest chunkSize(int users) {
    if (users < 1 || users > MAX_CHUNK_SIZE) {
      throw new IllegalArgumentException("chunkSize must be between 1 and " + MAX_CHUNK_SIZE + ": " + users);
    }
    return new BatchRequest(inputs, options, users, concurrency, settings, progressListener);
  }

  /**
   * Returns a request that keeps at most this many discoveries and SOAP requests in flight at once.
   *
   * @param n 1 to {@value #MAX_CONCURRENCY}; default {@value #DEFAULT_CONCURRENCY}
   * @return the new request
   * @throws IllegalArgumentException if out of range
   */
  public BatchRequest concurrency(int n) {
    if (n < 1 || n > MAX_CONCURRENCY) {
      throw new IllegalArgumentException("concurrency must be between 1 and " + MAX_CONCURRENCY + ": " + n);
    }
    return new BatchRequest(inputs, options, chunkSize, n, settings, progressListener);
  }

  /**
   * Returns a request that asks for these settings.
   *
   * @param names at least one name; default {@link #DEFAULT_SETTINGS}
   * @return the new request
   * @throws NullPointerException if {@code names} or an element is null
   * @throws IllegalArgumentException if {@code names} is empty
   */
  public BatchRequest settings(Set<UserSettingName> names) {
    Objects.requireNonNull(names, "names");
    names.forEach(n -> Objects.requireNonNull(n, "names must not contain null"));
    if (names.isEmpty()) {
      throw new IllegalArgumentException("ask for at least one setting");
    }
    return new BatchRequest(inputs, options, chunkSize, concurrency, Collections.unmodifiableSet(EnumSet.copyOf(names)),
        progressListener);
  }

  /**
   * Returns a request that reports progress to this listener after each address completes.
   *
   * @param listener the listener; {@link BatchProgressListener#NONE} by default
   * @return the new request
   * @throws NullPointerException if {@code listener} is null
   */
  public BatchRequest progressListener(BatchProgressListener listener) {
    Objects.requireNonNull(listener, "listener");
    return new BatchRequest(inputs, options, chunkSize, concurrency, settings, listener);
  }

  /**
   * Runs the batch and waits for every address.
   *
   * <p>Failures of single addresses (malformed, not found, rejected, timed out) are items, not exceptions.
   *
   * @return one item per input address, in input order
   * @throws java.util.concurrent.CancellationException if the thread was interrupted (the flag is restored)
   * @throws IllegalStateException if no implementation is installed
   * @throws NullPointerException if a {@link #configure} function returned null
   */
  public List<BatchItem> resolve() {
    return Await.join(resolveAsync(), "the batch");
  }

  /**
   * Starts the batch and returns at once. Cancelling the future cancels every request in flight.
   *
   * @return a future of one item per input address, in input order
   * @throws IllegalStateException if no implementation is installed
   */
  public CompletableFuture<List<BatchItem>> resolveAsync() {
    return Autodiscover.provider().resolveBatchAsync(this);
  }

  /**
   * Returns the addresses as given.
   *
   * @return an unmodifiable list in input order
   */
  public List<String> inputs() {
    return inputs;
  }

  /**
   * Builds the single-address request the batch uses for an address, applying every {@link #configure}
   * function.
   *
   * @param address the address
   * @return the request
   * @throws NullPointerException if {@code address} is null or a configure function returned null
   */
  public AutodiscoverRequest requestFor(EmailAddress address) {
    AutodiscoverRequest request = options.apply(Autodiscover.forEmail(address));
    return Objects.requireNonNull(request, "a BatchRequest.configure function returned null");
  }

  /**
   * Returns the number of users per {@code GetUserSettings} request.
   *
   * @return 1 to {@value #MAX_CHUNK_SIZE}
   */
  public int chunkSize() {
    return chunkSize;
  }

  /**
   * Returns the most requests in flight at once.
   *
   * @return 1 to {@value #MAX_CONCURRENCY}
   */
  public int concurrency() {
    return concurrency;
  }

  /**
   * Returns the settings asked for.
   *
   * @return an unmodifiable, non-empty set
   */
  public Set<UserSettingName> settings() {
    return settings;
  }

  /**
   * Returns the progress listener.
   *
   * @return the listener
   */
  public BatchProgressListener progressListener() {
    return progressListener;
  }

  /**
   * Describes the request: sizes and options, no addresses or secrets.
   *
   * @return a short description
   */
  @Override
  public String toString() {
    return "BatchRequest[" + inputs.size() + " addresses, chunkSize=" + chunkSize + ", concurrency=" + concurrency
        + ", settings=" + settings + "]";
  }
}
