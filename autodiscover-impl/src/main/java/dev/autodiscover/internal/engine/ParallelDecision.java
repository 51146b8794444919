package dev.autodiscover.internal.engine;

import dev.autodiscover.internal.pipeline.TraceRecorder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import dev.autodiscover.AttemptOutcome;

/**
 * Picks a round's answer while its methods run in parallel.
 *
 * <p>The answer is the terminal result of the highest-priority method, as in Outlook's one-at-a-time walk.
 * A lower-priority answer therefore waits for every higher-priority method still running, with one
 * exception: a higher-priority method whose current HTTPS request has been in flight at least as long as
 * the whole winning method took, to a server that has never sent a single TLS byte, is presumed
 * unreachable. Walking one at a time, that request would have ended in a timeout and the walk would have
 * reached the same answer; waiting for the timeout would only cost time. A server that has answered the
 * handshake is always waited for (up to its attempt timeout), so a slow higher-priority answer still wins.
 */
final class ParallelDecision {
  /** Floor for the grace period, so that scheduling jitter never decides. */
  private static final long MIN_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(25);
  private static final long RECHECK_MILLIS = 5;

  private final Run run;
  private final int round;
  private final List<StrategyContext> contexts;
  private final List<CompletableFuture<Void>> starters;
  private final List<CompletableFuture<ChainResult>> results;
  private final long[] startNanos;
  private final long[] endNanos;
  private final CompletableFuture<Round.Outcome> outcome = new CompletableFuture<>();
  private final AtomicBoolean recheckScheduled = new AtomicBoolean();

  ParallelDecision(Run run, int round, List<StrategyContext> contexts, List<CompletableFuture<Void>> starters,
      List<CompletableFuture<ChainResult>> results) {
    this.run = run;
    this.round = round;
    this.contexts = contexts;
    this.starters = starters;
    this.results = results;
    this.startNanos = new long[results.size()];
    this.endNanos = new long[results.size()];
  }

  CompletableFuture<Round.Outcome> start(Duration stagger) {
    int n = results.size();
    for (int i = 0; i < n; i++) {
      int index = i;
      starters.get(i).thenRun(() -> startNanos[index] = System.nanoTime());
      results.get(i).whenComplete((r, e) -> {
        endNanos[index] = System.nanoTime();
        evaluate();
      });
    }
    for (int i = 0; i < n; i++) {
      CompletableFuture<Void> starter = starters.get(i);
      long delayNanos = stagger.toNanos() * i;
      if (delayNanos == 0) {
        starter.complete(null);
      } else {
        CompletableFuture.delayedExecutor(delayNanos, TimeUnit.NANOSECONDS).execute(() -> starter.complete(null));
      }
    }
    evaluate();
    return outcome;
  }

  private synchronized void evaluate() {
    if (outcome.isDone()) {
      return;
    }
    int n = results.size();
    int winner = -1;
    for (int i = 0; i < n; i++) {
      CompletableFuture<ChainResult> r = results.get(i);
      if (r.isDone() && !r.isCompletedExceptionally() && r.join().terminal()) {
        winner = i;
        break;
      }
      if (!r.isDone()) {
        // Every higher-priority method has failed: this one may start now whatever its stagger delay.
        if (allDoneBefore(i)) {
          starters.get(i).complete(null);
        }
      }
    }
    if (winner < 0) {
      if (results.stream().allMatch(CompletableFuture::isDone)) {
        List<ChainResult.Failed> failures = new ArrayList<>();
        for (CompletableFuture<ChainResult> r : results) {
          if (!r.isCompletedExceptionally() && r.join() instanceof ChainResult.Failed f) {
            failures.add(f);
          }
        }
        outcome.complete(new Round.Outcome.Exhausted(List.copyOf(failures)));
      }
      return;
    }
    long grace = Math.max(MIN_GRACE_NANOS, endNanos[winner] - startNanos[winner]);
    List<Integer> unreachable = new ArrayList<>();
    for (int k = 0; k < winner; k++) {
      if (results.get(k).isDone()) {
        continue;
      }
      if (!contexts.get(k).presumedUnreachable(grace)) {
        scheduleRecheck();
        return;
      }
      unreachable.add(k);
    }
    String winnerName = contexts.get(winner).method().displayName();
    for (int k : unreachable) {
      TraceRecorder.InFlight f = contexts.get(k).currentAttempt();
      if (f != null) {
        f.end(f.builder(AttemptOutcome.CANCELLED).detail("presumed unreachable: no TLS answer from the server in "
            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - f.startedNanos()) + " ms, while " + winnerName
            + " answered; one at a time, this request would have timed out").build());
      }
      contexts.get(k).scope().cancel();
    }
    Round.cancelBelow(run, round, winner, contexts, starters);
    outcome.complete(new Round.Outcome.Terminal(results.get(winner).join()));
  }

  private boolean allDoneBefore(int i) {
    for (int k = 0; k < i; k++) {
      if (!results.get(k).isDone()) {
        return false;
      }
    }
    return true;
  }

  private void scheduleRecheck() {
    if (recheckScheduled.compareAndSet(false, true)) {
      CompletableFuture.delayedExecutor(RECHECK_MILLIS, TimeUnit.MILLISECONDS).execute(() -> {
        recheckScheduled.set(false);
        evaluate();
      });
    }
  }
}
