package dev.autodiscover.internal.pipeline;

import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A request a driver (batch, domain settings) sent through the pipeline: its trace attempt in flight and what came
 * of the exchange.
 *
 * @param inFlight the attempt, to be ended with the outcome
 * @param r the exchange's result
 * @param <T> the body the exchange read
 */
public record Posted<T>(TraceRecorder.InFlight inFlight, AuthenticatedExchange.Result<T> r) {
  /** {@return the URL posted to} */
  public URI url() {
    return r.url();
  }

  /** {@return the schemes of the last 401 challenge} */
  public List<String> schemes() {
    return r.schemes();
  }

  /** {@return the scheme of the credentials sent, or null when none were} */
  public @Nullable String sentAuth() {
    return r.sentAuth();
  }
}
