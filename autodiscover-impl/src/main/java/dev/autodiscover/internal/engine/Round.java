package dev.autodiscover.internal.engine;

import dev.autodiscover.internal.pipeline.RedirectGuard;

import dev.autodiscover.internal.pipeline.TraceRecorder;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import dev.autodiscover.Attempt;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.EmailAddress;

/**
 * Discovery for one address: every enabled method runs (in parallel, staggered, or one at a time) and the
 * first terminal result in Outlook's priority order wins, exactly as if the methods had been tried one at a
 * time. When a method wins, every lower-priority method is cancelled.
 */
final class Round {
  /**
   * The details of skipped methods, one string per method for every run (a batch's results hold the skipped
   * methods of each of its domains).
   */
  private static final Map<DiscoveryMethod, String> EXCLUDED = details(m -> "excluded by the request (Outlook: "
      + m.outlookSwitch() + ")");
  private static final Map<DiscoveryMethod, String> NOT_AVAILABLE = details(m -> m.displayName()
      + " is not available in this version of the SDK");

  private static Map<DiscoveryMethod, String> details(java.util.function.Function<DiscoveryMethod, String> text) {
    Map<DiscoveryMethod, String> details = new java.util.EnumMap<>(DiscoveryMethod.class);
    for (DiscoveryMethod m : DiscoveryMethod.values()) {
      details.put(m, text.apply(m));
    }
    return java.util.Collections.unmodifiableMap(details);
  }

  private final Run run;
  private final EmailAddress address;
  private final int index;
  private final int hopBudget;
  private final Map<String, Shared> posted = new ConcurrentHashMap<>();

  private record Shared(StrategyContext owner, CompletableFuture<Step> step) {
    DiscoveryMethod method() {
      return owner.method();
    }
  }

  /** How the round ended. */
  sealed interface Outcome {
    /** A method produced a terminal result. */
    record Terminal(ChainResult result) implements Outcome {}

    /** Every method failed. */
    record Exhausted(List<ChainResult.Failed> failures) implements Outcome {}
  }

  Round(Run run, EmailAddress address, int index, int hopBudget) {
    this.run = run;
    this.address = address;
    this.index = index;
    this.hopBudget = hopBudget;
  }

  EmailAddress address() {
    return address;
  }

  int index() {
    return index;
  }

  /** Redirects this round may still follow within one chain. */
  int hopBudget() {
    return hopBudget;
  }

  /**
   * POSTs to a URL once per round: a second method reaching the same URL (for example the root domain
   * redirecting to the autodiscover host) reuses the first answer instead of sending the request again.
   */
  CompletableFuture<Step> postOnce(StrategyContext ctx, URI url, Wire wire, @org.jspecify.annotations.Nullable String note) {
    String key = wire + " " + RedirectGuard.key(url.toString());
    CompletableFuture<Step> mine = new CompletableFuture<>();
    Shared existing = posted.putIfAbsent(key, new Shared(ctx, mine));
    if (existing == null) {
      PostExchange.post(ctx, url, wire, note).whenComplete((s, e) -> {
        if (e != null) {
          mine.complete(PostExchange.failedStep(e));
        } else {
          mine.complete(s);
        }
      });
      return mine;
    }
    if (existing.owner() == ctx) {
      return existing.step();
    }
    ctx.waitOn(existing.owner());
    TraceRecorder.Position position = ctx.nextPosition();
    return existing.step().thenApply(step -> {
      Attempt.Builder b = run.recorder().unsent(ctx.method(), step.outcome(), address, index)
          .url(url).protocol(wire.protocol())
          .detail("not sent again: " + existing.method().displayName() + " already sent this request in this round;"
              + " its answer is used");
      run.recorder().record(position, b.build());
      return step;
    });
  }

