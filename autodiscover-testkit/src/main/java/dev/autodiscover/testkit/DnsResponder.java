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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

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
  private static final long TTL_SECONDS = 300;
  private static final int CLASSIC_UDP_LIMIT = 512;
  private static final int EDNS_PAYLOAD_SIZE = 1232;
  private static final int MAX_BIND_ATTEMPTS = 50;
  private static final long CLOSE_WAIT_SECONDS = 5;
  private static final AtomicInteger RESPONDER_IDS = new AtomicInteger();

  private enum Mode { ANSWER, NXDOMAIN, SERVFAIL, NODATA, REFUSED, SILENT }

  private enum Transport { UDP, TCP }

  /** How one name is answered; immutable, replaced as a whole. */
  private record Entry(Mode mode, List<Record> records, boolean truncateUdp) {
    static final Entry NEW = new Entry(Mode.ANSWER, List.of(), false);

    Entry withMode(Mode newMode) {
      return new Entry(newMode, records, truncateUdp);
    }

    Entry plus(Record record) {
      List<Record> more = new ArrayList<>(records);
      more.add(record);
      return new Entry(Mode.ANSWER, List.copyOf(more), truncateUdp);
    }

    Entry truncated() {
      return new Entry(mode, records, true);
    }
  }

  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final InetSocketAddress address;
  private final ExecutorService threads;
  private final Map<Name, Entry> names = new ConcurrentHashMap<>();
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final AtomicInteger udpQueries = new AtomicInteger();
  private final AtomicInteger tcpQueries = new AtomicInteger();
  private final List<String> queries = new CopyOnWriteArrayList<>();
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
    Name owner = parse(name);
    Record record = new SRVRecord(owner, DClass.IN, TTL_SECONDS, priority, weight, port, parse(target));
    names.compute(owner, (key, old) -> (old == null ? Entry.NEW : old).plus(record));
    return this;
  }

  /**
   * Makes {@code name} answer NXDOMAIN (the name does not exist), as unknown names do.
   *
   * @param name the owner name
   * @return this responder
   */
  public DnsResponder nxdomain(String name) {
    return mode(name, Mode.NXDOMAIN);
  }

  /**
   * Makes {@code name} answer SERVFAIL.
   *
   * @param name the owner name
   * @return this responder
   */
  public DnsResponder servfail(String name) {
    return mode(name, Mode.SERVFAIL);
  }

  /**
   * Makes {@code name} answer NOERROR with an empty answer section ("NODATA": the name exists, the type
   * does not).
   *
   * @param name the owner name
   * @return this responder
   */
  public DnsResponder noRecords(String name) {
    return mode(name, Mode.NODATA);
  }

  /**
   * Makes {@code name} answer REFUSED.
   *
   * @param name the owner name
   * @return this responder
   */
  public DnsResponder refused(String name) {
    return mode(name, Mode.REFUSED);
  }

  /**
   * Makes queries for {@code name} go unanswered, over UDP and TCP alike (they are still counted), so that
   * clients time out.
   *
   * @param name the owner name
   * @return this responder
   */
  public DnsResponder silent(String name) {
    return mode(name, Mode.SILENT);
  }

  /**
   * Makes UDP answers for {@code name} arrive truncated: TC bit set, no records. TCP answers stay complete,
   * so a conforming client repeats the query over TCP.
   *
   * @param name the owner name
   * @return this responder
   */
  public DnsResponder truncateUdp(String name) {
    names.compute(parse(name), (key, old) -> (old == null ? Entry.NEW.withMode(Mode.NXDOMAIN) : old).truncated());
    return this;
  }

  /** How many well-formed queries arrived over UDP so far. */
  public int udpQueries() {
    return udpQueries.get();
  }

  /** How many well-formed queries arrived over TCP so far. */
  public int tcpQueries() {
    return tcpQueries.get();
  }

  /**
   * Every well-formed query so far, in arrival order, as {@code "<transport> <absolute name> <type>"},
   * for example {@code "UDP _autodiscover._tcp.contoso.com. SRV"}.
   *
   * @return an immutable snapshot
   */
  public List<String> queries() {
    return List.copyOf(queries);
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

  private DnsResponder mode(String name, Mode mode) {
    names.compute(parse(name), (key, old) -> (old == null ? Entry.NEW : old).withMode(mode));
    return this;
  }

  private void udpLoop() {
    byte[] buffer = new byte[65_535];
    while (!closed) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        udp.receive(packet);
        byte[] reply = answer(Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getLength()),
            Transport.UDP);
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
        byte[] reply = answer(query, Transport.TCP);
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

  /** The wire-format reply to one query, or null to stay silent. */
  private byte @Nullable [] answer(byte[] wire, Transport transport) {
    Message query;
    try {
      query = new Message(wire);
    } catch (IOException e) {
      return formatError(wire);
    }
    Record question = query.getQuestion();
    if (query.getHeader().getFlag(Flags.QR) || question == null) {
      return formatError(wire);
    }
    (transport == Transport.UDP ? udpQueries : tcpQueries).incrementAndGet();
    queries.add(transport + " " + question.getName() + " " + Type.string(question.getType()));

    Entry entry = names.getOrDefault(question.getName().canonicalize(), Entry.NEW.withMode(Mode.NXDOMAIN));
    if (entry.mode() == Mode.SILENT) {
      return null;
    }
    Message response = new Message(query.getHeader().getID());
    response.getHeader().setFlag(Flags.QR);
    response.getHeader().setFlag(Flags.AA);
    response.getHeader().setFlag(Flags.RA);
    if (query.getHeader().getFlag(Flags.RD)) {
      response.getHeader().setFlag(Flags.RD);
    }
    response.getHeader().setOpcode(query.getHeader().getOpcode());
    response.addRecord(question, Section.QUESTION);
    OPTRecord clientOpt = query.getOPT();
    if (clientOpt != null) {
      response.addRecord(new OPTRecord(EDNS_PAYLOAD_SIZE, 0, 0), Section.ADDITIONAL);
    }
    switch (entry.mode()) {
      case NXDOMAIN -> response.getHeader().setRcode(Rcode.NXDOMAIN);
      case SERVFAIL -> response.getHeader().setRcode(Rcode.SERVFAIL);
      case REFUSED -> response.getHeader().setRcode(Rcode.REFUSED);
      case NODATA, SILENT -> { }
      case ANSWER -> {
        if (question.getType() == Type.SRV || question.getType() == Type.ANY) {
          entry.records().forEach(record -> response.addRecord(record, Section.ANSWER));
        }
      }
    }
    if (transport == Transport.TCP) {
      return response.toWire();
    }
    if (entry.truncateUdp()) {
      response.removeAllRecords(Section.ANSWER);
      response.getHeader().setFlag(Flags.TC);
    }
    int limit = clientOpt == null ? CLASSIC_UDP_LIMIT : Math.max(CLASSIC_UDP_LIMIT, clientOpt.getPayloadSize());
    return response.toWire(limit); // sets TC and drops records when the answer does not fit
  }

  /** A FORMERR reply echoing the query's ID, or null when not even the ID could be read. */
  private static byte @Nullable [] formatError(byte[] wire) {
    if (wire.length < 2) {
      return null;
    }
    Message response = new Message(((wire[0] & 0xFF) << 8) | (wire[1] & 0xFF));
    response.getHeader().setFlag(Flags.QR);
    response.getHeader().setRcode(Rcode.FORMERR);
    return response.toWire();
  }

  private static Name parse(String name) {
    Objects.requireNonNull(name, "name");
    try {
      return Name.fromString(name, Name.root).canonicalize();
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a valid DNS name: '" + name + "' (" + e.getMessage() + ")", e);
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
