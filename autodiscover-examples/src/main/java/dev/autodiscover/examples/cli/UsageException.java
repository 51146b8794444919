package dev.autodiscover.examples.cli;

/**
 * A command line that cannot be run: an unknown option, a missing or malformed value, a missing address.
 * The message names the problem and never contains a secret. Leads to exit code {@link ExitCode#USAGE}.
 */
public final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, for example {@code unknown option: --frobnicate}
   */
  public UsageException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what is wrong
   * @param cause the underlying problem
   */
  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