  CompletableFuture<Outcome> start(Map<DiscoveryMethod, DiscoveryStrategy> strategies) {
    List<DiscoveryStrategy> active = new ArrayList<>();
    for (DiscoveryMethod m : run.request().methodOrder()) {
      TraceRecorder.Position position = new TraceRecorder.Position(index, run.rank(m), 0);
      if (!run.request().methods().contains(m)) {
        run.recorder().record(position, skipped(m, AttemptOutcome.EXCLUDED, EXCLUDED.get(m)));
      } else if (!strategies.containsKey(m)) {
        run.recorder().record(position, skipped(m, AttemptOutcome.NOT_AVAILABLE, NOT_AVAILABLE.get(m)));
      } else {
        active.add(strategies.get(m));
      }
    }
    int n = active.size();
    List<StrategyContext> contexts = new ArrayList<>(n);
    List<CompletableFuture<Void>> starters = new ArrayList<>(n);
    List<CompletableFuture<ChainResult>> results = new ArrayList<>(n);
    // With the cache first, nothing after it is sent until the cached endpoint has had its chance, and
    // nothing at all when it answered. The Office 365 step tells Microsoft the user's domain: it starts only
    // when everything before it failed.
    CompletableFuture<Boolean> gate = CompletableFuture.completedFuture(true);
    for (DiscoveryStrategy strategy : active) {
      StrategyContext ctx = new StrategyContext(run, this, strategy.method(), run.scope().child());
      CompletableFuture<Void> starter = new CompletableFuture<>();
      contexts.add(ctx);
      starters.add(starter);
      List<CompletableFuture<ChainResult>> earlier = List.copyOf(results);
      CompletableFuture<Boolean> before = strategy.method() != DiscoveryMethod.O365_ENDPOINT ? gate
          : CompletableFuture.allOf(earlier.toArray(CompletableFuture[]::new)).handle((v, e) -> earlier.stream()
              .noneMatch(r -> !r.isCompletedExceptionally() && r.join().terminal()));
      // Each method starts on the run's start threads: the caller of resolveAsync() gets its future at once, and
      // the methods' synchronous set-ups (in a fresh JVM: codecs, the DNS library, an HTTP client) run side by side.
      CompletableFuture<ChainResult> result = starter.thenCombine(before, (a, proceed) -> proceed)
          .thenComposeAsync(proceed -> proceed && !ctx.scope().isCancelled() ? runSafely(strategy, ctx)
              : CompletableFuture.completedFuture(ChainResult.Failed.of(ChainResult.Failed.Kind.CANCELLED,
                  "a higher-priority method answered before this one started")), run.starts());
      results.add(result);
      if (strategy.method() == DiscoveryMethod.LAST_KNOWN_GOOD && run.request().lastKnownGoodFirst()) {
        gate = result.handle((r, e) -> e != null || !r.terminal());
      }
    }
    if (!run.request().isSequential()) {
      return new ParallelDecision(run, index, contexts, starters, results).start(run.request().stagger());
    }
    // Sequential: Outlook's walk, one method at a time, each started when the one before it failed.
    return decide(0, contexts, starters, results, new ArrayList<>());
  }

  /** Sequential decision: start method i, take its result if terminal, else move on to i + 1. */
  private CompletableFuture<Outcome> decide(int i, List<StrategyContext> contexts,
      List<CompletableFuture<Void>> starters, List<CompletableFuture<ChainResult>> results,
      List<ChainResult.Failed> failures) {
    if (i == results.size()) {
      return CompletableFuture.completedFuture(new Outcome.Exhausted(List.copyOf(failures)));
    }
    starters.get(i).complete(null);
    return results.get(i).thenCompose(result -> {
      if (result.terminal()) {
        cancelBelow(run, index, i, contexts, starters);
        return CompletableFuture.completedFuture(new Outcome.Terminal(result));
      }
      failures.add((ChainResult.Failed) result);
      return decide(i + 1, contexts, starters, results, failures);
    });
  }

  /**
   * Cancels every method below the winner (at position {@code winner} of the lists): attempts in flight are
   * recorded as cancelled with the reason first, then their scopes cancelled, and unstarted ones never start.
   */
  static void cancelBelow(Run run, int round, int winner, List<StrategyContext> contexts,
      List<CompletableFuture<Void>> starters) {
    StrategyContext won = contexts.get(winner);
    run.recorder().cancelInFlightBelow(round, run.rank(won.method()),
        "a higher-priority method (" + won.method().displayName() + ") answered");
    for (int j = winner + 1; j < contexts.size(); j++) {
      starters.get(j).cancel(false);
      contexts.get(j).scope().cancel();
    }
  }

  private Attempt skipped(DiscoveryMethod m, AttemptOutcome outcome, String detail) {
    return run.recorder().unsent(m, outcome, address, index).detail(detail).build();
  }

  private static CompletableFuture<ChainResult> runSafely(DiscoveryStrategy strategy, StrategyContext ctx) {
    CompletableFuture<ChainResult> f;
    ctx.markStarted();
    try {
      f = strategy.run(ctx);
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    return f.exceptionally(e -> {
      if (ctx.scope().isCancelled()) {
        return ChainResult.Failed.of(ChainResult.Failed.Kind.CANCELLED, "cancelled");
      }
      System.getLogger(Round.class.getName()).log(System.Logger.Level.WARNING,
          "Autodiscover strategy " + ctx.method() + " failed unexpectedly", e);
      return ChainResult.Failed.of(ChainResult.Failed.Kind.NOT_FOUND,
          ctx.method().displayName() + " failed unexpectedly: " + e.getClass().getSimpleName());
    });
  }
}
