package dev.autodiscover.internal.batch;

import dev.autodiscover.access.ApiAccess;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import dev.autodiscover.AttemptTrace;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.AutodiscoverTimeoutException;
import dev.autodiscover.BatchRequest;
import dev.autodiscover.internal.pipeline.RedirectGuard;
import dev.autodiscover.internal.pipeline.RunScope;
import dev.autodiscover.internal.pipeline.TraceRecorder;

/**
 * The overall deadline, cancellation and remembered validator answers of one batch run. The batch deadline is
 * the batch's {@link BatchRequest#deadline() deadline}, applied to the whole batch: when
 * it passes, every item not yet complete fails with an {@link AutodiscoverTimeoutException} and everything in
 * flight, the single discoveries the batch started included, is cancelled. Sub-runs get the time left as
 * their own deadline and the batch's validator memory. Thread-safe.
 */
final class BatchClock {
  /**
   * How long past the deadline a waiter lets the timer be late before it does the deadline's work itself: long enough
   * that a timer thread that is only busy or paused (GC) is not overtaken.
   */
  static final long OVERDUE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

  private final RunScope scope;
  private final RedirectGuard root;
  private final Runnable onDeadline;

  private BatchClock(RunScope scope, RedirectGuard root, Runnable onDeadline) {
    this.scope = scope;
    this.root = root;
    this.onDeadline = onDeadline;
  }

  /**
   * Starts the clock now.
   *
   * @param batch the batch (its deadline bounds the whole run)
   * @param env the batch's environment (its validator is remembered for the run)
   * @param recorder the batch's recorder
   * @param scheduler runs the deadline timer
   * @param items the batch's items, failed at the deadline
   * @return the clock
   */
  static BatchClock start(BatchRequest batch, dev.autodiscover.internal.env.CallEnv env, TraceRecorder recorder, ScheduledExecutorService scheduler,
      BatchItems items) {
    RunScope run = RunScope.startNow(batch.deadline());
    items.result().whenComplete((r, e) -> {
      run.close();
      run.cancel();
    });
    BatchClock clock = new BatchClock(run, new RedirectGuard(env, recorder), () -> {
      try {
        items.failRemaining(address -> ApiAccess.get().timeout("No answer for " + address
            + " within the batch's deadline of " + batch.deadline().toMillis() + " ms.", AttemptTrace.of(List.of()),
            batch.deadline()));
        run.cancel();
      } catch (RuntimeException | Error e) {
        items.abort(e); // out of memory for 100,000 timeouts, say: the batch ends with that, not never
      }
    });
    run.onDeadline(scheduler, clock::fire);
    return clock;
  }

  /**
   * Does the deadline's work: marks the deadline reached, fails the items not yet complete, cancels what is in flight.
   * Once (the scope's mark decides who does it); never throws.
   */
  private void fire() {
    if (scope.markDeadlineReached()) {
      onDeadline.run();
    }
  }

  /**
   * Does the deadline's work if the deadline passed more than {@link #OVERDUE_NANOS} ago and its timer has not
   * fired: for a waiter, when the scheduler thread that runs the timer may have died (see {@link BatchFuture}).
   */
  void settleOverdue() {
    if (!scope.deadlineReached() && scope.overdueBy(OVERDUE_NANOS)) {
      fire();
    }
  }

  /** The batch's deadline and cancellation. */
  RunScope scope() {
    return scope;
  }

  /** The batch-wide guard whose validator memory every domain and sub-run shares. */
  RedirectGuard root() {
    return root;
  }

  /** A single-address request of this batch: the batch's remembered validator, capped by the time left. */
  AutodiscoverRequest subRun(AutodiscoverRequest request) {
    Duration left = scope.cap(request.deadline());
    return left.isZero() ? request : request.deadline(left);
  }
}
