package dev.autodiscover.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A simulated internet on loopback: virtual hosts reachable at default-port URLs such as
 * {@code https://autodiscover.contoso.com/autodiscover/autodiscover.xml}, with real TLS, SNI and hostname
 * verification, and nothing bound to port 443 or 80.
 *
 * <p>The network is an HTTP proxy on {@code 127.0.0.1} (ephemeral port) plus a private certificate
 * authority. A client configured with {@link #proxySelector()} and {@link #clientSslContext()} sends every
 * {@code https} request as a {@code CONNECT} tunnel and every {@code http} request in absolute form to the
 * proxy, which routes by host name and port (443 for HTTPS and 80 for HTTP unless the host was given
 * another with {@link VirtualHost#httpsPort(int)} / {@link VirtualHost#httpPort(int)}):
 *
 * <ul>
 *   <li>a name registered with {@link #host(String)} reaches that host's {@link VirtualHost#https()} or
 *       {@link VirtualHost#http()} server; plain HTTP exchanges are forwarded one per connection (the proxy
 *       adds {@code Connection: close}), so a client never reuses one proxy connection for two hosts;
 *   <li>a name passed to {@link #blackhole(String)} is accepted and then never answered, like a firewall
 *       that drops packets, so only the client's own timeouts end the exchange;
 *   <li>any other name gets {@code 502 Bad Gateway} with the text {@code nothing answers at <name>:<port>}; for
 *       {@code https} the JDK client reports that as an {@link IOException} ("Tunnel failed"), for
 *       {@code http} as an ordinary 502 response.
 * </ul>
 *
 * <pre>{@code
 * try (VirtualNetwork net = VirtualNetwork.start()) {
 *   net.host("autodiscover.contoso.com").https().enqueue(PoxResponses.xml(
 *       PoxResponses.redirectAddrXml("jan.novak@contoso.mail.onmicrosoft.com")));
 *   HttpClient client = HttpClient.newBuilder()
 *       .proxy(net.proxySelector())
 *       .sslContext(net.clientSslContext())
 *       .build();
 *   // ... run the code under test, then:
 *   RecordedRequest request = net.host("autodiscover.contoso.com").https().takeRequest();
 * }
 * }</pre>
 *
 * <p>The proxy records only where each request was routed ({@link #routed()}); assert on what was sent on
 * the {@link mockwebserver3.MockWebServer}s. Host names are case-insensitive and stored in lower case. All
 * methods are thread-safe.
 */
public final class VirtualNetwork implements AutoCloseable {
  /** The only name in the leaf certificate of a {@link TlsMode#NAME_MISMATCH} host. */
  public static final String MISMATCHED_NAME = "wrong-name.invalid";

  private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?");

  private final CertificateAuthority authority = CertificateAuthority.create();
  private final Map<String, VirtualHost> hosts = new ConcurrentHashMap<>();
  private final List<VirtualHostGroup> groups = new CopyOnWriteArrayList<>();
  private final Set<String> blackholes = ConcurrentHashMap.newKeySet();
  private final Set<String> httpsBlackholes = ConcurrentHashMap.newKeySet();
  private final List<String> routed = new CopyOnWriteArrayList<>();
  private final LoopbackProxy proxy;
  private final ProxySelector proxySelector;
  private boolean closed;

  private VirtualNetwork() throws IOException {
    this.proxy = LoopbackProxy.start(this::route);
    this.proxySelector = new HttpProxySelector(new Proxy(Proxy.Type.HTTP, proxy.address()));
  }

  /**
   * Creates a certificate authority (root and intermediate) and starts the proxy.
   *
   * @return a running network with no hosts; close it when the test ends
   * @throws UncheckedIOException if the proxy cannot bind a port on {@code 127.0.0.1}
   */
  public static VirtualNetwork start() {
    try {
      return new VirtualNetwork();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the loopback proxy", e);
    }
  }

  /**
   * Returns the host with this name, creating it with {@link TlsMode#VALID} if needed.
   *
   * @throws IllegalArgumentException if {@code name} is not a host name (letters, digits, {@code -},
   *     {@code _} and {@code .}; no port)
   * @throws IllegalStateException if the host exists with another {@link TlsMode}, or the network is closed
   */
  public VirtualHost host(String name) {
    return host(name, TlsMode.VALID);
  }

  /**
   * Returns the host with this name, creating it if needed with a fresh leaf certificate for {@code mode}.
   *
   * <p>Servers start lazily; creating a host is cheap (one key pair).
   *
   * @throws IllegalArgumentException if {@code name} is not a host name (letters, digits, {@code -},
   *     {@code _} and {@code .}; no port)
   * @throws IllegalStateException if the host exists with another mode, or the network is closed
   */
  public synchronized VirtualHost host(String name, TlsMode mode) {
    String key = normalize(name);
    Objects.requireNonNull(mode, "mode");
    ensureOpen();
    VirtualHost existing = hosts.get(key);
    if (existing != null) {
      if (existing.tlsMode() != mode) {
        throw new IllegalStateException(key + " already exists with " + existing.tlsMode() + ", not " + mode);
      }
      return existing;
    }
    VirtualHost created = new VirtualHost(key, mode, authority.serverCertificates(key, mode));
    hosts.put(key, created);
    return created;
  }

  /**
   * Serves every host name that matches {@code regex} (whole name, lower case) over HTTPS with one shared server,
   * each name with a valid certificate of its own: see {@link VirtualHostGroup}. Names registered with
   * {@link #host(String)} and blackholes take precedence; among groups, the first registered that matches wins.
   *
   * @param regex a {@link Pattern} for whole lower-case host names, e.g. {@code "autodiscover\\.farm-\\d+\\.com"}
   * @return the new group, its server started
   * @throws java.util.regex.PatternSyntaxException if {@code regex} is not a pattern
   * @throws IllegalStateException if the network is closed
   * @throws UncheckedIOException if the server cannot bind a loopback port
   */
  public synchronized VirtualHostGroup hostGroup(String regex) {
    ensureOpen();
    Pattern names = Pattern.compile(regex);
    VirtualHostGroup group = new VirtualHostGroup(names,
        authority.sniKeyManager(n -> names.matcher(n).matches()));
    groups.add(group);
    return group;
  }

  /**
   * Makes the proxy swallow all traffic for {@code name}: it accepts {@code CONNECT} and plain requests,
   * never answers, and holds the connection until {@link #close()}.
   *
   * <p>Takes precedence over a host of the same name, so a test can make an existing host unreachable.
   * There is no way to undo it. Idempotent.
   *
   * @throws IllegalArgumentException if {@code name} is not a host name
   * @throws IllegalStateException if the network is closed
   */
  public synchronized void blackhole(String name) {
    String key = normalize(name);
    ensureOpen();
    blackholes.add(key);
  }

  /**
   * Like {@link #blackhole(String)}, but only for HTTPS ({@code CONNECT}) traffic: plain HTTP to the same
   * name still reaches the host's {@link VirtualHost#http()} server. Models a name whose port 443 is
   * filtered while port 80 answers (as for the HTTP redirect probe of a hosted domain). Idempotent.
   *
   * @throws IllegalArgumentException if {@code name} is not a host name
   * @throws IllegalStateException if the network is closed
   */
  public synchronized void blackholeHttps(String name) {
    String key = normalize(name);
    ensureOpen();
    httpsBlackholes.add(key);
  }

  /**
   * Returns a selector that sends {@code http} and {@code https} URIs (any host) to the proxy, and
   * everything else direct. The same instance on every call; thread-safe; keeps working, but leads
   * nowhere, after {@link #close()}.
   */
  public ProxySelector proxySelector() {
    return proxySelector;
  }

  /**
   * Returns a TLS context for clients that trusts only this network's root CA: no platform certificates,
   * no client certificate. Hostname verification is left to the client ({@code java.net.http.HttpClient}
   * keeps it on). The same instance on every call; thread-safe.
   */
  public SSLContext clientSslContext() {
    return authority.clientSslContext();
  }

  /** Returns the root CA certificate, the only trust anchor of {@link #clientSslContext()}. */
  public X509Certificate rootCertificate() {
    return authority.rootCertificate();
  }

  /**
   * Returns the root CA certificate in PEM form ({@code -----BEGIN CERTIFICATE-----} ...), e.g. to write
   * to a file for a command-line {@code --ca-cert} option.
   */
  public String rootCertificatePem() {
    return authority.rootCertificatePem();
  }

  /**
   * Every request the proxy has routed so far, in arrival order, as {@code "CONNECT <host>:<port>"} for an
   * {@code https} tunnel or {@code "HTTP <host>:<port>"} for a plain request, whatever its route (host,
   * blackhole or unknown), e.g. {@code "CONNECT mail.contoso.com:443"}. Each entry is one connection the
   * client opened to the network. Malformed requests the proxy rejects before routing are not listed.
   *
   * @return an immutable snapshot; never null
   */
  public List<String> routed() {
    return List.copyOf(routed);
  }

  /** Returns the proxy's address: {@code 127.0.0.1} and the ephemeral port it is bound to. */
  public InetSocketAddress proxyAddress() {
    return proxy.address();
  }

  /**
   * Stops the proxy, closes every connection it holds (tunnels, blackholed sockets) and every host's
   * servers. Does not wait for proxy threads, which are daemons and end once their sockets close.
   * Idempotent; afterwards {@link #host} and {@link #blackhole} throw {@link IllegalStateException}.
   */
  @Override
  public void close() {
    List<VirtualHost> toClose;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = List.copyOf(hosts.values());
    }
    proxy.close();
    groups.forEach(VirtualHostGroup::close);
    RuntimeException failure = null;
    for (VirtualHost host : toClose) {
      try {
        host.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Returns e.g. {@code VirtualNetwork[proxy=/127.0.0.1:41234, hosts=[...], blackholes=[...]]}. */
  @Override
  public String toString() {
    return "VirtualNetwork[proxy=" + proxy.address() + ", hosts=" + hosts.keySet()
        + ", blackholes=" + blackholes + "]";
  }

  private Route route(String hostName, int port, boolean tls) {
    routed.add((tls ? "CONNECT " : "HTTP ") + hostName + ":" + port);
    if (blackholes.contains(hostName) || (tls && httpsBlackholes.contains(hostName))) {
      return new Route.Blackhole();
    }
    VirtualHost host = hosts.get(hostName);
    if (host == null && tls && port == 443) {
      for (VirtualHostGroup group : groups) {
        if (group.matches(hostName)) {
          return new Route.Backend(group.https().getSocketAddress());
        }
      }
    }
    if (host == null || port != (tls ? host.httpsPort() : host.httpPort())) {
      return new Route.Unknown();
    }
    return new Route.Backend((tls ? host.https() : host.http()).getSocketAddress());
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("VirtualNetwork is closed");
    }
  }

  private static String normalize(String name) {
    Objects.requireNonNull(name, "name");
    String key = name.toLowerCase(Locale.ROOT);
    if (!HOST_NAME.matcher(key).matches()) {
      throw new IllegalArgumentException("not a host name: \"" + name + "\"");
    }
    return key;
  }

  /** Routes http and https through one HTTP proxy; other schemes (e.g. {@code socket}) go direct. */
  private static final class HttpProxySelector extends ProxySelector {
    private final List<Proxy> viaProxy;

    HttpProxySelector(Proxy proxy) {
      this.viaProxy = List.of(proxy);
    }

    @Override
    public List<Proxy> select(URI uri) {
      Objects.requireNonNull(uri, "uri");
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return scheme.equals("http") || scheme.equals("https") ? viaProxy : List.of(Proxy.NO_PROXY);
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException failure) {
      // Nothing to fail over to: there is one proxy.
    }

    @Override
    public String toString() {
      return "VirtualNetwork proxy " + viaProxy.get(0).address();
    }
  }
}
