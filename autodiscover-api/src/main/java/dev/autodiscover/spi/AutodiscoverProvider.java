package dev.autodiscover.spi;

import java.util.concurrent.CompletableFuture;
import dev.autodiscover.AttemptTrace;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.AutodiscoverResult;

/**
 * The implementation behind the API, found with {@link java.util.ServiceLoader}. The SDK's own
 * {@code autodiscover-impl} provides it; applications do not implement it.
 *
 * <p>Implementations must be thread-safe; one instance serves every request in the JVM.
 */
public interface AutodiscoverProvider {
  /**
   * Runs discovery for a request.
   *
   * @param request the request
   * @return a future that completes with the result, or exceptionally with an
   *     {@link dev.autodiscover.AutodiscoverException} subclass; cancelling it cancels the run
   */
  CompletableFuture<AutodiscoverResult> resolveAsync(AutodiscoverRequest request);

  /**
   * Renders a trace as a JSON array.
   *
   * @param trace the trace
   * @return the JSON text
   */
  String traceToJson(AttemptTrace trace);
}
