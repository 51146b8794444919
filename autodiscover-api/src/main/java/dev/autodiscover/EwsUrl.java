package dev.autodiscover;

import java.net.URI;
import java.util.Objects;

/**
 * An Exchange Web Services endpoint advertised by Autodiscover, with where it came from.
 *
 * <p>The URL has not been contacted by the SDK. Immutable.
 *
 * @param uri the EWS endpoint, typically {@code https://host/EWS/Exchange.asmx}
 * @param location whether the server advertised it for internal or external clients
 * @param protocolType the POX protocol block that carried it ({@code EXPR}, {@code EXCH}, ...)
 */
public record EwsUrl(URI uri, NetworkLocation location, String protocolType) {
  /**
   * Validates the components.
   *
   * @param uri the EWS endpoint
   * @param location where it is meant to be used
   * @param protocolType the POX protocol block that carried it
   */
  public EwsUrl {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(protocolType, "protocolType");
  }
}
