package dev.autodiscover;

import java.time.Duration;
import java.util.Objects;

/**
 * The overall deadline of the run passed before any method produced an answer. Attempts still in flight
 * were cancelled and appear in the trace as such. Retryable.
 */
public final class AutodiscoverTimeoutException extends AutodiscoverException {
  private static final long serialVersionUID = 1L;

  /** Serialized form: see {@link #deadline()}. */
  private final Duration deadline;

  /**
   * Creates the exception.
   *
   * @param message a summary
   * @param trace the attempts of the run
   * @param deadline the deadline that passed
   */
  AutodiscoverTimeoutException(String message, AttemptTrace trace, Duration deadline) {
    super(message, trace, null);
    this.deadline = Objects.requireNonNull(deadline, "deadline");
  }

  /**
   * Returns the overall deadline that passed.
   *
   * @return the deadline
   */
  public Duration deadline() {
    return deadline;
  }

  /**
   * Returns {@code true}: a later run with a longer deadline, or against a recovered server, may succeed.
   *
   * @return {@code true}
   */
  @Override
  public boolean retryable() {
    return true;
  }
}
