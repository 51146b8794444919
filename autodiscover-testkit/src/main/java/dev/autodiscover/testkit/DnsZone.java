package dev.autodiscover.testkit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * What a {@link DnsResponder} answers, apart from the sockets: the names a test set up, how each one is
 * answered, and the log of well-formed queries. Turns one query in wire format into the reply in wire format.
 *
 * <p>Thread-safe: names may be changed while queries are answered. Methods that take names throw
 * {@link IllegalArgumentException} for a name that is not a valid DNS name.
 */
final class DnsZone {
  private static final long TTL_SECONDS = 300;
  private static final int CLASSIC_UDP_LIMIT = 512;
  private static final int EDNS_PAYLOAD_SIZE = 1232;

  /** How a name is answered; see {@link DnsResponder} for what each means on the wire. */
  enum Mode { ANSWER, NXDOMAIN, SERVFAIL, NODATA, REFUSED, SILENT }

  /** The transport a query came over. */
  enum Transport { UDP, TCP }

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

  private final Map<Name, Entry> names = new ConcurrentHashMap<>();
  private final AtomicInteger udpQueries = new AtomicInteger();
  private final AtomicInteger tcpQueries = new AtomicInteger();
  private final List<String> queries = new CopyOnWriteArrayList<>();

  /** Adds one SRV record to {@code name} and makes the name answer with its records. */
  void srv(String name, int priority, int weight, int port, String target) {
    Name owner = parse(name);
    Record record = new SRVRecord(owner, DClass.IN, TTL_SECONDS, priority, weight, port, parse(target));
    names.compute(owner, (key, old) -> (old == null ? Entry.NEW : old).plus(record));
  }

  /** Makes {@code name} answer as {@code mode} says, keeping its records and its UDP truncation. */
  void mode(String name, Mode mode) {
    names.compute(parse(name), (key, old) -> (old == null ? Entry.NEW : old).withMode(mode));
  }

  /** Makes UDP answers for {@code name} arrive truncated; a name not set up yet answers NXDOMAIN. */
  void truncateUdp(String name) {
    names.compute(parse(name), (key, old) -> (old == null ? Entry.NEW.withMode(Mode.NXDOMAIN) : old).truncated());
  }

  /** How many well-formed queries arrived over {@code transport} so far. */
  int queryCount(Transport transport) {
    return (transport == Transport.UDP ? udpQueries : tcpQueries).get();
  }

  /** Every well-formed query so far, in arrival order, as {@code "<transport> <absolute name> <type>"}. */
  List<String> queries() {
    return List.copyOf(queries);
  }

  /** The wire-format reply to one query, or null to stay silent. */
  byte @Nullable [] answer(byte[] wire, Transport transport) {
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
}
