package dev.autodiscover.internal.batch;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import dev.autodiscover.BatchItem;
import org.jspecify.annotations.Nullable;

/**
 * The future of one batch run, whose blocking waits cannot outlast the run. When the heap is exhausted, the error
 * that should end the batch may be recorded (which needs no memory) while completing this future with it fails (that
 * needs some), and the scheduler thread that runs the batch's deadline may have died. So a thread blocked in
 * {@link #get()} or {@link #join()} does not only wait to be woken: every {@value #CHECK_MILLIS} ms it asks the run's
 * {@link Watch} to settle what it can (fail the batch with a recorded error, run an overdue deadline), and ends with
 * the recorded failure itself if the future still is not complete. Thread-safe.
 */
final class BatchFuture extends CompletableFuture<List<BatchItem>> {
  /** How often a blocked waiter checks the run, in milliseconds. */
  static final long CHECK_MILLIS = 100;

  /** What a waiter asks of the run. */
  interface Watch {
    /**
     * Ends the batch if it should have ended: with an error recorded since it started, or as its deadline does if
     * the deadline passed and its timer has not fired. May allocate, and so throw {@link OutOfMemoryError}.
     */
    void settle();
  }

  private volatile @Nullable Watch watch;
  /** The failure the batch ends with, noted before the future is completed with it (which may fail). */
  private volatile @Nullable Throwable failure;
  private static final java.util.concurrent.atomic.AtomicReferenceFieldUpdater<BatchFuture, Throwable> FAILURE =
      java.util.concurrent.atomic.AtomicReferenceFieldUpdater.newUpdater(BatchFuture.class, Throwable.class,
          "failure");
  /** Threads blocked in {@link #await}, woken when the future completes. */
  private final java.util.Queue<Thread> waiters = new java.util.concurrent.ConcurrentLinkedQueue<>();

  BatchFuture() {
    whenComplete((r, e) -> waiters.forEach(LockSupport::unpark));
  }

  /** Sets the run's watch; waiters do without one until then. */
  void watch(Watch w) {
    watch = w;
  }

  /**
   * Ends the batch with a failure: notes it without allocating, then completes the future with it, as far as memory
   * allows. Never throws.
   *
   * @param e the failure
   * @return whether this call completed the future
   */
  boolean fail(Throwable e) {
    if (!isDone()) {
      FAILURE.compareAndSet(this, null, e); // the first failure noted stays: no allocation
    }
    Throwable f = failure;
    try {
      return completeExceptionally(f != null ? f : e);
    } catch (Throwable ignored) {
      return false; // no memory for the completion: waiters end with the noted failure, and it is tried again
    }
  }

  /** {@return the failure noted by {@link #fail}, also when completing the future with it failed; else null} */
  @Nullable Throwable noted() {
    return failure;
  }

  /**
   * Completes the batch with its items, unless a failure was noted first: then the future completes with that
   * failure instead (a waiter may already have thrown it).
   */
  @Override
  public boolean complete(List<BatchItem> items) {
    Throwable f = failure;
    return f != null ? completeExceptionally(f) : super.complete(items);
  }

  /**
   * Waits for the batch, checking it every {@link #CHECK_MILLIS} ms (see the class comment).
   *
   * @return one item per input, in input order
   * @throws ExecutionException with the failure the batch ended with, also one noted while this future could not be
   *     completed with it (the future may then not be done yet); when even the exception cannot be allocated, an
   *     {@link OutOfMemoryError} is thrown instead
   * @throws java.util.concurrent.CancellationException if the batch was cancelled
   * @throws InterruptedException if this thread was interrupted while waiting
   */
  @Override
  public List<BatchItem> get() throws InterruptedException, ExecutionException {
    Throwable f = await(0, true);
    if (f != null) {
      throw new ExecutionException(f);
    }
    return super.get();
  }

  /**
   * Waits at most the timeout for the batch, as {@link #get()} does. Settling the run may take this thread past the
   * timeout, when it does an overdue deadline's work.
   *
   * @return one item per input, in input order
   * @throws TimeoutException if the batch did not end within the timeout
   * @throws ExecutionException as {@link #get()}
   * @throws InterruptedException if this thread was interrupted while waiting
   */
  @Override
  public List<BatchItem> get(long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    Throwable f = await(Math.max(1, unit.toNanos(timeout)), true);
    if (f != null) {
      throw new ExecutionException(f);
    }
    if (!isDone()) {
      throw new TimeoutException();
    }
    return super.get();
  }

  /**
   * Waits for the batch without being interruptible (the interrupt flag is kept), as {@link #get()} does.
   *
   * @return one item per input, in input order
   * @throws java.util.concurrent.CompletionException with the failure the batch ended with, as {@link #get()}
   * @throws java.util.concurrent.CancellationException if the batch was cancelled
   */
  @Override
  public List<BatchItem> join() {
    try {
      Throwable f = await(0, false);
      if (f != null) {
        throw new java.util.concurrent.CompletionException(f);
      }
    } catch (InterruptedException e) {
      throw new AssertionError(e); // not interruptible
    }
    return super.join();
  }

  /**
   * Waits until the future is done, the timeout (if positive) has passed, or the batch failed without the future
   * being completed; settles the run every {@link #CHECK_MILLIS} ms meanwhile.
   *
   * @return the failure the batch ended with if the future could not be completed with it, else null
   */
  private @Nullable Throwable await(long timeoutNanos, boolean interruptible) throws InterruptedException {
    if (isDone()) {
      return null;
    }
    Thread me = Thread.currentThread();
    boolean queued = false;
    try {
      queued = waiters.add(me);
    } catch (OutOfMemoryError e) {
      // not woken at completion then, only every CHECK_MILLIS
    }
    long end = System.nanoTime() + timeoutNanos;
    boolean interrupted = false;
    try {
      while (!isDone()) {
        Watch w = watch;
        if (w != null) {
          try {
            w.settle();
          } catch (Error e) {
            fail(e); // out of memory while settling, say: the batch ends with that
          }
        }
        if (isDone()) {
          break;
        }
        Throwable f = failure;
        if (f != null) {
          fail(f); // try the completion again: it may succeed now that memory was freed
          if (isDone()) {
            break; // completed (with f, or with the items by a completion that came first): report that
          }
          return f;
        }
        long slice = TimeUnit.MILLISECONDS.toNanos(CHECK_MILLIS);
        if (timeoutNanos > 0) {
          long left = end - System.nanoTime();
          if (left <= 0) {
            break;
          }
          slice = Math.min(slice, left);
        }
        LockSupport.parkNanos(this, slice);
        if (Thread.interrupted()) {
          if (interruptible) {
            throw new InterruptedException();
          }
          interrupted = true;
        }
      }
      return null;
    } finally {
      if (queued) {
        waiters.remove(me);
      }
      if (interrupted) {
        me.interrupt();
      }
    }
  }
}
