package dev.autodiscover.internal.domain;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DomainSettingName;
import dev.autodiscover.DomainSettingsResult;
import dev.autodiscover.internal.http.HttpClients;
import dev.autodiscover.internal.soap.SoapCodec;

/**
 * Finds a request's Autodiscover endpoint with single discovery, then asks its SOAP service for the settings
 * of the address's domain with {@code GetDomainSettings} (protocol.md §4.5), following per-domain
 * {@code RedirectUrl} answers and HTTP redirects under the trust policy. Thread-safe; one instance serves the
 * JVM.
 */
public final class DomainSettingsEngine {
  private final java.util.function.BiFunction<AutodiscoverRequest, dev.autodiscover.internal.env.CallEnv, CompletableFuture<AutodiscoverResult>> single;
  private final SoapCodec codec;
  private final HttpClients clients;
  private final ScheduledExecutorService scheduler;

  /**
   * Creates the engine.
   *
   * @param single single-address discovery (the provider's own resolve path, so traces and cancellation work)
   * @param codec the SOAP codec
   * @param clients shared HTTP clients
   * @param scheduler for retry pauses and the deadline
   */
  public DomainSettingsEngine(java.util.function.BiFunction<AutodiscoverRequest, dev.autodiscover.internal.env.CallEnv, CompletableFuture<AutodiscoverResult>> single,
      SoapCodec codec, HttpClients clients, ScheduledExecutorService scheduler) {
    this.single = Objects.requireNonNull(single, "single");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.clients = Objects.requireNonNull(clients, "clients");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
  }

  /**
   * Starts a run.
   *
   * @param request the request; its address's domain is the domain asked about
   * @param names the settings to ask for, non-empty
   * @return the future result; fails with an {@code AutodiscoverException} subclass; cancelling it cancels the
   *     requests in flight
   */
  public CompletableFuture<DomainSettingsResult> resolve(AutodiscoverRequest request, Set<DomainSettingName> names) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(names, "names");
    if (names.isEmpty()) {
      throw new IllegalArgumentException("ask for at least one domain setting");
    }
    return new DomainSettingsRun(request, dev.autodiscover.internal.env.CallEnv.of(request.client(), java.util.List.of(request.address())),
        names, single, codec, clients, scheduler).start();
  }
}
