package dev.autodiscover;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The values of one {@link Attempt}, the checks {@link Attempt.Builder} applies to them, and the one-line
 * rendering of {@link Attempt#toString()}.
 *
 * <p>A builder fills one instance as its draft; each built {@link Attempt} keeps its own {@link #copy()},
 * which nothing changes afterwards. Lists are stored already unmodifiable. Not thread-safe by itself.
 */
final class AttemptFields {
  final DiscoveryMethod method;
  final AttemptOutcome outcome;
  @Nullable EmailAddress address;
  @Nullable URI url;
  @Nullable String httpMethod;
  int httpStatus;
  @Nullable String detail;
  List<String> authSchemes = List.of();
  @Nullable Integer errorCode;
  @Nullable String errorMessage;
  @Nullable String redirectTarget;
  int retries;
  // The timing as seconds and nanoseconds rather than two Durations: an attempt of a large batch costs less.
  long startSeconds;
  int startNanos;
  long durationSeconds;
  int durationNanos;
  int round;
  List<String> inputs = List.of();
  @Nullable URI authorizationUri;
  @Nullable AutodiscoverProtocol protocol;

  /**
   * Starts a draft with every optional value unset.
   *
   * @throws NullPointerException if {@code method} or {@code outcome} is null
   */
  AttemptFields(DiscoveryMethod method, AttemptOutcome outcome) {
    this.method = Objects.requireNonNull(method, "method");
    this.outcome = Objects.requireNonNull(outcome, "outcome");
  }

  /** A field-by-field copy (the lists are immutable and shared). */
  AttemptFields copy() {
    AttemptFields copy = new AttemptFields(method, outcome);
    copy.address = address;
    copy.url = url;
    copy.httpMethod = httpMethod;
    copy.httpStatus = httpStatus;
    copy.detail = detail;
    copy.authSchemes = authSchemes;
    copy.errorCode = errorCode;
    copy.errorMessage = errorMessage;
    copy.redirectTarget = redirectTarget;
    copy.retries = retries;
    copy.startSeconds = startSeconds;
    copy.startNanos = startNanos;
    copy.durationSeconds = durationSeconds;
    copy.durationNanos = durationNanos;
    copy.round = round;
    copy.inputs = inputs;
    copy.authorizationUri = authorizationUri;
    copy.protocol = protocol;
    return copy;
  }

  /**
   * Returns {@code httpStatus} if it is 0 (no response) or in 100..599.
   *
   * @throws IllegalArgumentException otherwise
   */
  static int checkHttpStatus(int httpStatus) {
    if (httpStatus != 0 && (httpStatus < 100 || httpStatus > 599)) {
      throw new IllegalArgumentException("httpStatus must be 0 or 100..599: " + httpStatus);
    }
    return httpStatus;
  }

  /**
   * Returns {@code value} if it is zero or more.
   *
   * @throws IllegalArgumentException if negative, naming the value
   */
  static int checkNotNegative(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative: " + value);
    }
    return value;
  }

  /** Sets the Autodiscover error of an error answer; either part may be null. */
  void error(@Nullable Integer errorCode, @Nullable String errorMessage) {
    this.errorCode = errorCode;
    this.errorMessage = errorMessage;
  }

  /**
   * Sets the timing if neither duration is negative.
   *
   * @throws IllegalArgumentException if either is negative
   * @throws NullPointerException if either is null
   */
  void timing(Duration startOffset, Duration duration) {
    if (startOffset.isNegative() || duration.isNegative()) {
      throw new IllegalArgumentException("timing must not be negative: " + startOffset + ", " + duration);
    }
    this.startSeconds = startOffset.getSeconds();
    this.startNanos = startOffset.getNano();
    this.durationSeconds = duration.getSeconds();
    this.durationNanos = duration.getNano();
  }

  /** When the attempt started, from the start of the run. */
  Duration startOffset() {
    return Duration.ofSeconds(startSeconds, startNanos);
  }

  /** How long the attempt took. */
  Duration duration() {
    return Duration.ofSeconds(durationSeconds, durationNanos);
  }

  /**
   * The one-line description {@link Attempt#toString()} returns; holds no secrets because no field does, and
   * shows network text through {@link PrintableText#escape(CharSequence)}.
   */
  String describe() {
    return PrintableText.escape("Attempt[" + method + " " + (protocol == null ? "" : protocol + " ")
        + (httpMethod == null ? "" : httpMethod + " ") + url + " -> "
        + outcome.code() + (httpStatus == 0 ? "" : " (" + httpStatus + ")")
        + (detail == null ? "" : ": " + detail) + "]");
  }
}
