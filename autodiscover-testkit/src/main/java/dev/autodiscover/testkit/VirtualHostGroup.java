package dev.autodiscover.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockWebServer;
import okhttp3.Protocol;

/**
 * Every name matching a pattern on a {@link VirtualNetwork}, served over HTTPS by one shared
 * {@link MockWebServer}: the cheap way to simulate thousands of hosts (e.g. {@code autodiscover.} hosts of
 * 10,000 domains), where one {@link VirtualHost} per name would cost a server socket and threads each.
 *
 * <p>Obtain instances from {@link VirtualNetwork#hostGroup(String)}. The server speaks HTTP/1.1 on port 443 of
 * every matching name and presents, for each name the client sends as SNI, a valid leaf certificate for that name
 * (issued by the network's CA on first use, about a millisecond each, then cached; every leaf shares one EC key).
 * Requests carry the name in their {@code Host} header, so one {@link Dispatcher} can answer per name. There is
 * no plain HTTP server and no other {@link TlsMode}; names registered with {@link VirtualNetwork#host(String)} or
 * blackholed take precedence. Thread-safe; closed with its network.
 */
public final class VirtualHostGroup {
  private final Pattern names;
  private final SniKeyManager keys;
  private final MockWebServer server;

  VirtualHostGroup(Pattern names, SniKeyManager keys) {
    this.names = names;
    this.keys = keys;
    MockWebServer s = new MockWebServer();
    s.setServerSocketFactory(NoDelayServerSockets.INSTANCE);
    s.setProtocols(List.of(Protocol.HTTP_1_1));
    s.useHttps(CertificateAuthority.serverContext(keys).getSocketFactory());
    try {
      s.start(LoopbackProxy.LOOPBACK, 0);
    } catch (IOException e) {
      s.close();
      throw new UncheckedIOException("cannot start the HTTPS server of the host group " + names, e);
    }
    this.server = s;
  }

  /** Returns whether {@code hostName} (lower case) belongs to this group. */
  public boolean matches(String hostName) {
    return names.matcher(hostName).matches();
  }

  /** Returns the one HTTPS server of every name in the group. */
  public MockWebServer https() {
    return server;
  }

  /**
   * Makes {@code dispatcher} answer every HTTPS request to every name of the group.
   *
   * @return this group, for chaining
   */
  public VirtualHostGroup respondHttps(Dispatcher dispatcher) {
    server.setDispatcher(Objects.requireNonNull(dispatcher, "dispatcher"));
    return this;
  }

  /** Returns how many distinct names have been issued a certificate so far (names clients connected to). */
  public int namesSeen() {
    return keys.issued();
  }

  /** Returns e.g. {@code VirtualHostGroup[autodiscover\.farm-\d+\.com]}. */
  @Override
  public String toString() {
    return "VirtualHostGroup[" + names + "]";
  }

  void close() {
    server.close();
  }
}
