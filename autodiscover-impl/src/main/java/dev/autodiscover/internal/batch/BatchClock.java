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
  private final RunScope scope;
  private final RedirectGuard root;

  private BatchClock(RunScope scope, RedirectGuard root) {
    this.scope = scope;
    this.root = root;
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
    run.onDeadline(scheduler, () -> {
      run.markDeadlineReached();
      items.failRemaining(address -> ApiAccess.get().timeout("No answer for " + address
          + " within the batch's deadline of " + batch.deadline().toMillis() + " ms.", AttemptTrace.of(List.of()),
          batch.deadline()));
      run.cancel();
    });
    return new BatchClock(run, new RedirectGuard(env, recorder));
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
