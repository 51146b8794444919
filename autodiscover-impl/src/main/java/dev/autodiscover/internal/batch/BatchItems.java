package dev.autodiscover.internal.batch;

import dev.autodiscover.access.ApiAccess;

import java.util.Arrays;
import java.util.List;
import dev.autodiscover.AttemptTrace;
import dev.autodiscover.AutodiscoverException;
import dev.autodiscover.BatchItem;
import dev.autodiscover.BatchProgress;
import dev.autodiscover.BatchRequest;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.internal.pipeline.TraceRecorder;
import org.jspecify.annotations.Nullable;

/**
 * The items of one batch run: each completes once, progress is reported after each, the result completes
 * when the last one does, and the run's {@code batchStart}/{@code batchEnd} events are sent exactly once.
 * Thread-safe.
 */
final class BatchItems {

  private final BatchRequest batch;
  private final TraceRecorder recorder;
  private final @Nullable BatchItem[] items;
  private final @Nullable EmailAddress[] addresses;
  private final BatchFuture result = new BatchFuture();
  private final java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
  private int done;
  private int succeeded;

  BatchItems(BatchRequest batch, TraceRecorder recorder) {
    this.batch = batch;
    this.recorder = recorder;
    this.items = new BatchItem[batch.inputs().size()];
    this.addresses = new EmailAddress[items.length];
    recorder.event(l -> l.batchStart(recorder.runId(), items.length));
    result.whenComplete((r, e) -> end());
  }

  /** Sends {@code batchEnd} once: before the result completes normally, or when it fails or is cancelled. */
  private void end() {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    int ok;
    synchronized (this) {
      ok = succeeded;
    }
    recorder.event(l -> l.batchEnd(recorder.runId(), ok, items.length - ok));
  }

  /** The batch's future: one item per input, in input order. */
  BatchFuture result() {
    return result;
  }

  /** Notes the parsed address of an input, for {@link #failRemaining}. */
  synchronized void address(int index, EmailAddress address) {
    addresses[index] = address;
  }

  /**
   * Completes an item; later calls for the same index, and calls after the batch ended, are ignored. An
   * {@link Error} thrown by the progress listener ends the batch with that error.
   *
   * @return whether this call completed the item
   */
  boolean complete(int index, BatchItem item) {
    BatchProgress progress;
    Error fatal = null;
    Throwable noted = result.noted();
    if (noted != null) { // the batch ended with a failure that could not complete its future yet: try again
      result.fail(noted);
      return false;
    }
    synchronized (this) {
      if (items[index] != null || result.isDone()) {
        return false;
      }
      items[index] = item;
      done++;
      if (item.isSuccess()) {
        succeeded++;
      }
      progress = new BatchProgress(items.length, done, succeeded, done - succeeded);
      try {
        batch.progressListener().progress(progress);
      } catch (RuntimeException e) {
        // looked up here, not held: a batch whose listener does not throw never starts the JDK's logging
        System.getLogger(BatchItems.class.getName())
            .log(System.Logger.Level.WARNING, "a BatchProgressListener threw; ignored", e);
      } catch (Error e) {
        fatal = e;
      }
    }
    if (fatal != null) {
      abort(fatal);
    } else if (progress.isComplete()) {
      end(); // before the caller can see the result
      result.complete(List.copyOf(Arrays.asList(items)));
    }
    return true;
  }

  /** Fails every item not yet complete with {@code error(address)}, for example when the deadline passed. */
  void failRemaining(java.util.function.Function<@Nullable EmailAddress, AutodiscoverException> error) {
    for (int i = 0; i < items.length && !result.isDone() && result.noted() == null; i++) {
      EmailAddress address;
      synchronized (this) {
        if (items[i] != null) {
          continue;
        }
        address = addresses[i];
      }
      AutodiscoverException e = error.apply(address);
      complete(i, ApiAccess.get().batchFailed(batch.inputs().get(i), address, e, AttemptTrace.of(List.of())));
    }
  }

  /**
   * Ends the batch with an unexpected failure (see {@link BatchFuture#fail}). Never throws.
   *
   * @return whether this call completed the batch's future
   */
  boolean abort(Throwable e) {
    return result.fail(e);
  }
}
