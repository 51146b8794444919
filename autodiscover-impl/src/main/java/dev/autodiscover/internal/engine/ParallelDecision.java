package dev.autodiscover.internal.engine;

import dev.autodiscover.internal.pipeline.TraceRecorder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import dev.autodiscover.AttemptOutcome;

/**
 * Picks a round's answer while its methods run in parallel.
 *
 * <p>The answer is the terminal result of the highest-priority method, as in Outlook's one-at-a-time walk, except
 * that a lower-priority answer does not wait for ever (see {@link dev.autodiscover.PriorityWindow}). Once any method
 * has a terminal result, the higher-priority methods still running are waited for until one of them answers (the
 * highest answer in hand wins), or until each of them has been let go, for one of three reasons:
 * <ul>
 *   <li>its method has only an AUTO switch of protocol left: the endpoint answered that it does not speak the first
 *       protocol, so in Outlook's walk the method had already failed, and the switch holds no priority;
 *   <li>its current HTTPS request has been in flight about as long as the whole winning method took, to a server that
 *       has never sent a single TLS byte: presumed unreachable (one at a time it would have timed out; see
 *       {@link UnreachableRule} for the exact rule, and its floor against scheduling jitter);
 *   <li>the priority window has passed since the first terminal result arrived (not in strict mode). A retry after
 *       a timeout does not move that instant, so it never extends the hold.
 * </ul>
 * Each method let go ends as cancelled, its trace entry saying why and whose answer was taken. Every reason only
 * shortens a wait that strict order would have had; none makes a run wait longer.
 */
final class ParallelDecision {
  /** Longest wait between two checks while nothing completes (a pending method may have moved to a new request). */
  private static final long MAX_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final long MIN_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final Run run;
  private final int round;
  private final List<StrategyContext> contexts;
  private final List<CompletableFuture<Void>> starters;
  private final List<CompletableFuture<ChainResult>> results;
  /** When each method's result completed ({@link System#nanoTime()}); 0 until its handler has noted it. */
  private final AtomicLongArray endNanos;
  private final CompletableFuture<Round.Outcome> outcome = new CompletableFuture<>();
  /** When the earliest scheduled recheck runs ({@link System#nanoTime()}); {@code Long.MAX_VALUE}: none. */
  private long recheckAt = Long.MAX_VALUE;
  private final java.util.Optional<Duration> window;
  /** When the first terminal result was seen ({@link System#nanoTime()}), and whose it was; -1: none yet. */
  private long firstAnswerNanos;
  private int firstAnswer = -1;
  /** Whether a pass of {@link #evaluate()} is running (on the thread holding this monitor). */
  private boolean evaluating;
  /** Whether {@link #evaluate()} was called during the running pass, which then runs once more. */
  private boolean evaluateAgain;

  ParallelDecision(Run run, int round, List<StrategyContext> contexts, List<CompletableFuture<Void>> starters,
      List<CompletableFuture<ChainResult>> results) {
    this.run = run;
    this.round = round;
    this.contexts = contexts;
    this.starters = starters;
    this.results = results;
    this.endNanos = new AtomicLongArray(results.size());
    this.window = run.request().priorityWindow().window();
  }

