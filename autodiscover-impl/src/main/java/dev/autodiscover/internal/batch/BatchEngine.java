package dev.autodiscover.internal.batch;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.BatchItem;
import dev.autodiscover.BatchRequest;
import dev.autodiscover.internal.http.HttpClients;
import dev.autodiscover.internal.http.HttpTransport;
import dev.autodiscover.internal.soap.SoapCodec;

/**
 * Runs {@link BatchRequest}s: groups addresses by domain, finds each domain's endpoint once with single
 * discovery, then asks for the users in SOAP {@code GetUserSettings} chunks (protocol.md §4.3, §4.7, §4.8).
 * Thread-safe; one instance serves the JVM.
 */
public final class BatchEngine {
  /** Single-address discovery over a given transport (a batch lane's). */
  @FunctionalInterface
  public interface Single {
    /**
     * Starts a discovery.
     *
     * @param request the request
     * @param env its environment
     * @param transport the transport its HTTP requests go through
     * @return the run's future
     */
    CompletableFuture<AutodiscoverResult> resolve(AutodiscoverRequest request, dev.autodiscover.internal.env.CallEnv env,
        HttpTransport transport);
  }

  private final Single single;
  private final SoapCodec codec;
  private final HttpClients clients;
  private final ScheduledExecutorService scheduler;
  private final Executor executor;

  /**
   * Creates the engine.
   *
   * @param single single-address discovery
   * @param codec the SOAP codec
   * @param clients makes each batch domain's own HTTP client (see {@link BatchLanes})
   * @param scheduler for retry pauses
   * @param executor for starting queued work; must not run tasks on the caller's thread
   */
  public BatchEngine(Single single, SoapCodec codec,
      HttpClients clients, ScheduledExecutorService scheduler, Executor executor) {
    this.single = Objects.requireNonNull(single, "single");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.clients = Objects.requireNonNull(clients, "clients");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  /** Starts a batch; the future completes with one item per input, in input order. */
  public CompletableFuture<List<BatchItem>> resolve(BatchRequest batch) {
    return new BatchRun(Objects.requireNonNull(batch, "batch"), single, codec, clients, scheduler, executor).start();
  }
}
