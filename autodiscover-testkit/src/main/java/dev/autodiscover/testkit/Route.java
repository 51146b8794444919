package dev.autodiscover.testkit;

import java.net.InetSocketAddress;

/** Where {@link LoopbackProxy} sends traffic for one virtual host name. */
sealed interface Route {
  /** Accept the request, then never answer and hold the socket until the proxy closes. */
  record Blackhole() implements Route {}

  /** Answer {@code 502 Bad Gateway}: no virtual host has this name. */
  record Unknown() implements Route {}

  /** Connect to this loopback server. */
  record Backend(InetSocketAddress address) implements Route {}

  /** Decides the route for a host name; called on proxy threads, so implementations must be thread-safe. */
  @FunctionalInterface
  interface Router {
    /**
     * Returns the route for {@code hostName} (lower case, without port) and {@code port}.
     *
     * @param port the port the client asked for (443 or 80 when it named none)
     * @param tls whether the client asked for a tunnel ({@code CONNECT}) rather than plain HTTP
     * @throws RuntimeException if the backend cannot be started; the proxy answers {@code 502}
     */
    Route route(String hostName, int port, boolean tls);
  }
}
