package dev.autodiscover.examples.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import dev.autodiscover.examples.cli.PemTrust;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import dev.autodiscover.PrintableText;

/**
 * The lowest floor under {@link ColdStartBenchmark}'s first resolve: the one POST that answers the benchmark's
 * mailbox, made over a bare TLS socket with no HTTP client at all, as no real client would (no pooling, no
 * redirects, no overall deadline, only 10 s connect and read timeouts; an answer read only by its {@code
 * Content-Length}). Run in a fresh JVM, it
 * opens a TCP connection to the benchmark's proxy, asks it to {@code CONNECT} to {@code autodiscover.}{@value
 * ColdStartBenchmark#DOMAIN}{@code :443}, layers the JDK's {@link SSLSocket} over the tunnel (host name checked,
 * SNI sent), POSTs Outlook's POX request in one write, reads the answer and prints one line: {@code PROBE
 * first=<ms> ews=<the benchmark's EWS URL if the body names it, else none>}. The TLS trust is set up before the
 * clock starts, as in {@link JdkFloorProbe}; the clock runs from before the TCP connect to the body's last byte
 * (the sockets are closed after it). What this costs is what the JVM's TLS and socket code costs the first time:
 * in a plain fresh JVM (default options, no class-data archive or AOT cache) no Java client that uses the JDK's
 * TLS, {@code java.net.http} included, can make its first request for less.
 *
 * <pre>{@code
 * java -cp autodiscover-cli.jar dev.autodiscover.examples.bench.TlsSocketFloorProbe <email> <proxy-host:port> <ca.pem>
 * }</pre>
 *
 * <p>Exit code 0 after an answer with status 200, 1 otherwise (the reason goes to standard error, with text from
 * the network neutralised), 2 for a wrong number of arguments. Not a unit test; started by {@link
 * ColdStartBenchmark}.
 */
public final class TlsSocketFloorProbe {
  private static final int TIMEOUT_MS = 10_000;
  private static final int MAX_HEAD_BYTES = 64 * 1024;

  private TlsSocketFloorProbe() {}

  /**
   * Runs the probe.
   *
   * @param args email, proxy {@code host:port}, CA PEM file
   * @throws Exception if an argument is malformed (a proxy address without a port) or the trust set-up fails (the
   *     JVM then exits with 1 and a stack trace)
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: TlsSocketFloorProbe <email> <proxy-host:port> <ca.pem>");
      System.exit(2);
    }
    InetSocketAddress proxy = ColdStartProbe.address(args[1]);
    SSLContext ssl = PemTrust.fromFile(Path.of(args[2]));
    byte[] body = JdkFloorProbe.poxRequest(args[0]).getBytes(StandardCharsets.UTF_8);
    String host = "autodiscover." + ColdStartBenchmark.DOMAIN;

    long start = System.nanoTime();
    Answer answer;
    try {
      answer = post(proxy, ssl, host, body);
    } catch (IOException e) {
      System.err.println("probe: " + PrintableText.escape(String.valueOf(e))); // may quote the server
      System.exit(1);
      return;
    }
    String ews = answer.body.contains(ColdStartBenchmark.EWS_URL) ? ColdStartBenchmark.EWS_URL : "none";
    System.out.printf(Locale.ROOT, "PROBE first=%.1f ews=%s%n", (answer.read - start) / 1e6, ews);
    System.out.flush();
    System.exit(0);
  }

  /** The body of a 200 answer and {@link System#nanoTime()} when its last byte was read. */
  private record Answer(String body, long read) {}

  /** The POST through the proxy's tunnel; the sockets are closed after the answer's time is taken. */
  private static Answer post(InetSocketAddress proxy, SSLContext ssl, String host, byte[] body) throws IOException {
    try (Socket tcp = new Socket()) {
      tcp.connect(proxy, TIMEOUT_MS);
      tcp.setSoTimeout(TIMEOUT_MS);
      tcp.setTcpNoDelay(true);
      OutputStream toProxy = tcp.getOutputStream();
      toProxy.write(("CONNECT " + host + ":443 HTTP/1.1\r\nHost: " + host + ":443\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      toProxy.flush();
      // Unbuffered: the proxy sends nothing after its head until the TLS handshake, which must find every byte.
      Head tunnel = Head.read(tcp.getInputStream());
      if (tunnel.status != 200) {
        throw new IOException("the proxy refused the tunnel: HTTP " + tunnel.status);
      }
      try (SSLSocket tls = (SSLSocket) ssl.getSocketFactory().createSocket(tcp, host, 443, true)) {
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setServerNames(List.of(new SNIHostName(host)));
        tls.setSSLParameters(parameters);
        ByteArrayOutputStream request = new ByteArrayOutputStream(512 + body.length);
        request.writeBytes(("POST /autodiscover/autodiscover.xml HTTP/1.1\r\nHost: " + host + "\r\n"
            + "Content-Type: text/xml; charset=utf-8\r\nContent-Length: " + body.length + "\r\n"
            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        request.writeBytes(body);
        OutputStream out = tls.getOutputStream();
        request.writeTo(out);
        out.flush();
        InputStream in = new BufferedInputStream(tls.getInputStream());
        Head head = Head.read(in);
        if (head.status != 200) {
          throw new IOException("HTTP " + head.status);
        }
        if (head.headers.containsKey("transfer-encoding")) {
          throw new IOException("the answer has a Transfer-Encoding; this probe reads only Content-Length");
        }
        int size;
        try {
          size = Integer.parseInt(head.headers.get("content-length")); // null included
        } catch (NumberFormatException e) {
          throw new IOException("the answer has no usable Content-Length");
        }
        if (size < 0 || size > 16 * 1024 * 1024) {
          throw new IOException("the answer's Content-Length is out of range: " + size);
        }
        byte[] answer = in.readNBytes(size);
        long read = System.nanoTime();
        if (answer.length != size) {
          throw new IOException("the answer ended after " + answer.length + " of " + size + " bytes");
        }
        return new Answer(new String(answer, StandardCharsets.UTF_8), read);
      }
    }
  }

  /**
   * A response head: status code and headers (names in lower case). A name repeated with another value is an
   * error, as RFC 9112 asks of {@code Content-Length}.
   */
  private record Head(int status, Map<String, String> headers) {
    /** Reads up to and including the empty line, byte by byte, never past it. */
    static Head read(InputStream in) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      int matched = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("the connection ended inside a response head");
        }
        if (bytes.size() >= MAX_HEAD_BYTES) {
          throw new IOException("a response head over " + MAX_HEAD_BYTES + " bytes");
        }
        bytes.write(b);
        matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      String[] lines = bytes.toString(StandardCharsets.ISO_8859_1).split("\r\n");
      if (lines.length == 0 || lines[0].isEmpty()) {
        throw new IOException("an empty status line");
      }
      String[] statusLine = lines[0].split(" ", 3);
      if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
        throw new IOException("not an HTTP/1.x status line");
      }
      int status;
      try {
        status = Integer.parseInt(statusLine[1]);
      } catch (NumberFormatException e) {
        throw new IOException("not an HTTP status code", e);
      }
      Map<String, String> headers = new HashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          String name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
          String value = lines[i].substring(colon + 1).strip();
          String before = headers.put(name, value);
          if (before != null && !before.equals(value)) {
            throw new IOException("the header " + name + " is repeated with another value");
          }
        }
      }
      return new Head(status, headers);
    }
  }
}
