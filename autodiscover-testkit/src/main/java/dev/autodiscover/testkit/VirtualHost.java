package dev.autodiscover.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockWebServer;
import okhttp3.Protocol;
import okhttp3.tls.HandshakeCertificates;
import org.jspecify.annotations.Nullable;

/**
 * One name on a {@link VirtualNetwork}, such as {@code autodiscover.contoso.com}, with its own HTTPS and
 * plain HTTP {@link MockWebServer}.
 *
 * <p>Obtain instances from {@link VirtualNetwork#host(String)}. Both servers are bound to {@code 127.0.0.1}
 * on ephemeral ports, speak HTTP/1.1 only (so recorded requests carry plain headers such as {@code Host}
 * and {@code Authorization}), and are started on first use: by the accessor, or by the network's proxy
 * when a client first connects to this name. Script them as usual with
 * {@link MockWebServer#enqueue(mockwebserver3.MockResponse)} or a {@link Dispatcher}, and assert with
 * {@link MockWebServer#takeRequest()}. As with any {@code MockWebServer}, a request that finds the
 * default queue empty waits until a response is enqueued, so give clients a timeout.
 *
 * <p>Thread-safe. The servers are closed by {@link VirtualNetwork#close()}; do not close them yourself
 * (the proxy would then answer {@code 502 Bad Gateway} for this name).
 */
public final class VirtualHost {
  private final String name;
  private final TlsMode tlsMode;
  private final HandshakeCertificates serverCertificates;
  private @Nullable MockWebServer https;
  private @Nullable MockWebServer http;
  private boolean closed;
  private volatile int httpsPort = 443;
  private volatile int httpPort = 80;

  VirtualHost(String name, TlsMode tlsMode, HandshakeCertificates serverCertificates) {
    this.name = name;
    this.tlsMode = tlsMode;
    this.serverCertificates = serverCertificates;
  }

  /** Returns the host name, in lower case, exactly as clients put it in URLs. */
  public String name() {
    return name;
  }

  /**
   * Serves HTTPS for this host on another port than 443 (as an SRV record may name): requests to
   * {@code https://<name>:<port>/} reach {@link #https()}, and requests to port 443 then find nothing
   * (the proxy answers 502, as for an unknown host).
   *
   * @param port 1 to 65535
   * @return this host
   * @throws IllegalArgumentException if out of range
   */
  public VirtualHost httpsPort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535: " + port);
    }
    this.httpsPort = port;
    return this;
  }

  /** Returns the port this host serves HTTPS on (443 unless changed). */
  public int httpsPort() {
    return httpsPort;
  }

  /**
   * Serves plain HTTP for this host on another port than 80.
   *
   * @param port 1 to 65535
   * @return this host
   * @throws IllegalArgumentException if out of range
   */
  public VirtualHost httpPort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535: " + port);
    }
    this.httpPort = port;
    return this;
  }

  /** Returns the port this host serves plain HTTP on (80 unless changed). */
  public int httpPort() {
    return httpPort;
  }

  /** Returns how the HTTPS server presents its certificate. */
  public TlsMode tlsMode() {
    return tlsMode;
  }

  /**
   * Returns the TLS server that receives {@code https://<name>/...} requests, starting it if needed.
   *
   * <p>It presents a certificate chain according to {@link #tlsMode()}, and records the SNI names the
   * client sent ({@code RecordedRequest.getHandshakeServerNames()}).
   *
   * @throws IllegalStateException if the server was not started before the network was closed (a server
   *     started earlier is still returned after closing, so its recorded requests remain readable)
   * @throws UncheckedIOException if the server cannot bind a loopback port
   */
  public synchronized MockWebServer https() {
    MockWebServer server = https;
    if (server == null) {
      server = startServer(true);
      https = server;
    }
    return server;
  }

  /**
   * Returns the plain HTTP server that receives {@code http://<name>/...} requests, starting it if needed.
   *
   * @throws IllegalStateException if the server was not started before the network was closed (a server
   *     started earlier is still returned after closing, so its recorded requests remain readable)
   * @throws UncheckedIOException if the server cannot bind a loopback port
   */
  public synchronized MockWebServer http() {
    MockWebServer server = http;
    if (server == null) {
      server = startServer(false);
      http = server;
    }
    return server;
  }

  /**
   * Makes {@code dispatcher} answer every HTTPS request to this host, replacing queued responses.
   *
   * @return this host, for chaining
   * @throws IllegalStateException if the server was not started before the network was closed
   * @throws UncheckedIOException if the server cannot bind a loopback port
   */
  public VirtualHost respondHttps(Dispatcher dispatcher) {
    Objects.requireNonNull(dispatcher, "dispatcher");
    https().setDispatcher(dispatcher);
    return this;
  }

  /**
   * Makes {@code dispatcher} answer every plain HTTP request to this host, replacing queued responses.
   *
   * @return this host, for chaining
   * @throws IllegalStateException if the server was not started before the network was closed
   * @throws UncheckedIOException if the server cannot bind a loopback port
   */
  public VirtualHost respondHttp(Dispatcher dispatcher) {
    Objects.requireNonNull(dispatcher, "dispatcher");
    http().setDispatcher(dispatcher);
    return this;
  }

  /** Returns e.g. {@code VirtualHost[autodiscover.contoso.com, VALID]}. */
  @Override
  public String toString() {
    return "VirtualHost[" + name + ", " + tlsMode + "]";
  }

  /** Closes both servers if they were started; servers not yet started can no longer be. Idempotent. */
  synchronized void close() {
    closed = true;
    if (https != null) {
      https.close();
    }
    if (http != null) {
      http.close();
    }
  }

  private MockWebServer startServer(boolean tls) {
    if (closed) {
      throw new IllegalStateException("the VirtualNetwork of " + name + " is closed");
    }
    MockWebServer server = new MockWebServer();
    server.setServerSocketFactory(NoDelayServerSockets.INSTANCE);
    server.setProtocols(List.of(Protocol.HTTP_1_1));
    if (tls) {
      server.useHttps(serverCertificates.sslSocketFactory());
    }
    try {
      server.start(LoopbackProxy.LOOPBACK, 0);
    } catch (IOException e) {
      server.close();
      throw new UncheckedIOException("cannot start the " + (tls ? "HTTPS" : "HTTP") + " server of " + name, e);
    }
    return server;
  }
}
