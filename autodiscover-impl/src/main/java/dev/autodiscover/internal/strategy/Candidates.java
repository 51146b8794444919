package dev.autodiscover.internal.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.IntPredicate;
import org.jspecify.annotations.Nullable;
import dev.autodiscover.internal.engine.ChainResult;
import dev.autodiscover.internal.engine.StrategyContext;

/**
 * Tries a method's candidates one after the other (protocol.md §2.3.3: never all at once, so only the
 * redirect actually followed counts against the budget). The first terminal result ends the walk; when all
 * fail, the failures are summarised, and the most telling failure kind is kept.
 *
 * <p>The walk is a loop, not a chain of nested callbacks: however many candidates there are, and whether
 * their results complete at once (a target refused by the trust policy) or later (an HTTP exchange), the
 * stack does not grow per candidate.
 */
final class Candidates {
  private Candidates() {}

  /** Walks {@code candidates} in order with {@code tryOne}; stops when the context's scope is cancelled. */
  static <T> CompletableFuture<ChainResult> inOrder(StrategyContext ctx, List<T> candidates,
      Function<T, CompletableFuture<ChainResult>> tryOne) {
    return inOrder(ctx, candidates, tryOne, index -> false);
  }

  /**
   * Like {@link #inOrder(StrategyContext, List, Function)}, but asks {@code stopBefore} with the index of each
   * candidate before trying it; when it answers true, the walk ends there as if the candidates had run out.
   */
  static <T> CompletableFuture<ChainResult> inOrder(StrategyContext ctx, List<T> candidates,
      Function<T, CompletableFuture<ChainResult>> tryOne, IntPredicate stopBefore) {
    Walk<T> walk = new Walk<>(ctx, List.copyOf(candidates), tryOne, stopBefore);
    walk.drive();
    return walk.done;
  }

  /** One walk's state; only one thread drives it at a time (each step starts after the previous one ended). */
  private static final class Walk<T> {
    final CompletableFuture<ChainResult> done = new CompletableFuture<>();
    private final StrategyContext ctx;
    private final List<T> candidates;
    private final Function<T, CompletableFuture<ChainResult>> tryOne;
    private final IntPredicate stopBefore;
    private final List<ChainResult.Failed> failures = new ArrayList<>();
    private int next;

    Walk(StrategyContext ctx, List<T> candidates, Function<T, CompletableFuture<ChainResult>> tryOne,
        IntPredicate stopBefore) {
      this.ctx = ctx;
      this.candidates = candidates;
      this.tryOne = tryOne;
      this.stopBefore = stopBefore;
    }

    /**
     * Tries candidates until one is still running, then returns; the thread that completes it drives on. A
     * result that is already there (or arrives while the callback is being attached) is taken in this loop.
     */
    void drive() {
      while (true) {
        CompletableFuture<ChainResult> step = startNext();
        if (step == null) {
          return;
        }
        AtomicBoolean attaching = new AtomicBoolean(true);
        step.whenComplete((result, failure) -> {
          take(result, failure);
          if (!attaching.compareAndSet(true, false)) {
            drive(); // completed later, on another stack: this thread carries the walk on
          }
        });
        if (attaching.compareAndSet(true, false)) {
          return; // still running: its completion drives on
        }
        // completed already: the callback took the result; go on in this loop
      }
    }

    /** The next candidate's result, or null when the walk is over (and {@link #done} completed). */
    private @Nullable CompletableFuture<ChainResult> startNext() {
      if (done.isDone()) {
        return null;
      }
      if (ctx.scope().isCancelled()) {
        done.complete(new ChainResult.Failed(ChainResult.Failed.Kind.CANCELLED, List.of(), "cancelled"));
        return null;
      }
      if (next == candidates.size() || stopBefore.test(next)) {
        done.complete(summarise(failures));
        return null;
      }
      try {
        return tryOne.apply(candidates.get(next++));
      } catch (Throwable e) { // fail the walk, as a failed future would; a callback must not swallow it
        done.completeExceptionally(e);
        return null;
      }
    }

    private void take(@Nullable ChainResult result, @Nullable Throwable failure) {
      if (failure != null) {
        done.completeExceptionally(failure);
      } else if (result == null) {
        done.completeExceptionally(new IllegalStateException("a candidate completed without a result"));
      } else if (result.terminal()) {
        done.complete(result);
      } else {
        failures.add((ChainResult.Failed) result);
      }
    }
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
