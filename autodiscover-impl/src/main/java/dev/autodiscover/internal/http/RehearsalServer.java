package dev.autodiscover.internal.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * An Autodiscover deployment for one domain inside this process, on the loopback interface, for {@code
 * AutodiscoverClient.warmUp()}'s rehearsal of a whole lookup: it is the HTTP proxy the rehearsal's client is given,
 * and every host behind that proxy.
 *
 * <ul>
 *   <li>{@code CONNECT <domain>:443} and {@code CONNECT autodiscover.<domain>:443} are answered 200, then the tunnel
 *       is served as that host over TLS, with a {@link ThrowawayPki} leaf for both names that only {@link
 *       #clientContext()} trusts; a CONNECT to any other host or port gets a 403.
 *   <li>{@code POST https://autodiscover.<domain>/autodiscover/autodiscover.xml} is answered 200 with the given POX
 *       answer. Every other request (the root domain's POX and SOAP requests, a plain-HTTP request through the proxy)
 *       gets a 404, as from a server that does not serve it.
 *   <li>The answer is held until the root domain has refused its SOAP request, the plain-HTTP probe has been
 *       refused and a stage the caller gives has completed (the rehearsal's DNS answer), at most a hold limit in
 *       all: every request of a default lookup then reaches its server before the lookup can end, however the
 *       threads are scheduled.
 * </ul>
 *
 * <p>HTTP/1.1 with keep-alive (HTTP/1.0 and {@code Connection: close} end the connection after the response) and
 * {@code Content-Length} bodies; a malformed request head ends the connection. Bounded: it serves at most {@value
 * #MAX_CONNECTIONS} connections in its life (the rest are closed at once), each for at most {@value
 * #CONNECTION_MS} ms in all, each read waiting at most {@value #READ_TIMEOUT_MS} ms; a request head may have at most
 * {@value #MAX_HEAD_BYTES} bytes and a body at most {@value #MAX_BODY_BYTES}; it uses one thread per connection, one
 * to accept and one timer thread. {@link #close()} ends the listener and every connection. Another process on this
 * host can connect while it runs; all it can get is the same canned answers, and by using up the connections it can
 * only make the rehearsal fail. Nothing it reads is logged. Thread-safe; its threads are daemon threads.
 */
public final class RehearsalServer implements AutoCloseable {
  /** The longest hold of the answer a rehearsal uses, in milliseconds. */
  public static final long DEFAULT_HOLD_MS = 2_000;
  /** Connections served in the server's life; a rehearsal opens about four. */
  static final int MAX_CONNECTIONS = 16;
  /** Longest life of one connection, in milliseconds. */
  static final int CONNECTION_MS = 10_000;
  /** Longest wait for one read, in milliseconds. */
  static final int READ_TIMEOUT_MS = 5_000;
  /** Longest request head (empty lines before it, request line and header fields) read. */
  static final int MAX_HEAD_BYTES = 8_192;
  /** Longest request body read. */
  static final int MAX_BODY_BYTES = 65_536;
  private static final String AUTODISCOVER_PATH = "/autodiscover/autodiscover.xml";
  private static final String SOAP_PATH = "/autodiscover/autodiscover.svc";
  private static final AtomicInteger THREAD_IDS = new AtomicInteger();

  private final ServerSocket listener;
  private final SSLSocketFactory tls;
  private final SSLContext clientContext;
  private final String rootHost;
  private final String answeringHost;
  private final byte[] answer;
  private final long holdMillis;
  private final CompletableFuture<Void> rootRefusedSoap = new CompletableFuture<>();
  private final CompletableFuture<Void> probeRefused = new CompletableFuture<>();
  private final CompletableFuture<Void> release = new CompletableFuture<>();
  private final ScheduledThreadPoolExecutor timer;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile boolean closed;

  private RehearsalServer(ServerSocket listener, ThrowawayPki pki, String domain, byte[] answer,
      CompletionStage<?> alsoHoldFor, Duration holdLimit) throws GeneralSecurityException {
    this.listener = listener;
    this.tls = pki.serverContext().getSocketFactory();
    this.clientContext = pki.clientContext();
    this.rootHost = domain;
    this.answeringHost = "autodiscover." + domain;
    this.answer = answer.clone();
    this.holdMillis = holdLimit.toMillis();
    CompletableFuture.allOf(rootRefusedSoap, probeRefused, alsoHoldFor.toCompletableFuture())
        .whenComplete((done, failed) -> release.complete(null));
    this.timer = new ScheduledThreadPoolExecutor(1, RehearsalServer::daemon);
    timer.setRemoveOnCancelPolicy(true);
  }

  /**
   * Starts a server for a domain.
   *
   * @param domain the domain, lower-case ASCII (such as {@code example.com}); not null
   * @param answer the POX answer {@code autodiscover.<domain>} gives, UTF-8 XML; not null; copied
   * @param alsoHoldFor a stage the answer also waits for (within the hold limit); not null
   * @param holdLimit the longest the answer is held; not null, not negative
   * @return the running server; close it
   * @throws IOException if no loopback port can be bound
   * @throws GeneralSecurityException if the JDK lacks what the throw-away PKI needs
   * @throws NullPointerException if an argument is null
   */
  public static RehearsalServer start(String domain, byte[] answer, CompletionStage<?> alsoHoldFor,
      Duration holdLimit) throws IOException, GeneralSecurityException {
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(alsoHoldFor, "alsoHoldFor");
    ThrowawayPki pki = ThrowawayPki.create(List.of(domain, "autodiscover." + domain));
    ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    RehearsalServer server;
    try {
      server = new RehearsalServer(listener, pki, domain, answer, alsoHoldFor, holdLimit);
    } catch (GeneralSecurityException | RuntimeException e) {
      listener.close();
      throw e;
    }
    daemon(server::acceptLoop).start();
    return server;
  }

  /**
   * The address to give a client as its HTTP proxy (for {@code http} and {@code https}).
   *
   * @return the loopback address and port; never null; the same after {@link #close()}
   */
  public InetSocketAddress proxyAddress() {
    return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
  }

  /**
   * The client SSL context that trusts this server's certificates only (and no other); the same instance every
   * call.
   *
   * @return the context; never null
   */
  public SSLContext clientContext() {
    return clientContext;
  }

  /** Stops listening, releases a held answer and closes every connection. Idempotent; never throws. */
  @Override
  public void close() {
    closed = true;
    release.complete(null);
    try {
      listener.close();
    } catch (IOException e) {
      // nothing more to do with a listener that would not close
    }
    for (Socket s : List.copyOf(open)) {
      closeQuietly(s);
    }
    timer.shutdownNow();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket s;
      try {
        s = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      if (closed || connections.incrementAndGet() > MAX_CONNECTIONS) {
        closeQuietly(s);
        continue;
      }
      open.add(s);
      if (closed) { // close() may have copied the set before the add
        open.remove(s);
        closeQuietly(s);
        continue;
      }
      ScheduledFuture<?> lifeEnds;
      try {
        lifeEnds = timer.schedule(() -> closeQuietly(s), CONNECTION_MS, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) { // closed meanwhile
        open.remove(s);
        closeQuietly(s);
        continue;
      }
      daemon(() -> {
        serve(s);
        lifeEnds.cancel(false);
      }).start();
    }
  }

  private void serve(Socket s) {
    try {
      s.setSoTimeout(READ_TIMEOUT_MS);
      s.setTcpNoDelay(true);
      InputStream in = s.getInputStream();
      Head head = Head.read(in); // byte by byte: after a CONNECT, what follows belongs to TLS
      if (head == null) {
        return;
      }
      if (!head.method.equals("CONNECT")) {
        exchange(null, head, new BufferedInputStream(in), s.getOutputStream());
        return;
      }
      String host = head.target.toLowerCase(Locale.ROOT);
      OutputStream out = s.getOutputStream();
      if (!host.equals(rootHost + ":443") && !host.equals(answeringHost + ":443")) {
        respond(out, "403 Forbidden", null, true);
        return;
      }
      out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      try (SSLSocket tunnel = (SSLSocket) tls.createSocket(s, null, true)) {
        tunnel.startHandshake();
        exchange(host.substring(0, host.length() - ":443".length()), null,
            new BufferedInputStream(tunnel.getInputStream()), tunnel.getOutputStream());
      }
    } catch (IOException | RuntimeException e) {
      // the client went away, its time ran out, or it sent what this server does not serve: the connection ends
    } finally {
      open.remove(s);
      closeQuietly(s);
    }
  }

  /** Serves requests on one connection until it ends ({@code tlsHost} is null for plain HTTP). */
  private void exchange(@Nullable String tlsHost, @Nullable Head first, InputStream in, OutputStream out)
      throws IOException {
    for (Head head = first != null ? first : Head.read(in); head != null; head = Head.read(in)) {
      if (head.fields.containsKey("transfer-encoding")) {
        respond(out, "400 Bad Request", null, true); // the clients rehearsed send Content-Length
        return;
      }
      long length = head.contentLength();
      if (length < 0) {
        respond(out, "400 Bad Request", null, true);
        return;
      }
      if (length > MAX_BODY_BYTES) {
        respond(out, "413 Content Too Large", null, true);
        return;
      }
      if ("100-continue".equalsIgnoreCase(head.fields.get("expect"))) {
        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
      in.skipNBytes(length);
      boolean close = !head.keepsAlive();
      String path = head.path();
      if (answeringHost.equals(tlsHost) && head.method.equals("POST") && path.equalsIgnoreCase(AUTODISCOVER_PATH)) {
        awaitRelease();
        respond(out, "200 OK", answer, close);
      } else {
        respond(out, "404 Not Found", null, close);
        if (rootHost.equals(tlsHost) && path.equalsIgnoreCase(SOAP_PATH)) {
          rootRefusedSoap.complete(null);
        } else if (tlsHost == null && path.equalsIgnoreCase(AUTODISCOVER_PATH)) {
          probeRefused.complete(null);
        }
      }
      if (close) {
        return;
      }
    }
  }

  private void awaitRelease() throws IOException {
    try {
      release.get(holdMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // held long enough: answer now
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while holding the answer", e);
    }
    if (closed) {
      throw new IOException("closed while holding the answer");
    }
  }

  private static void respond(OutputStream out, String status, byte @Nullable [] body, boolean close)
      throws IOException {
    byte[] content = body == null ? new byte[0] : body;
    String head = "HTTP/1.1 " + status + "\r\n"
        + (body == null ? "" : "Content-Type: text/xml; charset=utf-8\r\n")
        + "Content-Length: " + content.length + "\r\n"
        + (close ? "Connection: close\r\n" : "")
        + "\r\n";
    ByteArrayOutputStream whole = new ByteArrayOutputStream(head.length() + content.length);
    whole.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
    whole.writeBytes(content);
    out.write(whole.toByteArray()); // one write: no Nagle stall between head and body
    out.flush();
  }

  private static Thread daemon(Runnable task) {
    Thread t = new Thread(task, "autodiscover-rehearsal-" + THREAD_IDS.incrementAndGet());
    t.setDaemon(true);
    return t;
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  /** A request line and its header fields (names in lower case; repeated fields joined with commas). */
  static final class Head {
    final String method;
    final String target;
    final String version;
    final Map<String, String> fields;

    private Head(String method, String target, String version, Map<String, String> fields) {
      this.method = method;
      this.target = target;
      this.version = version;
      this.fields = fields;
    }

    /**
     * Reads one request head, byte by byte, up to and including its empty line; empty lines before the request
     * line are skipped (RFC 9112, section 2.2).
     *
     * @param in the stream; not null
     * @return the head, or null when the stream ended before a request began
     * @throws IOException on a read failure, a head longer than {@value #MAX_HEAD_BYTES} bytes, or one that is not
     *     an HTTP/1.x request with well-formed header fields (a field name with white space, a folded line)
     */
    static @Nullable Head read(InputStream in) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
      int matched = 0; // of "\r\n\r\n"
      int consumed = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          if (bytes.size() == 0) {
            return null;
          }
          throw new IOException("the request head ended early");
        }
        if (++consumed > MAX_HEAD_BYTES) {
          throw new IOException("request head over " + MAX_HEAD_BYTES + " bytes");
        }
        bytes.write(b);
        matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (b == '\r' ? 1 : 0);
        if (matched == 2 && bytes.size() == 2) { // an empty line before the request line
          bytes.reset();
          matched = 0;
        }
      }
      String[] lines = bytes.toString(StandardCharsets.ISO_8859_1).split("\r\n");
      String[] request = lines[0].split(" ", -1);
      if (request.length != 3 || request[0].isEmpty() || request[1].isEmpty() || !request[2].startsWith("HTTP/1.")) {
        throw new IOException("not an HTTP/1.x request line");
      }
      Map<String, String> fields = new HashMap<>();
      for (int i = 1; i < lines.length; i++) {
        String line = lines[i];
        int colon = line.indexOf(':');
        if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t'
            || line.substring(0, colon).chars().anyMatch(c -> c == ' ' || c == '\t')) {
          throw new IOException("malformed header field");
        }
        String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
        fields.merge(name, line.substring(colon + 1).trim(), (a, b) -> a + "," + b);
      }
      return new Head(request[0], request[1], request[2], fields);
    }

    /** The declared body length, 0 without one, -1 when it is not one decimal number. */
    long contentLength() {
      String value = fields.get("content-length");
      if (value == null) {
        return 0;
      }
      if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return -1;
      }
      return Long.parseLong(value);
    }

    /** Whether the connection stays open after the response (HTTP/1.1 without {@code Connection: close}). */
    boolean keepsAlive() {
      String connection = fields.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
      return version.equals("HTTP/1.1") && Arrays.stream(connection.split(",")).map(String::trim)
          .noneMatch("close"::equals);
    }

    /** The target's path: an absolute-form target's path, without a query. */
    String path() {
      String t = target;
      if (t.startsWith("http://") || t.startsWith("https://")) {
        int slash = t.indexOf('/', t.indexOf("//") + 2);
        t = slash < 0 ? "/" : t.substring(slash);
      }
      int query = t.indexOf('?');
      return query < 0 ? t : t.substring(0, query);
    }
  }
}
