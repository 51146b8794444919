package dev.autodiscover.testkit;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real DNS server on {@code 127.0.0.1} for tests: it speaks the DNS wire protocol over UDP and TCP on the
 * same ephemeral port, answers from records and behaviours set up by the test, and counts what it is asked.
 *
 * <pre>{@code
 * try (DnsResponder dns = DnsResponder.start()
 *     .srv("_autodiscover._tcp.contoso.com", 10, 50, 443, "mail.hoster.example")
 *     .nxdomain("_autodiscover._tcp.fabrikam.com")) {
 *   InetSocketAddress server = dns.address();   // point the resolver under test here
 *   ...
 *   assertThat(dns.queries()).containsExactly("UDP _autodiscover._tcp.contoso.com. SRV");
 * }
 * }</pre>
 *
 * <p>Names not set up answer NXDOMAIN. For each name, the last call among {@link #srv}, {@link #nxdomain},
 * {@link #servfail}, {@link #noRecords}, {@link #refused} and {@link #silent} decides how it is answered
 * ({@code srv} calls add up); {@link #truncateUdp} applies on top. A name with SRV records answers queries
 * of other types with an empty answer. Names are case-insensitive and may be given with or without the
 * trailing dot. UDP answers larger than the client's buffer (512 bytes, or its EDNS size) are truncated
 * with the TC bit set, as a real server does. Malformed queries get FORMERR and are not counted.
 *
 * <p>Thread-safe: answers may be changed while clients query. Uses daemon threads only; {@link #close()}
 * stops them and closes every socket promptly. Methods that take names throw
 * {@link IllegalArgumentException} for a name that is not a valid DNS name.
 */
public final class DnsResponder implements AutoCloseable {
  private static final int MAX_BIND_ATTEMPTS = 50;
  private static final long CLOSE_WAIT_SECONDS = 5;
  private static final AtomicInteger RESPONDER_IDS = new AtomicInteger();

  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final InetSocketAddress address;
  private final ExecutorService threads;
  private final DnsZone zone = new DnsZone();
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private DnsResponder(DatagramSocket udp, ServerSocket tcp) {
    this.udp = udp;
    this.tcp = tcp;
    this.address = new InetSocketAddress(LoopbackProxy.LOOPBACK, udp.getLocalPort());
    String prefix = "autodiscover-testkit-dns-" + RESPONDER_IDS.incrementAndGet() + "-";
    AtomicInteger threadIds = new AtomicInteger();
    this.threads = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, prefix + threadIds.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Binds UDP and TCP on the same ephemeral port of {@code 127.0.0.1} and starts answering.
   *
   * @return a running responder with no names set up (every name answers NXDOMAIN)
   * @throws UncheckedIOException if no port free for both UDP and TCP was found
   */
  public static DnsResponder start() {
    IOException last = null;
    for (int attempt = 0; attempt < MAX_BIND_ATTEMPTS; attempt++) {
      DatagramSocket udp = null;
      try {
        udp = new DatagramSocket(new InetSocketAddress(LoopbackProxy.LOOPBACK, 0));
        ServerSocket tcp = new ServerSocket(udp.getLocalPort(), 50, LoopbackProxy.LOOPBACK);
        DnsResponder responder = new DnsResponder(udp, tcp);
        responder.threads.execute(responder::udpLoop);
        responder.threads.execute(responder::acceptLoop);
        return responder;
      } catch (IOException e) { // the TCP side of that port is taken: try another port
        last = e;
        if (udp != null) {
          udp.close();
        }
      }
    }
    throw new UncheckedIOException("no loopback port was free for both UDP and TCP", last);
  }

  /**
   * The address clients send queries to: {@code 127.0.0.1} and the port shared by UDP and TCP. Stays the
   * same after {@link #close()}.
   */
  public InetSocketAddress address() {
    return address;
  }

  /**
   * Adds one SRV record to {@code name} and makes the name answer with its records.
   *
   * @param name the owner name, such as {@code _autodiscover._tcp.contoso.com}
   * @param priority 0 to 65535
   * @param weight 0 to 65535
   * @param port 0 to 65535
   * @param target the target host, or {@code "."} for "service not offered"
   * @return this responder
   * @throws IllegalArgumentException if a name is invalid or a number is out of range
   */
  public DnsResponder srv(String name, int priority, int weight, int port, String target) {
    zone.srv(name, priority, weight, port, target);
    return this;
  }

  /**
   * Makes {@code name} answer NXDOMAIN (the name does not exist), as unknown names do.
   *
   * @param name the owner name
   * @return this responder
   */
  public DnsResponder nxdomain(String name) {
    return mode(name, DnsZone.Mode.NXDOMAIN);
  }

  /**
   * Makes {@code name} answer SERVFAIL.
   *
   * @param name the owner name
   * @return this responder
   */
  public DnsResponder servfail(String name) {
    return mode(name, DnsZone.Mode.SERVFAIL);
  }

  /**
   * Makes {@code name} answer NOERROR with an empty answer section ("NODATA": the name exists, the type
   * does not).
   *
   * @param name the owner name
   * @return this responder
   */
  public DnsResponder noRecords(String name) {
    return mode(name, DnsZone.Mode.NODATA);
  }

  /**
   * Makes {@code name} answer REFUSED.
   *
   * @param name the owner name
   * @return this responder
   */
  public DnsResponder refused(String name) {
    return mode(name, DnsZone.Mode.REFUSED);
  }

  /**
   * Makes queries for {@code name} go unanswered, over UDP and TCP alike (they are still counted), so that
   * clients time out.
   *
   * @param name the owner name
   * @return this responder
   */
  public DnsResponder silent(String name) {
    return mode(name, DnsZone.Mode.SILENT);
  }

  /**
   * Makes UDP answers for {@code name} arrive truncated: TC bit set, no records. TCP answers stay complete,
   * so a conforming client repeats the query over TCP.
   *
   * @param name the owner name
   * @return this responder
   */
  public DnsResponder truncateUdp(String name) {
    zone.truncateUdp(name);
    return this;
  }

  /** How many well-formed queries arrived over UDP so far. */
  public int udpQueries() {
    return zone.queryCount(DnsZone.Transport.UDP);
  }

  /** How many well-formed queries arrived over TCP so far. */
  public int tcpQueries() {
    return zone.queryCount(DnsZone.Transport.TCP);
  }

  /**
   * Every well-formed query so far, in arrival order, as {@code "<transport> <absolute name> <type>"},
   * for example {@code "UDP _autodiscover._tcp.contoso.com. SRV"}.
   *
   * @return an immutable snapshot
   */
  public List<String> queries() {
    return zone.queries();
  }

  /**
   * Stops answering, closes the sockets and every open TCP connection, and waits (at most a few seconds)
   * for the responder's threads to end, so that the port is free again when this returns. Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    udp.close();
    closeQuietly(tcp);
    for (Socket connection : connections) {
      closeQuietly(connection);
    }
    threads.shutdownNow();
    try {
      // A socket closed under a thread blocked in accept() or receive() is released when that thread returns.
      threads.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private DnsResponder mode(String name, DnsZone.Mode mode) {
    zone.mode(name, mode);
    return this;
  }

  private void udpLoop() {
    byte[] buffer = new byte[65_535];
    while (!closed) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        udp.receive(packet);
        byte[] reply = zone.answer(Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getLength()),
            DnsZone.Transport.UDP);
        if (reply != null) {
          udp.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
        }
      } catch (IOException e) {
        if (udp.isClosed()) {
          return;
        }
        // One client's packet could not be read or answered; keep serving the others.
      }
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket connection;
      try {
        connection = tcp.accept();
      } catch (IOException e) {
        if (tcp.isClosed()) {
          return;
        }
        continue;
      }
      connections.add(connection);
      if (closed) {
        release(connection);
        return;
      }
      try {
        threads.execute(() -> serveTcp(connection));
      } catch (RejectedExecutionException e) {
        release(connection);
      }
    }
  }

  /** Answers length-prefixed queries (RFC 1035 §4.2.2) until the client closes the connection. */
  private void serveTcp(Socket connection) {
    try (DataInputStream in = new DataInputStream(connection.getInputStream());
         DataOutputStream out = new DataOutputStream(connection.getOutputStream())) {
      while (!closed) {
        int length = in.readUnsignedShort();
        byte[] query = in.readNBytes(length);
        if (query.length < length) {
          return;
        }
        byte[] reply = zone.answer(query, DnsZone.Transport.TCP);
        if (reply != null) {
          out.writeShort(reply.length);
          out.write(reply);
          out.flush();
        }
      }
    } catch (EOFException e) {
      // The client closed the connection between queries.
    } catch (IOException e) {
      // The client or close() broke the connection.
    } finally {
      release(connection);
    }
  }

  private void release(Socket connection) {
    connections.remove(connection);
    closeQuietly(connection);
  }

  private static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // Already broken; nothing more to release.
    }
  }
}
