package dev.autodiscover.internal.pipeline;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import dev.autodiscover.Attempt;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AttemptTrace;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.spi.AutodiscoverEventListener;

/**
 * Builds the trace of one run from its events and forwards the events to the caller's listener.
 *
 * <p>Attempts are kept in a stable order (round, method priority, position within the method's chain) so
 * the trace reads the same in parallel and sequential mode. In-flight attempts are tracked so that those
 * cut short when the run ends are recorded as cancelled, and each start gets exactly one end. Thread-safe.
 */
public final class TraceRecorder {
  private static final AtomicLong RUN_IDS = new AtomicLong();

  private final long runId;
  private final long startNanos;
  private final AutodiscoverEventListener listener;
  private final AtomicLong attemptIds = new AtomicLong();
  /** Whether the recorder keeps the attempts for {@link #snapshot()}; a batch's builds each item's trace itself. */
  private final boolean keepsAttempts;
  private final List<Entry> entries = new ArrayList<>();
  private final List<InFlight> inFlight = new ArrayList<>();
  private volatile @org.jspecify.annotations.Nullable String closedReason;
  /** Set once the run's end has been reported: from then on nothing is recorded or reported. */
  private volatile boolean sealed;

  /**
   * A recorder for a new run of any kind, with a fresh run id (unique in this JVM).
   *
   * @param startNanos {@link System#nanoTime()} at the start of the run (attempt offsets count from it)
   * @param listener the caller's listener; its exceptions are logged and ignored
   * @return the recorder
   */
  public static TraceRecorder forNewRun(long startNanos, AutodiscoverEventListener listener) {
    return new TraceRecorder(RUN_IDS.incrementAndGet(), startNanos, listener, true);
  }

  /**
   * A recorder for a new batch run, with a fresh run id: it reports every event to the listener as
   * {@link #forNewRun} does, but keeps no attempt once it ended (a batch puts each attempt in the traces of the
   * items it concerns, and would otherwise hold every request's attempt until it ends); it has no
   * {@link #snapshot()}.
   *
   * @param startNanos {@link System#nanoTime()} at the start of the batch (attempt offsets count from it)
   * @param listener the caller's listener; its exceptions are logged and ignored
   * @return the recorder
   */
  public static TraceRecorder forBatch(long startNanos, AutodiscoverEventListener listener) {
    return new TraceRecorder(RUN_IDS.incrementAndGet(), startNanos, listener, false);
  }

  private TraceRecorder(long runId, long startNanos, AutodiscoverEventListener listener, boolean keepsAttempts) {
    this.runId = runId;
    this.startNanos = startNanos;
    this.listener = listener;
    this.keepsAttempts = keepsAttempts;
  }

  /** Position of an attempt in the trace: round, method priority, then order within the method's chain. */
  public record Position(int round, int methodRank, int step) {}

  private record Entry(Position position, long sequence, Attempt attempt) {}

  /** An attempt that has started and not yet ended. */
  public final class InFlight {
    private final long id = attemptIds.incrementAndGet();
    private final Position position;
    private final DiscoveryMethod method;
    private final EmailAddress address;
    private final String httpMethod;
    private final URI url;
    private final long started = System.nanoTime();
    private final AtomicBoolean ended = new AtomicBoolean();

    private InFlight(Position position, DiscoveryMethod method, EmailAddress address, String httpMethod, URI url) {
      this.position = position;
      this.method = method;
      this.address = address;
      this.httpMethod = httpMethod;
      this.url = url;
    }

    /** The URL being contacted. */
    public URI url() {
      return url;
    }

    /** When the attempt started ({@link System#nanoTime()}). */
    public long startedNanos() {
      return started;
    }

    /** Whether the attempt has ended. */
    public boolean hasEnded() {
      return ended.get();
    }

    /** Starts an attempt builder pre-filled with this attempt's method, address, URL, HTTP method and timing. */
    public Attempt.Builder builder(AttemptOutcome outcome) {
      return Attempt.builder(method, outcome)
          .address(address)
          .url(url)
          .httpMethod(httpMethod)
          .round(position.round())
          .timing(offset(started), Duration.ofNanos(System.nanoTime() - started));
    }

    /** Ends the attempt; only the first call records. Returns whether this call recorded it. */
    public boolean end(Attempt reported) {
      if (!ended.compareAndSet(false, true)) {
        return false;
      }
      if (sealed) {
        synchronized (TraceRecorder.this) {
          inFlight.remove(this);
        }
        return false;
      }
      String closed = closedReason;
      // Ended by the transport while the run was ending: whatever it reported, the run had stopped it.
      Attempt attempt = closed != null && reported.outcome() != AttemptOutcome.CANCELLED
          ? builder(AttemptOutcome.CANCELLED).detail(closed).build() : reported;
      synchronized (TraceRecorder.this) {
        inFlight.remove(this);
      }
      add(position, attempt);
      safe(() -> listener.attemptEnd(runId, id, attempt));
      return true;
    }
  }

