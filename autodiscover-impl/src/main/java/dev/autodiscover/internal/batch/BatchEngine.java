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
import dev.autodiscover.internal.soap.SoapCodec;

/**
 * Runs {@link BatchRequest}s: groups addresses by domain, finds each domain's endpoint once with single
 * discovery, then asks for the users in SOAP {@code GetUserSettings} chunks (protocol.md §4.3, §4.7, §4.8).
 * Thread-safe; one instance serves the JVM.
 */
public final class BatchEngine {
  private final java.util.function.BiFunction<AutodiscoverRequest, dev.autodiscover.internal.env.CallEnv, CompletableFuture<AutodiscoverResult>> single;
  private final SoapCodec codec;
  private final HttpClients clients;
  private final ScheduledExecutorService scheduler;
  private final Executor executor;

  /**
   * Creates the engine.
   *
   * @param single single-address discovery
   * @param codec the SOAP codec
   * @param clients shared HTTP clients
   * @param scheduler for retry pauses
   * @param executor for starting queued work; must not run tasks on the caller's thread
   */
  public BatchEngine(java.util.function.BiFunction<AutodiscoverRequest, dev.autodiscover.internal.env.CallEnv, CompletableFuture<AutodiscoverResult>> single, SoapCodec codec,
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
