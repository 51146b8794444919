package dev.autodiscover.internal.scp;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of an SCP lookup.
 *
 * @param status how the lookup ended
 * @param urls the Autodiscover (POX) URLs in the order to try them; non-empty exactly when the status is
 *     {@link Status#FOUND}
 * @param log human-readable lines, one per step, for the attempt trace; never contains a password
 * @param detail one sentence saying why the lookup ended this way
 */
public record ScpResult(Status status, List<URI> urls, List<String> log, String detail) {
  /** How an SCP lookup ended. */
  public enum Status {
    /** At least one usable Autodiscover URL was found. */
    FOUND,
    /** A directory answered but published no usable Autodiscover URL for the user. */
    NO_SCP,
    /** No directory server could be located or reached. */
    NO_DIRECTORY,
    /** A pointer led back to a directory server already searched in this lookup. */
    LOOP,
    /** Following one more pointer would exceed the configured pointer hop limit. */
    HOP_LIMIT,
    /**
     * The bind was refused: by the SDK (a simple bind would have sent the password in clear text) or by the
     * server (wrong credentials, unsupported mechanism).
     */
    BIND_REFUSED,
    /** A directory server answered with an error, or its answer was unusable. */
    ERROR
  }

  /**
   * Validates the components and copies the lists.
   *
   * @throws IllegalArgumentException if {@code urls} is empty for {@link Status#FOUND} or non-empty otherwise
   */
  public ScpResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
    urls = List.copyOf(urls);
    log = List.copyOf(log);
    if ((status == Status.FOUND) == urls.isEmpty()) {
      throw new IllegalArgumentException("urls must be non-empty exactly when the status is FOUND: " + status);
    }
  }
}