  /** Records the start of a request. */
  public InFlight start(Position position, DiscoveryMethod method, EmailAddress address, String httpMethod, URI url) {
    InFlight f = new InFlight(position, method, address, httpMethod, url);
    synchronized (this) {
      if (sealed || closedReason != null) {
        // The run is ending (its requests are being cancelled) or has ended: a request started now is neither
        // recorded nor reported, its end neither.
        f.ended.set(true);
        return f;
      }
      inFlight.add(f);
    }
    safe(() -> listener.attemptStart(runId, f.id, method, httpMethod, url));
    return f;
  }

  /** A builder for a step that sent nothing, stamped with the current time and no duration. */
  public Attempt.Builder unsent(DiscoveryMethod method, AttemptOutcome outcome, EmailAddress address, int round) {
    return Attempt.builder(method, outcome).address(address).round(round).timing(elapsed(), Duration.ZERO);
  }

  /** Records a step that sent nothing (excluded, not available, refused redirect). */
  public void record(Position position, Attempt attempt) {
    if (sealed) {
      return;
    }
    add(position, attempt);
    safe(() -> listener.attemptEnd(runId, -1, attempt));
  }

  /** Reports a redirect decision to the listener. */
  public void redirect(DiscoveryMethod method, String from, String to, boolean followed, String reason) {
    if (sealed) {
      return;
    }
    safe(() -> listener.redirect(runId, method, from, to, followed, reason));
  }

  /** Records every attempt still in flight as cancelled, with the given reason. */
  public void cancelInFlight(String reason) {
    List<InFlight> open;
    synchronized (this) {
      closedReason = reason;
      open = new ArrayList<>(inFlight);
    }
    for (InFlight f : open) {
      f.end(f.builder(AttemptOutcome.CANCELLED).detail(reason).build());
    }
  }

  /** Records attempts still in flight of lower-priority methods in a round as cancelled. */
  public void cancelInFlightBelow(int round, int methodRank, String reason) {
    List<InFlight> open;
    synchronized (this) {
      open = inFlight.stream()
          .filter(f -> f.position.round() == round && f.position.methodRank() > methodRank)
          .toList();
    }
    for (InFlight f : open) {
      f.end(f.builder(AttemptOutcome.CANCELLED).detail(reason).build());
    }
  }

  /** The time since the run started. */
  public Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /** The time from the start of the run to {@code nanos} ({@link System#nanoTime()}), never negative. */
  public Duration offset(long nanos) {
    return Duration.ofNanos(Math.max(0, nanos - startNanos));
  }

  private synchronized void add(Position position, Attempt attempt) {
    if (keepsAttempts) {
      entries.add(new Entry(position, entries.size(), attempt));
    }
  }

  /**
   * The trace as recorded so far.
   *
   * @throws IllegalStateException for a recorder made by {@link #forBatch}, which keeps no attempts
   */
  public synchronized AttemptTrace snapshot() {
    if (!keepsAttempts) {
      throw new IllegalStateException("a batch's recorder keeps no attempts");
    }
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingInt((Entry e) -> e.position().round())
        .thenComparingInt(e -> e.position().methodRank())
        .thenComparingInt(e -> e.position().step())
        .thenComparingLong(Entry::sequence));
    return AttemptTrace.of(sorted.stream().map(Entry::attempt).toList());
  }

  /** The run's id, carried by every event of the run. */
  public long runId() {
    return runId;
  }

  /**
   * Reports a run-level event (start, end, failure) to the listener; what it throws is logged and ignored.
   *
   * @param event calls one method of the listener it is given
   */
  public void event(java.util.function.Consumer<AutodiscoverEventListener> event) {
    if (sealed) {
      return;
    }
    safe(() -> event.accept(listener));
  }

  /**
   * Ends the recording once the run's end has been reported: requests the run aborts afterwards, and answers that
   * arrive late, are neither recorded nor reported, so the listener hears nothing of a run after its end.
   * Idempotent.
   */
  public void seal() {
    sealed = true;
  }

  /** Runs a listener call; anything it throws is logged and ignored. */
  public static void safe(Runnable event) {
    try {
      event.run();
    } catch (RuntimeException e) {
      // The logger is looked up here, not held: looking it up starts the JDK's logging, which costs a fresh JVM
      // tens of milliseconds, and a run whose listener does not throw never needs it.
      System.getLogger(TraceRecorder.class.getName())
          .log(System.Logger.Level.WARNING, "Autodiscover event listener threw; ignored", e);
    }
  }
}
