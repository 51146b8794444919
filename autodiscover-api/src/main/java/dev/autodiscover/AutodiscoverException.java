package dev.autodiscover;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Root of every failure the SDK reports; unchecked. Carries the trace of the run that failed.
 *
 * <p>Subclasses are sorted by what the caller can do: {@link AutodiscoverNotFoundException},
 * {@link AutodiscoverAuthenticationException}, {@link AutodiscoverErrorResponseException},
 * {@link AutodiscoverRedirectException}, {@link AutodiscoverTimeoutException} and
 * {@link InvalidEmailAddressException}. Messages and traces never contain secrets. A message is one line in
 * which control characters, line breaks and bidi controls from the network are shown as {@code \}{@code uXXXX}
 * (see {@link PrintableText}); the structured accessors of the subclasses keep the raw values.
 */
public class AutodiscoverException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The trace; transient because traces are not meant to be serialised with the exception. */
  private final transient AttemptTrace trace;

  /**
   * Creates the exception.
   *
   * @param message what happened and what to check; may quote text from the network, which
   *     {@link #getMessage()} shows through {@link PrintableText#escape(CharSequence)} so it stays one safe line
   * @param trace the attempts of the failed run
   * @param cause the underlying cause, or null
   */
  AutodiscoverException(String message, AttemptTrace trace, @Nullable Throwable cause) {
    super(PrintableText.escape(Objects.requireNonNull(message, "message")), cause);
    this.trace = Objects.requireNonNull(trace, "trace");
  }

  /**
   * Returns the attempts of the run that failed.
   *
   * @return the trace, never null (empty for input errors)
   */
  public AttemptTrace trace() {
    return trace;
  }

  /**
   * Returns whether running discovery again later may succeed without any change by the caller.
   *
   * @return {@code false} unless a subclass says otherwise
   */
  public boolean retryable() {
    return false;
  }
}
