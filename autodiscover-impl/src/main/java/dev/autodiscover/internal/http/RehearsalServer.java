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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * An Autodiscover deployment for one domain inside this process, on loopback, for {@code
 * AutodiscoverClient.warmUp()}'s rehearsal of a whole lookup: it is the HTTP proxy the rehearsal's client is given,
 * and every host behind that proxy. {@code CONNECT <host>:<port>} is answered 200, then the tunnel is served as
 * that host over TLS with a {@link ThrowawayPki} leaf for {@code <domain>} and {@code autodiscover.<domain>}, which
 * only {@link #clientContext()} trusts. A {@code POST} to {@code https://autodiscover.<domain>/autodiscover/
 * autodiscover.xml} is answered 200 with the given POX answer; every other request (the root domain, SOAP, a
 * plain-HTTP request through the proxy) gets a 404, as from a server that does not serve it. The answer is held
 * until the root domain has refused its SOAP request too (at most {@value #HOLD_MS} ms), so that a rehearsal runs
 * the switch from POX to SOAP there every time, however the threads are scheduled. HTTP/1.1 with keep-alive and
 * {@code Content-Length} bodies.
 *
 * <p>Bounded: it listens on 127.0.0.1 only, serves at most {@value #MAX_CONNECTIONS} connections in its life (the
 * rest are closed at once), each read waits at most {@value #READ_TIMEOUT_MS} ms, a request head may have at most
 * {@value #MAX_HEAD_BYTES} bytes and a body at most {@value #MAX_BODY_BYTES} (else the connection is closed), and
 * {@link #close()} ends the listener and every connection. Nothing it reads is logged. Thread-safe; its threads are
 * daemon threads.
 */
public final class RehearsalServer implements AutoCloseable {
  /** Connections served in the server's life; a rehearsal opens about four. */
  static final int MAX_CONNECTIONS = 16;
  /** Longest wait for one read, in milliseconds. */
  static final int READ_TIMEOUT_MS = 5_000;
  /** Longest request head (request line and header fields) read. */
  static final int MAX_HEAD_BYTES = 8_192;
  /** Longest request body read. */
  static final int MAX_BODY_BYTES = 65_536;
  /** Longest hold of the answer for the root domain's SOAP refusal, in milliseconds. */
  static final int HOLD_MS = 2_000;
  private static final AtomicInteger THREAD_IDS = new AtomicInteger();

  private final ServerSocket listener;
  private final SSLSocketFactory tls;
  private final SSLContext clientContext;
  private final String rootHost;
  private final String answeringHost;
  private final CountDownLatch rootRefusedSoap = new CountDownLatch(1);
  private final byte[] answer;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile boolean closed;

  private RehearsalServer(ServerSocket listener, ThrowawayPki pki, String domain, byte[] answer)
      throws GeneralSecurityException {
    this.listener = listener;
    this.tls = pki.serverContext().getSocketFactory();
    this.clientContext = pki.clientContext();
    this.rootHost = domain;
    this.answeringHost = "autodiscover." + domain;
    this.answer = answer.clone();
  }

  /**
   * Starts a server for a domain.
   *
   * @param domain the domain, lower case ASCII (such as {@code example.com}); not null
   * @param answer the POX answer {@code autodiscover.<domain>} gives, UTF-8 XML; copied
   * @return the running server; close it
   * @throws IOException if no loopback port can be bound
   * @throws GeneralSecurityException if the JDK lacks what the throw-away PKI needs
   */
  public static RehearsalServer start(String domain, byte[] answer) throws IOException, GeneralSecurityException {
    ThrowawayPki pki = ThrowawayPki.create(List.of(domain, "autodiscover." + domain));
    ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    RehearsalServer server;
    try {
      server = new RehearsalServer(listener, pki, domain, answer);
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
   * @return the loopback address and port
   */
  public InetSocketAddress proxyAddress() {
    return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
  }

  /**
   * A new SSL context that trusts this server's certificates only (and no other).
   *
   * @return the context
   */
  public SSLContext clientContext() {
    return clientContext;
  }

  /** Stops listening and closes every connection. Idempotent. */
  @Override
  public void close() {
    closed = true;
    rootRefusedSoap.countDown(); // no answer is held any longer
    try {
      listener.close();
    } catch (IOException e) {
      // nothing more to do with a listener that would not close
    }
    for (Socket s : List.copyOf(open)) {
      closeQuietly(s);
    }
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
      daemon(() -> serve(s)).start();
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
      int colon = head.target.lastIndexOf(':');
      String host = (colon < 0 ? head.target : head.target.substring(0, colon)).toLowerCase(Locale.ROOT);
      OutputStream out = s.getOutputStream();
      out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      try (SSLSocket tunnel = (SSLSocket) tls.createSocket(s, null, true)) {
        tunnel.startHandshake();
        exchange(host, null, new BufferedInputStream(tunnel.getInputStream()), tunnel.getOutputStream());
      }
    } catch (IOException | RuntimeException e) {
      // the client went away or sent what this server does not serve: the connection ends
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
      if (length < 0 || length > MAX_BODY_BYTES) {
        respond(out, "413 Content Too Large", null, true);
        return;
      }
      if ("100-continue".equalsIgnoreCase(head.fields.get("expect"))) {
        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
      in.skipNBytes(length);
      String path = path(head);
      if (answeringHost.equals(tlsHost) && head.method.equals("POST")
          && path.equalsIgnoreCase("/autodiscover/autodiscover.xml")) {
        try {
          rootRefusedSoap.await(HOLD_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        respond(out, "200 OK", answer, false);
      } else {
        respond(out, "404 Not Found", null, false);
        if (rootHost.equals(tlsHost) && path.equalsIgnoreCase("/autodiscover/autodiscover.svc")) {
          rootRefusedSoap.countDown();
        }
      }
    }
  }

  private static String path(Head head) {
    int query = head.target.indexOf('?');
    return query < 0 ? head.target : head.target.substring(0, query);
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

  /** A request line and its header fields (names in lower case). */
  static final class Head {
    final String method;
    final String target;
    final Map<String, String> fields;

    private Head(String method, String target, Map<String, String> fields) {
      this.method = method;
      this.target = target;
      this.fields = fields;
    }

    /**
     * Reads one request head, byte by byte, up to and including its empty line.
     *
     * @return the head, or null when the stream ended before its first byte
     * @throws IOException on a read failure, a head longer than {@value #MAX_HEAD_BYTES} bytes, or one that is not
     *     HTTP/1.x
     */
    static @Nullable Head read(InputStream in) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
      int matched = 0; // of "\r\n\r\n"
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          if (bytes.size() == 0) {
            return null;
          }
          throw new IOException("the request head ended early");
        }
        if (bytes.size() == MAX_HEAD_BYTES) {
          throw new IOException("request head over " + MAX_HEAD_BYTES + " bytes");
        }
        bytes.write(b);
        matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      String[] lines = bytes.toString(StandardCharsets.ISO_8859_1).split("\r\n");
      String[] request = lines[0].split(" ", -1);
      if (request.length != 3 || !request[2].startsWith("HTTP/1.")) {
        throw new IOException("not an HTTP/1.x request line");
      }
      Map<String, String> fields = new HashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
          fields.put(name, lines[i].substring(colon + 1).trim());
        }
      }
      return new Head(request[0], request[1], fields);
    }

    /** The declared body length, 0 without one, -1 when it is not a number. */
    long contentLength() {
      String value = fields.get("content-length");
      if (value == null) {
        return 0;
      }
      try {
        return Long.parseLong(value);
      } catch (NumberFormatException e) {
        return -1;
      }
    }
  }
}
