package dev.autodiscover;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Discovery for many addresses at once (migration tools, directory sync): each domain's endpoint is found once,
 * then users are asked for in chunks with SOAP {@code GetUserSettings}. Made by
 * {@link AutodiscoverClient#forEmails(Collection)}; the per-call options of {@link DiscoveryOptions} apply to
 * every address (credentials, methods, timeouts, protocol, {@link #userSettings(java.util.Set) settings}), and the
 * {@link #deadline(Duration) deadline} bounds the whole batch. Immutable and thread-safe.
 */
public final class BatchRequest extends DiscoveryOptions<BatchRequest> {
  /** Default number of users per {@code GetUserSettings} request. */
  public static final int DEFAULT_CHUNK_SIZE = 100;
  /** Largest number of users per {@code GetUserSettings} request (the protocol's limit). */
  public static final int MAX_CHUNK_SIZE = 100;
  /** Default number of discoveries and SOAP requests in flight at once. */
  public static final int DEFAULT_CONCURRENCY = 8;
  /** Largest number of discoveries and SOAP requests in flight at once. */
  public static final int MAX_CONCURRENCY = 64;
  /** Default deadline of a whole batch: one hour. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofHours(1);

  private final List<String> inputs;
  private final int chunkSize;
  private final int concurrency;
  private final BatchProgressListener progressListener;

  private BatchRequest(AutodiscoverClient client, CallSettings settings, List<String> inputs, int chunkSize,
      int concurrency, BatchProgressListener progressListener) {
    super(client, settings);
    this.inputs = inputs;
    this.chunkSize = chunkSize;
    this.concurrency = concurrency;
    this.progressListener = progressListener;
  }

  static BatchRequest of(AutodiscoverClient client, Collection<String> addresses) {
    Objects.requireNonNull(addresses, "addresses");
    List<String> copy = new ArrayList<>(addresses.size());
    for (String address : addresses) {
      copy.add(Objects.requireNonNull(address, "addresses must not contain null"));
    }
    return new BatchRequest(client, CallSettings.DEFAULTS, Collections.unmodifiableList(copy), DEFAULT_CHUNK_SIZE,
        DEFAULT_CONCURRENCY, BatchProgressListener.NONE);
  }

  @Override
  BatchRequest with(CallSettings changed) {
    return new BatchRequest(client, changed, inputs, chunkSize, concurrency, progressListener);
  }

  /**
   * Returns a batch that asks for this many users per {@code GetUserSettings} request.
   *
   * @param users 1 to {@value #MAX_CHUNK_SIZE}; default {@value #DEFAULT_CHUNK_SIZE}
   * @return the new batch
   * @throws IllegalArgumentException if out of range
   */
  public BatchRequest chunkSize(int users) {
    if (users < 1 || users > MAX_CHUNK_SIZE) {
      throw new IllegalArgumentException("chunkSize must be between 1 and " + MAX_CHUNK_SIZE + ", got " + users);
    }
    return new BatchRequest(client, settings, inputs, users, concurrency, progressListener);
  }

  /**
   * Returns a batch that keeps at most this many discoveries and SOAP requests in flight at once.
   *
   * @param n 1 to {@value #MAX_CONCURRENCY}; default {@value #DEFAULT_CONCURRENCY}
   * @return the new batch
   * @throws IllegalArgumentException if out of range
   */
  public BatchRequest concurrency(int n) {
    if (n < 1 || n > MAX_CONCURRENCY) {
      throw new IllegalArgumentException("concurrency must be between 1 and " + MAX_CONCURRENCY + ", got " + n);
    }
    return new BatchRequest(client, settings, inputs, chunkSize, n, progressListener);
  }

  /**
   * Returns a batch that reports progress to this listener after each address completes.
   *
   * @param listener the listener; {@link BatchProgressListener#NONE} by default
   * @return the new batch
   * @throws NullPointerException if {@code listener} is null
   */
  public BatchRequest progressListener(BatchProgressListener listener) {
    Objects.requireNonNull(listener, "listener");
    return new BatchRequest(client, settings, inputs, chunkSize, concurrency, listener);
  }

  /**
   * Runs the batch and waits for every address. Failures of single addresses (malformed, not found, rejected,
   * timed out) are items, not exceptions.
   *
   * @return one item per input address, in input order
   * @throws java.util.concurrent.CancellationException if cancelled, the client closed, or the thread
   *     interrupted (the flag is restored)
   * @throws IllegalStateException if the client is closed
   * @throws Error an {@code Error} (an {@link OutOfMemoryError}, say) thrown in the batch's work, or thrown by any
   *     task the client runs on its own threads or its {@link AutodiscoverClient.Builder#executor executor} while
   *     the batch runs (also one of another call on the same client, such as an event listener's), as it is, or
   *     another {@code OutOfMemoryError} when not even that can be allocated; the wait ends with it within about
   *     100 ms even when the heap is too short to complete the batch's future with it. The wait also ends at most
   *     about a second after the batch's {@link #deadline() deadline} when the client's timer thread is late or has
   *     died: this thread then fails the items left itself.
   */
  public List<BatchItem> resolve() {
    return Await.join(resolveAsync(), "the batch");
  }

  /**
   * Starts the batch and returns at once. Cancelling the future cancels every request in flight. An {@code Error}
   * thrown in the batch's work, or by any task the client runs on its own threads or its executor while the batch
   * runs, completes the future with that error, as far as the memory left allows; the future's own {@code get} and
   * {@code join} end with it in any case, and at most about a second after the deadline (see {@link #resolve()}).
   *
   * @return a future of one item per input address, in input order
   * @throws IllegalStateException if the client is closed
   */
  public CompletableFuture<List<BatchItem>> resolveAsync() {
    return client.engine().resolveBatchAsync(this);
  }

  /** {@return the addresses as given: an unmodifiable list in input order} */
  public List<String> inputs() {
    return inputs;
  }

  /**
   * Returns the single-address request the batch runs for an address that must be discovered on its own:
   * this batch's options, with the client's default deadline (the batch's own deadline bounds the batch).
   *
   * @param address the address
   * @return the request
   * @throws NullPointerException if {@code address} is null
   */
  public AutodiscoverRequest requestFor(EmailAddress address) {
    Objects.requireNonNull(address, "address");
    return new AutodiscoverRequest(client, address, settings.with(s -> s.deadline = null));
  }

  /** {@return this batch's deadline, else {@link #DEFAULT_DEADLINE}} */
  @Override
  public Duration deadline() {
    return settings.deadline != null ? settings.deadline : DEFAULT_DEADLINE;
  }

  /** {@return the number of users per {@code GetUserSettings} request, 1 to {@value #MAX_CHUNK_SIZE}} */
  public int chunkSize() {
    return chunkSize;
  }

  /**
   * {@return the most discoveries and SOAP requests in flight at once, 1 to {@value #MAX_CONCURRENCY}; a discovery
   * may try several of its domain's hosts and a DNS query at once, so with several discovery methods the open
   * sockets can reach a small multiple of it}
   */
  public int concurrency() {
    return concurrency;
  }

  /** {@return the progress listener, never null} */
  public BatchProgressListener progressListener() {
    return progressListener;
  }

  /** {@return a description: sizes and options, no addresses or secrets} */
  @Override
  public String toString() {
    return "BatchRequest[" + inputs.size() + " addresses, chunkSize=" + chunkSize + ", concurrency=" + concurrency
        + ", " + settings + "]";
  }
}
