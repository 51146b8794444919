package dev.autodiscover.internal.strategy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import dev.autodiscover.internal.engine.ChainResult;
import dev.autodiscover.internal.engine.StrategyContext;

/**
 * Tries a method's candidate URLs one after the other (protocol.md §2.3.3: never all at once, so only the
 * redirect actually followed counts against the budget). The first terminal result ends the walk; when all
 * fail, the failures are summarised, and the most telling failure kind is kept.
 */
final class Candidates {
  private Candidates() {}

  /** Walks {@code urls} in order with {@code tryOne}; stops when the context's scope is cancelled. */
  static CompletableFuture<ChainResult> inOrder(StrategyContext ctx, List<URI> urls,
      java.util.function.Function<URI, CompletableFuture<ChainResult>> tryOne) {
    return next(ctx, urls, 0, tryOne, new ArrayList<>());
  }

  private static CompletableFuture<ChainResult> next(StrategyContext ctx, List<URI> urls, int i,
      java.util.function.Function<URI, CompletableFuture<ChainResult>> tryOne, List<ChainResult.Failed> failures) {
    if (ctx.scope().isCancelled()) {
      return CompletableFuture.completedFuture(
          new ChainResult.Failed(ChainResult.Failed.Kind.CANCELLED, List.of(), "cancelled"));
    }
    if (i == urls.size()) {
      return CompletableFuture.completedFuture(summarise(failures));
    }
    return tryOne.apply(urls.get(i)).thenCompose(result -> {
      if (result.terminal()) {
        return CompletableFuture.completedFuture(result);
      }
      failures.add((ChainResult.Failed) result);
      return next(ctx, urls, i + 1, tryOne, failures);
    });
  }

  private static ChainResult.Failed summarise(List<ChainResult.Failed> failures) {
    if (failures.size() == 1) {
      return failures.get(0);
    }
    ChainResult.Failed.Kind kind = ChainResult.Failed.Kind.NOT_FOUND;
    List<String> schemes = new ArrayList<>();
    for (ChainResult.Failed f : failures) {
      if (f.kind() == ChainResult.Failed.Kind.AUTH_FAILED
          || (f.kind() == ChainResult.Failed.Kind.AUTH_REQUIRED && kind != ChainResult.Failed.Kind.AUTH_FAILED)
          || (f.kind() == ChainResult.Failed.Kind.LOOP && kind == ChainResult.Failed.Kind.NOT_FOUND)) {
        kind = f.kind();
      }
      f.authSchemes().stream().filter(s -> !schemes.contains(s)).forEach(schemes::add);
    }
    return new ChainResult.Failed(kind, List.copyOf(schemes),
        String.join("; ", failures.stream().map(ChainResult.Failed::summary).toList()));
  }
}
