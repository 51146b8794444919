package dev.autodiscover.internal.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A DNS server inside this process, on the loopback interface (UDP), for {@code AutodiscoverClient.warmUp()}'s
 * rehearsal of a whole lookup: it answers every query with NXDOMAIN (the name does not exist), echoing the query's
 * ID and question, as an authoritative server of a domain without an SRV record does. A datagram that is not a DNS
 * query is dropped. It answers at most {@value #MAX_QUERIES} queries in its life, on one thread; {@link #close()}
 * ends it. Thread-safe; its thread is a daemon thread.
 */
public final class RehearsalDns implements AutoCloseable {
  /** Queries answered in the server's life; a rehearsal sends one or two. */
  static final int MAX_QUERIES = 16;
  private static final AtomicInteger THREAD_IDS = new AtomicInteger();

  private final DatagramSocket socket;
  private final InetSocketAddress address;
  private final CompletableFuture<Void> answered = new CompletableFuture<>();

  private RehearsalDns(DatagramSocket socket) {
    this.socket = socket;
    this.address = new InetSocketAddress(socket.getLocalAddress(), socket.getLocalPort());
  }

  /**
   * Starts a server on an ephemeral loopback port.
   *
   * @return the running server; close it
   * @throws IOException if no loopback port can be bound
   */
  public static RehearsalDns start() throws IOException {
    RehearsalDns server = new RehearsalDns(new DatagramSocket(0, InetAddress.getLoopbackAddress()));
    Thread t = new Thread(server::serve, "autodiscover-rehearsal-dns-" + THREAD_IDS.incrementAndGet());
    t.setDaemon(true);
    t.start();
    return server;
  }

  /**
   * The address to give a resolver.
   *
   * @return the loopback address and port; never null; the same after {@link #close()}
   */
  public InetSocketAddress address() {
    return address;
  }

  /**
   * Completes when the first answer has been sent (never fails; stays incomplete if none is).
   *
   * @return the stage; never null
   */
  public CompletableFuture<Void> answered() {
    return answered.copy();
  }

  /** Stops the server. Idempotent; never throws. */
  @Override
  public void close() {
    socket.close();
  }

  private void serve() {
    byte[] buffer = new byte[512];
    for (int answers = 0; answers < MAX_QUERIES; ) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
      } catch (IOException e) {
        return; // closed
      }
      byte[] reply = reply(buffer, packet.getLength());
      if (reply == null) {
        continue;
      }
      try {
        socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
      } catch (IOException e) {
        return; // closed
      }
      answers++;
      answered.complete(null);
    }
  }

  /**
   * The NXDOMAIN reply to a query.
   *
   * @param datagram the datagram's bytes; not null
   * @param length how many of them were received
   * @return the reply's wire form, or null when the datagram is not a query (does not parse, is a response, or has
   *     no question)
   */
  static byte @Nullable [] reply(byte[] datagram, int length) {
    Message query;
    try {
      query = new Message(Arrays.copyOf(datagram, length));
    } catch (IOException e) {
      return null;
    }
    Record question = query.getQuestion();
    if (query.getHeader().getFlag(Flags.QR) || question == null) {
      return null;
    }
    Message reply = new Message(query.getHeader().getID());
    reply.getHeader().setFlag(Flags.QR);
    reply.getHeader().setFlag(Flags.AA);
    if (query.getHeader().getFlag(Flags.RD)) {
      reply.getHeader().setFlag(Flags.RD);
    }
    reply.getHeader().setRcode(Rcode.NXDOMAIN);
    reply.addRecord(question, Section.QUESTION);
    return reply.toWire();
  }
}
