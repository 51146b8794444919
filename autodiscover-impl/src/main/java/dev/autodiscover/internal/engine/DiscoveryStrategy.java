package dev.autodiscover.internal.engine;

import java.util.concurrent.CompletableFuture;
import dev.autodiscover.DiscoveryMethod;

/**
 * One discovery method. The engine runs the enabled strategies of a round in priority order, in parallel
 * or one at a time, and takes the first terminal result in priority order.
 *
 * <p>Implementations are stateless and thread-safe. {@link #run} must not block, must record every
 * request it makes through the context, and must complete (never exceptionally for expected failures:
 * those are {@link ChainResult.Failed}); it must stop promptly once the context's scope is cancelled.
 */
public interface DiscoveryStrategy {
  /** The method this strategy implements. */
  DiscoveryMethod method();

  /** Runs the method for the context's address. */
  CompletableFuture<ChainResult> run(StrategyContext context);
}
