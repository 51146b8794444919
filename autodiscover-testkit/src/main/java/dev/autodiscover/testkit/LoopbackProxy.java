package dev.autodiscover.testkit;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A minimal HTTP/1.1 forward proxy on {@code 127.0.0.1}: {@code CONNECT} tunnels and absolute-form plain
 * requests, routed by host name through a {@link Route.Router}. One thread per connection (plus one per
 * tunnel direction) from a cached pool of daemon threads. Thread-safe; {@link #close()} is idempotent.
 */
final class LoopbackProxy implements Closeable {
  static final InetAddress LOOPBACK = loopbackIpv4();
  private static final int BACKEND_CONNECT_TIMEOUT_MILLIS = 5_000;
  private static final AtomicInteger PROXY_IDS = new AtomicInteger();

  private final ServerSocket serverSocket;
  private final Route.Router router;
  private final ExecutorService threads;
  private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private LoopbackProxy(ServerSocket serverSocket, Route.Router router) {
    this.serverSocket = serverSocket;
    this.router = router;
    String prefix = "autodiscover-testkit-proxy-" + PROXY_IDS.incrementAndGet() + "-";
    AtomicInteger threadIds = new AtomicInteger();
    this.threads = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, prefix + threadIds.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Binds an ephemeral port on {@code 127.0.0.1} and starts accepting. */
  static LoopbackProxy start(Route.Router router) throws IOException {
    LoopbackProxy proxy = new LoopbackProxy(new ServerSocket(0, 50, LOOPBACK), router);
    proxy.threads.execute(proxy::acceptLoop);
    return proxy;
  }

  InetSocketAddress address() {
    return new InetSocketAddress(LOOPBACK, serverSocket.getLocalPort());
  }

  /** Stops accepting, closes every client, tunnel and backend socket (including blackholed ones). */
  @Override
  public void close() {
    closed = true;
    closeQuietly(serverSocket);
    threads.shutdownNow();
    for (Socket socket : openSockets) {
      release(socket);
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = serverSocket.accept();
      } catch (IOException e) {
        if (serverSocket.isClosed()) {
          return;
        }
        continue;
      }
      if (track(client)) {
        execute(() -> serve(client), client);
      }
    }
  }

  private void serve(Socket client) {
    boolean hold = false;
    try {
      client.setTcpNoDelay(true);
      HttpHead head = HttpHead.read(client.getInputStream());
      if (head == null) {
        return;
      }
      String[] requestLine = head.startLine().split(" ");
      if (requestLine.length != 3) {
        reply(client, 400, "Bad Request", "malformed request line");
      } else if (requestLine[0].equals("CONNECT")) {
        hold = tunnel(client, requestLine[1]);
      } else {
        hold = forward(client, head, requestLine);
      }
    } catch (IOException | RuntimeException e) {
      // The client, the backend or close() ended the exchange; nothing to report to anyone.
    } finally {
      if (!hold) {
        release(client);
      }
    }
  }

  /** Handles {@code CONNECT}; returns true if the client socket must be held open (blackhole). */
  private boolean tunnel(Socket client, String authority) throws IOException {
    String host = hostOf(authority);
    Route route = routeOrReply(client, host, portOf(authority, 443), true);
    if (!(route instanceof Route.Backend target)) {
      return route instanceof Route.Blackhole;
    }
    Socket backend = connectOrReply(client, host, target.address());
    if (backend == null) {
      return false;
    }
    client.getOutputStream().write(
        "HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    client.getOutputStream().flush();
    execute(() -> pipe(client, backend), backend);
    pipe(backend, client);
    return false;
  }

  /** Handles an absolute-form request; returns true if the client socket must be held open (blackhole). */
  private boolean forward(Socket client, HttpHead request, String[] requestLine) throws IOException {
    URI uri;
    try {
      uri = new URI(requestLine[1]);
    } catch (URISyntaxException e) {
      reply(client, 400, "Bad Request", "malformed request target");
      return false;
    }
    if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getRawAuthority() == null) {
      reply(client, 400, "Bad Request", "this proxy forwards absolute http:// targets and CONNECT only");
      return false;
    }
    String host = hostOf(uri.getRawAuthority());
    Route route = routeOrReply(client, host, uri.getPort() == -1 ? 80 : uri.getPort(), false);
    if (!(route instanceof Route.Backend target)) {
      return route instanceof Route.Blackhole;
    }
    Socket backend = connectOrReply(client, host, target.address());
    if (backend == null) {
      return false;
    }
    try {
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      String originTarget = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
      HttpHead originForm = request
          .withStartLine(requestLine[0] + " " + originTarget + " " + requestLine[2])
          .forNextHopClosing();
      OutputStream toBackend = backend.getOutputStream();
      toBackend.write(originForm.toBytes());
      toBackend.flush();
      // Copy the request body concurrently so that "Expect: 100-continue" cannot deadlock the exchange.
      if (request.chunked() || request.contentLength().orElse(0) > 0) {
        execute(() -> copyRequestBody(request, client, backend), backend);
      }
      relayResponse(backend.getInputStream(), client.getOutputStream(), requestLine[0]);
    } finally {
      release(backend);
    }
    return false;
  }

  private void copyRequestBody(HttpHead request, Socket client, Socket backend) {
    try {
      HttpBodies.copy(request, client.getInputStream(), backend.getOutputStream(), false);
    } catch (IOException | RuntimeException e) {
      release(client);
      release(backend);
    }
  }

  private static void relayResponse(InputStream fromBackend, OutputStream toClient, String method)
      throws IOException {
    while (true) {
      HttpHead response = HttpHead.read(fromBackend);
      if (response == null) {
        throw new IOException("virtual host closed the connection without answering");
      }
      int status = statusOf(response);
      if (status >= 100 && status < 200 && status != 101) {
        toClient.write(response.toBytes()); // interim response: forward and wait for the final one
        toClient.flush();
        continue;
      }
      toClient.write(response.forNextHopClosing().toBytes());
      toClient.flush();
      boolean bodyless = method.equals("HEAD") || status == 204 || status == 304;
      if (!bodyless) {
        HttpBodies.copy(response, fromBackend, toClient, true);
      }
      return;
    }
  }

  /** Routes {@code host}; for an unknown or failing host, replies {@code 502} and returns {@code Unknown}. */
  private Route routeOrReply(Socket client, String host, int port, boolean tls) throws IOException {
    try {
      Route route = router.route(host, port, tls);
      if (route instanceof Route.Unknown) {
        reply(client, 502, "Bad Gateway", "nothing answers at " + host + ":" + port);
      }
      return route;
    } catch (RuntimeException e) {
      reply(client, 502, "Bad Gateway", "virtual host " + host + " is not available: " + e.getMessage());
      return new Route.Unknown();
    }
  }

  /** Connects to a backend; if that fails, replies {@code 502} and returns null. */
  private @Nullable Socket connectOrReply(Socket client, String host, InetSocketAddress address)
      throws IOException {
    Socket socket = new Socket();
    if (!track(socket)) {
      throw new IOException("proxy closed");
    }
    try {
      socket.setTcpNoDelay(true);
      socket.connect(address, BACKEND_CONNECT_TIMEOUT_MILLIS);
      return socket;
    } catch (IOException e) {
      release(socket);
      reply(client, 502, "Bad Gateway", "virtual host " + host + " refused the connection");
      return null;
    }
  }

  /** Copies one direction of a tunnel; when it ends, both sockets are closed, which ends the other. */
  private void pipe(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
    } catch (IOException e) {
      // Either side closed; fall through and close both.
    } finally {
      release(from);
      release(to);
    }
  }

  private static void reply(Socket client, int code, String reason, String message) throws IOException {
    byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 " + code + " " + reason + "\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n"
        + "Content-Length: " + body.length + "\r\n"
        + "Connection: close\r\n\r\n";
    OutputStream out = client.getOutputStream();
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  private static int statusOf(HttpHead response) throws IOException {
    String[] parts = response.startLine().split(" ", 3);
    try {
      return Integer.parseInt(parts.length > 1 ? parts[1] : "");
    } catch (NumberFormatException e) {
      throw new IOException("malformed status line from virtual host: " + response.startLine());
    }
  }

  /** Extracts the port from {@code host:port} or {@code [ipv6]:port}, or {@code defaultPort} when absent or malformed. */
  static int portOf(String authority, int defaultPort) {
    String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
    int close = hostPort.lastIndexOf(']');
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0 || colon < close) {
      return defaultPort;
    }
    try {
      return Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      return defaultPort;
    }
  }

  /** Extracts the lower-case host from {@code host[:port]} or {@code [ipv6]:port}. */
  static String hostOf(String authority) {
    String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
    String host;
    if (hostPort.startsWith("[")) {
      int end = hostPort.indexOf(']');
      host = end < 0 ? hostPort : hostPort.substring(1, end);
    } else {
      int colon = hostPort.indexOf(':');
      host = colon < 0 ? hostPort : hostPort.substring(0, colon);
    }
    return host.toLowerCase(Locale.ROOT);
  }

  /** Registers a socket for close(); returns false (and closes it) if the proxy is already closed. */
  private boolean track(Socket socket) {
    openSockets.add(socket);
    if (closed) {
      release(socket);
      return false;
    }
    return true;
  }

  private void release(Socket socket) {
    openSockets.remove(socket);
    closeQuietly(socket);
  }

  private void execute(Runnable task, Socket onRejection) {
    try {
      threads.execute(task);
    } catch (RejectedExecutionException e) {
      release(onRejection);
    }
  }

  private static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // Already broken; nothing more to release.
    }
  }

  private static InetAddress loopbackIpv4() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
