package dev.autodiscover.examples.cli;

import dev.autodiscover.AutodiscoverAuthenticationException;
import dev.autodiscover.AutodiscoverErrorResponseException;
import dev.autodiscover.AutodiscoverNotFoundException;
import dev.autodiscover.AutodiscoverRedirectException;
import dev.autodiscover.AutodiscoverTimeoutException;
import dev.autodiscover.InvalidEmailAddressException;

/**
 * The process exit codes of the command-line tool, and the stable {@code error.type} names used in its
 * JSON output. The numbers are part of the tool's contract: scripts may branch on them.
 */
public enum ExitCode {
  /** Discovery found settings. */
  OK(0, null),
  /** Anything not covered below (for example no implementation on the class path). */
  OTHER(1, "error"),
  /** The command line is wrong: unknown option, missing or malformed value, missing address. */
  USAGE(2, "usage"),
  /** The email address is malformed; nothing was sent. */
  INVALID_ADDRESS(3, "invalid-address"),
  /** Every method was tried and none found an Autodiscover endpoint. */
  NOT_FOUND(4, "not-found"),
  /** Every reachable endpoint demanded or rejected credentials. */
  AUTHENTICATION(5, "authentication"),
  /** An endpoint answered with an Autodiscover error document (for example ErrorCode 603). */
  ERROR_RESPONSE(6, "error-response"),
  /** The redirect budget was exhausted or a redirect loop was detected. */
  REDIRECT(7, "redirect"),
  /** The overall deadline passed before an answer arrived. */
  DEADLINE(8, "timeout");

  private final int code;
  private final String errorType;

  ExitCode(int code, String errorType) {
    this.code = code;
    this.errorType = errorType;
  }

  /**
   * Returns the numeric process exit code.
   *
   * @return 0 to 8
   */
  public int code() {
    return code;
  }

  /**
   * Returns the {@code error.type} value of the JSON output.
   *
   * @return the type name; {@code null} for {@link #OK}
   */
  public String errorType() {
    return errorType;
  }

  /**
   * Classifies a failure of a discovery run.
   *
   * @param failure what {@code resolve()} threw
   * @return the matching exit code, {@link #OTHER} for anything unexpected
   */
  public static ExitCode of(Throwable failure) {
    if (failure instanceof InvalidEmailAddressException) {
      return INVALID_ADDRESS;
    }
    if (failure instanceof AutodiscoverNotFoundException) {
      return NOT_FOUND;
    }
    if (failure instanceof AutodiscoverAuthenticationException) {
      return AUTHENTICATION;
    }
    if (failure instanceof AutodiscoverErrorResponseException) {
      return ERROR_RESPONSE;
    }
    if (failure instanceof AutodiscoverRedirectException) {
      return REDIRECT;
    }
    if (failure instanceof AutodiscoverTimeoutException) {
      return DEADLINE;
    }
    return OTHER;
  }

  /**
   * Returns the help text block that documents every exit code.
   *
   * @return several lines, each ending in a newline
   */
  static String helpText() {
    return """
        Exit codes:
          0  settings found
          1  any other failure (for example no implementation on the class path)
          2  usage error (unknown option, missing or malformed value, missing address)
          3  invalid email address
          4  not found: no method reached an Autodiscover endpoint (batch: some addresses failed)
          5  authentication required or rejected
          6  error response from an Autodiscover server (for example ErrorCode 603)
          7  redirect limit exceeded or redirect loop
          8  overall deadline passed
        """;
  }
}