  CompletableFuture<Round.Outcome> start(Duration stagger) {
    int n = results.size();
    for (int i = 0; i < n; i++) {
      int index = i;
      // A method that switched protocol has failed in Outlook's walk: the next ones may start, or answer, now.
      contexts.get(i).onProtocolSwitch(this::evaluate);
      results.get(i).whenComplete((r, e) -> {
        endNanos.set(index, System.nanoTime());
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

  /**
   * Decides what can be decided now: starts methods whose predecessors all failed, takes the answer, lets methods go.
   *
   * <p>What a pass does may complete a method at once on this very thread (cancelling a method let go completes its
   * result; a method started may finish, or switch protocol, synchronously), whose handler calls this method again
   * while the monitor is held. Such a call does not run in the middle of the pass, where it would decide with the
   * pass's state half-applied (it used to let the remaining methods go and deliver the outcome, after which the
   * outer pass recorded their cancellation a second time, after the run had ended): it asks for one more pass after
   * the current one instead. Calls from other threads wait for the monitor, as before.
   */
  private synchronized void evaluate() {
    if (evaluating) {
      evaluateAgain = true;
      return;
    }
    evaluating = true;
    try {
      do {
        evaluateAgain = false;
        pass();
      } while (evaluateAgain);
    } finally {
      evaluating = false;
    }
  }

  /** One pass of {@link #evaluate()}; runs on the thread holding the monitor, never nested. */
  private void pass() {
    if (outcome.isDone()) {
      return;
    }
    int n = results.size();
    // Read before the scan: a result that completes on another thread during the scan (its own evaluation then
    // waits for this one) must not make this one see every result done yet no winner, and end the round as
    // exhausted while that result holds the answer (a rare "not found" seen in warm loops).
    boolean allDone = results.stream().allMatch(CompletableFuture::isDone);
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
      if (allDone) {
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
    long now = System.nanoTime();
    if (firstAnswer < 0) {
      firstAnswer = winner;
      firstAnswerNanos = now;
    }
    // The winner's own running time (from when its start thread began it, as a pending request's time in flight is
    // counted from when it was sent): a method that waited for a start thread is not credited that wait. Its end is
    // noted by the result's own handler just before that asks for a pass, but a pass on another thread may see the
    // result done first: the winner then counts as ending now (not at time 0, which made its running time absurd).
    long noted = endNanos.get(winner);
    long winnerEnd = noted != 0 ? noted : now;
    long winnerRan = winnerEnd - contexts.get(winner).startedNanos();
    long winnerSent = contexts.get(winner).answerSentNanos();
    boolean windowPassed = window.isPresent() && now - firstAnswerNanos >= window.get().toNanos();
    List<Integer> letGo = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    for (int k = 0; k < winner; k++) {
      CompletableFuture<ChainResult> r = results.get(k);
      if (r.isDone()) {
        if (!r.isCompletedExceptionally() && r.join().terminal()) {
          // It answered on another thread since the scan (that thread's evaluation waits for this one): it outranks
          // the winner found, so decide again rather than take a lower-priority answer past it.
          evaluateAgain = true;
          return;
        }
        continue;
      }
      StrategyContext pending = contexts.get(k);
      String unclaimed = pending.switchedProtocol();
      UnreachableRule.Silence silence = unclaimed == null ? pending.silence() : null;
      String unreachable = silence == null ? null : UnreachableRule.letGoReason(now, silence, winnerRan, winnerSent,
          contexts.get(winner).method().displayName());
      if (unclaimed != null) {
        reasons.add((pending.unsentSwitchTarget() != null ? "not sent: " : "not waited for: ") + unclaimed
            + ", so in Outlook's order this method had already failed, and AUTO's switch of protocol holds no"
            + " priority; the answer of " + contexts.get(winner).method().displayName() + " was taken instead");
      } else if (unreachable != null) {
        reasons.add(unreachable);
      } else if (windowPassed) {
        reasons.add("no answer within the " + window.get().toMillis() + " ms priority window after "
            + contexts.get(firstAnswer).method().displayName() + " answered; " + taken(winner)
            + " (strict priority would have waited)");
      } else {
        // Check again when this method could first be let go: its request reaches the grace, or the window ends.
        long next = now + MAX_RECHECK_NANOS;
        if (silence != null) {
          next = Math.min(next, UnreachableRule.letGoAt(silence, winnerRan, winnerSent));
          long overtakenAt = silence.sentNanos() + UnreachableRule.graceNanos(winnerRan, true);
          if (winnerSent != UnreachableRule.NONE && winnerSent - silence.sentNanos() >= 0 && overtakenAt - now > 0) {
            // its connection may yet begin and stay stuck before its handshake: it would then be overtaken sooner
            next = Math.min(next, overtakenAt);
          }
        }
        if (window.isPresent()) {
          next = Math.min(next, firstAnswerNanos + window.get().toNanos());
        }
        scheduleRecheck(now, next);
        return;
      }
      letGo.add(k);
    }
    List<StrategyContext> aborts = new ArrayList<>();
    for (int i = 0; i < letGo.size(); i++) {
      StrategyContext pending = contexts.get(letGo.get(i));
      java.net.URI unsent = pending.unsentSwitchTarget();
      TraceRecorder.InFlight f = unsent == null ? pending.currentAttempt() : null;
      // A method that ended since the scan (on another thread) has its own last entry: nothing to record for it.
      boolean ended = results.get(letGo.get(i)).isDone();
      if (!ended && f != null && !f.hasEnded()) {
        f.end(f.builder(AttemptOutcome.CANCELLED).detail(reasons.get(i)).build());
        aborts.add(pending); // a request in flight: aborted below, off this thread
        continue;
      } else if (!ended && (unsent != null || !pending.waitsOnAnother())) {
        // Between two requests (a DNS lookup, or an AUTO switch not sent): the trace still says why it was let go.
        pending.record(AttemptOutcome.CANCELLED, unsent, reasons.get(i));
      }
      pending.scope().cancel();
    }
    abort(aborts);
    Round.cancelBelow(run, round, winner, contexts, starters);
    outcome.complete(new Round.Outcome.Terminal(results.get(winner).join()));
  }

  /** Cancels methods let go with a request in flight (already recorded as cancelled), off this thread. */
  private void abort(List<StrategyContext> aborts) {
    if (!aborts.isEmpty()) {
      run.abortOffThread(() -> aborts.forEach(c -> c.scope().cancel()));
    }
  }

  /** How a window cut names the answer taken: the first answer's method is named just before. */
  private String taken(int winner) {
    String name = contexts.get(winner).method().displayName();
    return winner == firstAnswer ? "its answer was taken instead" : "the answer of " + name + " was taken instead";
  }

  /** Whether every method before {@code i} has failed, in Outlook's walk (an AUTO switch counts as failed). */
  private boolean allDoneBefore(int i) {
    for (int k = 0; k < i; k++) {
      if (!results.get(k).isDone() && contexts.get(k).switchedProtocol() == null) {
        return false;
      }
    }
    return true;
  }

  /** Runs {@link #evaluate()} at {@code at} (clamped to 1..50 ms from now) unless a check runs before then. */
  private void scheduleRecheck(long now, long at) {
    long delay = Math.max(MIN_RECHECK_NANOS, Math.min(MAX_RECHECK_NANOS, at - now));
    long when = now + delay;
    if (recheckAt - now > 0 && recheckAt - when <= MIN_RECHECK_NANOS) {
      return; // one is due at about that time or sooner
    }
    recheckAt = when;
    CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS).execute(this::recheck);
  }

  private synchronized void recheck() {
    if (recheckAt - System.nanoTime() <= 0) {
      recheckAt = Long.MAX_VALUE;
    }
    evaluate();
  }
}
