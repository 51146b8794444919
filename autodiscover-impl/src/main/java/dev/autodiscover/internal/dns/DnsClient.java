package dev.autodiscover.internal.dns;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import com.google.common.net.InternetDomainName;
import dev.autodiscover.internal.dns.SrvAnswer.Status;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.WireParseException;
import org.xbill.DNS.lookup.LookupFailedException;
import org.xbill.DNS.lookup.LookupResult;
import org.xbill.DNS.lookup.LookupSession;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;
import org.xbill.DNS.lookup.ServerFailedException;

/**
 * Asynchronous DNS client over dnsjava's {@link LookupSession}. Thread-safe, immutable.
 *
 * <p>Every lookup builds its own resolver: there is no cache and no state shared between lookups, so one
 * lookup's failures never change the next one's order of servers. Servers are tried in the given order; a
 * try that fails (no answer within the timeout, or a network error) moves on to the next server, round
 * robin, until each server has had {@code 1 + retries} tries. A truncated UDP answer is repeated over TCP
 * within the same try. The hosts file and the system's search path are never consulted.
 */
public final class DnsClient {
  /** Longest timeout per try accepted by the factories. */
  public static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
  /** Most retries accepted by the factories. */
  public static final int MAX_RETRIES = 10;

  private final List<InetSocketAddress> servers;
  private final boolean systemServers;
  private final Duration timeout;
  private final int retries;
  private final Executor executor;

  private DnsClient(List<InetSocketAddress> servers, boolean systemServers, Duration timeout, int retries) {
    this.servers = List.copyOf(servers);
    this.systemServers = systemServers;
    this.timeout = timeout;
    this.retries = retries;
    this.executor = ForkJoinPool.commonPool();
  }

  /**
   * A client for the system's resolvers, as dnsjava's {@link ResolverConfig} finds them now (resolv.conf,
   * the Windows registry, ...). The list is read once, here.
   *
   * @param timeout how long one try waits for an answer; positive, at most {@link #MAX_TIMEOUT}
   * @param retries how many more tries each server gets after a failed one; 0 to {@link #MAX_RETRIES}
   * @return a new client; when no system resolver is found, its lookups answer {@link Status#ERROR}
   * @throws IllegalArgumentException if {@code timeout} or {@code retries} is out of range
   * @throws NullPointerException if {@code timeout} is null
   */
  public static DnsClient system(Duration timeout, int retries) {
    checkLimits(timeout, retries);
    return new DnsClient(ResolverConfig.getCurrentConfig().servers(), true, timeout, retries);
  }

  /**
   * A client for explicit servers, tried in order via dnsjava's {@link ExtendedResolver}.
   *
   * @param servers resolved addresses ({@code host:port}) of DNS servers; at least one
   * @param timeout how long one try waits for an answer; positive, at most {@link #MAX_TIMEOUT}
   * @param retries how many more tries each server gets after a failed one; 0 to {@link #MAX_RETRIES}
   * @return a new client
   * @throws IllegalArgumentException if {@code servers} is empty or holds an unresolved address or port 0,
   *     or {@code timeout} or {@code retries} is out of range
   * @throws NullPointerException if an argument or an element of {@code servers} is null
   */
  public static DnsClient of(List<InetSocketAddress> servers, Duration timeout, int retries) {
    Objects.requireNonNull(servers, "servers");
    checkLimits(timeout, retries);
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("servers must name at least one DNS server");
    }
    for (InetSocketAddress server : servers) {
      Objects.requireNonNull(server, "servers must not contain null");
      if (server.isUnresolved()) {
        throw new IllegalArgumentException("DNS server address must be an IP address, not a name: " + server);
      }
      if (server.getPort() == 0) {
        throw new IllegalArgumentException("DNS server port must not be 0: " + server);
      }
    }
    return new DnsClient(servers, false, timeout, retries);
  }

  /**
   * Looks up the SRV record set for {@code name}. A relative name is treated as absolute (no search path).
   *
   * <p>Never completes exceptionally for a DNS outcome: NXDOMAIN, no records, SERVFAIL, timeout, a refused
   * query and a malformed answer are all {@linkplain SrvAnswer#status() statuses} of the answer. Records
   * whose target is not a valid host name are left out and named in the detail; if no record is left, the
   * answer is {@link Status#ERROR}. Does not block the calling thread; the future completes on a thread of
   * the common fork-join pool. Cancelling the future does not stop the queries in flight.
   *
   * @param name the owner name, such as {@code _autodiscover._tcp.contoso.com}
   * @return the answer; never completes exceptionally for DNS outcomes
   * @throws IllegalArgumentException if {@code name} is not a syntactically valid DNS name, or is the root
   * @throws NullPointerException if {@code name} is null
   */
  public CompletableFuture<SrvAnswer> srv(String name) {
    Name absolute = parse(name);
    String query = absolute.toString(true).toLowerCase(Locale.ROOT);
    long start = System.nanoTime();
    if (servers.isEmpty()) {
      return CompletableFuture.completedFuture(
          new SrvAnswer(query, Status.ERROR, List.of(), since(start), "no DNS servers configured"));
    }
    LookupSession session = session();
    try {
      return session.lookupAsync(absolute, Type.SRV).toCompletableFuture()
          .handleAsync((result, failure) -> toAnswer(query, start, result, failure), executor);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(toAnswer(query, start, null, e));
    }
  }

  /**
   * Runs the DNS library's set-up and codec once in memory, for {@code AutodiscoverClient.warmUp()}: builds the
   * resolver and lookup session a lookup would use (for a loopback server), encodes an SRV query for {@code
   * _autodiscover._tcp.example.com} (RFC 2606), decodes an encoded answer with one record and reads it as {@link
   * #srv} reads an answer. Sends nothing. Thread-safe.
   *
   * @return the answer read: {@link Status#FOUND}, one record {@code 0 0 443 autodiscover.example.com}
   * @throws IOException never for these fixed inputs (the library's decoder declares it)
   */
  public static SrvAnswer warmUp() throws IOException {
    DnsClient client = of(List.of(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 53)),
        Duration.ofSeconds(1), 0);
    client.session();
    Name name = parse("_autodiscover._tcp.example.com");
    Record question = Record.newRecord(name, Type.SRV, DClass.IN);
    Message query = new Message(Message.newQuery(question).toWire());
    Message answer = new Message(query.getHeader().getID());
    answer.getHeader().setFlag(Flags.QR);
    answer.addRecord(question, Section.QUESTION);
    answer.addRecord(new SRVRecord(name, DClass.IN, 3600, 0, 0, 443, parse("autodiscover.example.com")),
        Section.ANSWER);
    Message decoded = new Message(answer.toWire());
    return fromRecords(name.toString(true), decoded.getSection(Section.ANSWER), Duration.ZERO);
  }

  /**
   * A short description of the servers used, for traces: {@code "127.0.0.1:5353"},
   * {@code "127.0.0.1:5353, 10.0.0.3:53"} or {@code "system resolvers (10.0.0.2:53)"}.
   */
  public String describeServers() {
    String list = servers.stream().map(DnsClient::hostPort).collect(Collectors.joining(", "));
    if (!systemServers) {
      return list;
    }
    return "system resolvers (" + (list.isEmpty() ? "none found" : list) + ")";
  }

  /** The servers, timeout and retries; for diagnostics. */
  @Override
  public String toString() {
    return "DnsClient[" + describeServers() + ", timeout " + timeout.toMillis() + " ms, retries " + retries + "]";
  }

  private LookupSession session() {
    return LookupSession.builder().resolver(resolver()).executor(executor).build();
  }

  private Resolver resolver() {
    List<Resolver> perServer = new ArrayList<>(servers.size());
    for (InetSocketAddress server : servers) {
      perServer.add(new PerTryTimeoutResolver(new SimpleResolver(server), timeout));
    }
    ExtendedResolver resolver = new ExtendedResolver(perServer);
    resolver.setRetries(1 + retries); // dnsjava counts tries per server, not retries
    // ExtendedResolver's own timeout caps the whole resolution; keep it out of the way of the per-try limits.
    resolver.setTimeout(timeout.multipliedBy((long) (1 + retries) * servers.size() + 1));
    return resolver;
  }

  private SrvAnswer toAnswer(String query, long start, @Nullable LookupResult result, @Nullable Throwable failure) {
    Duration took = since(start);
    if (failure == null && result != null) {
      return fromRecords(query, result.getRecords(), took);
    }
    Throwable cause = unwrap(failure);
    if (cause instanceof Error error) {
      throw error;
    }
    if (cause instanceof NoSuchDomainException) {
      return new SrvAnswer(query, Status.NXDOMAIN, List.of(), took, "");
    }
    if (cause instanceof NoSuchRRSetException) {
      return new SrvAnswer(query, Status.NO_RECORDS, List.of(), took, "");
    }
    if (cause instanceof ServerFailedException servfail) {
      String extended = servfail.getExtendedRcode() == null ? "" : servfail.getExtendedRcode().toString();
      return new SrvAnswer(query, Status.SERVFAIL, List.of(), took, extended);
    }
    if (isTimeout(cause)) {
      int tries = 1 + retries;
      return new SrvAnswer(query, Status.TIMEOUT, List.of(), took, "no answer from " + describeServers()
          + " after " + tries + (tries == 1 ? " try" : " tries") + (servers.size() > 1 ? " per server" : "")
          + " of " + timeout.toMillis() + " ms");
    }
    return new SrvAnswer(query, Status.ERROR, List.of(), took, errorDetail(cause));
  }

  private static SrvAnswer fromRecords(String query, List<Record> answer, Duration took) {
    List<SrvRecord> records = new ArrayList<>(answer.size());
    List<String> invalidTargets = new ArrayList<>();
    for (Record record : answer) {
      if (!(record instanceof SRVRecord srv)) {
        continue;
      }
      if (srv.getTarget().equals(Name.root)) {
        records.add(new SrvRecord(srv.getPriority(), srv.getWeight(), srv.getPort(), ""));
        continue;
      }
      String target = srv.getTarget().toString(true).toLowerCase(Locale.ROOT);
      if (InternetDomainName.isValid(target)) {
        records.add(new SrvRecord(srv.getPriority(), srv.getWeight(), srv.getPort(), target));
      } else {
        invalidTargets.add(target);
      }
    }
    String detail = invalidTargets.isEmpty() ? ""
        : "ignored " + invalidTargets.size() + " SRV record(s) whose target is not a valid host name: "
            + String.join(", ", invalidTargets);
    if (!records.isEmpty()) {
      return new SrvAnswer(query, Status.FOUND, records, took, detail);
    }
    return invalidTargets.isEmpty()
        ? new SrvAnswer(query, Status.NO_RECORDS, List.of(), took, "")
        : new SrvAnswer(query, Status.ERROR, List.of(), took, "malformed answer: " + detail);
  }

  private static boolean isTimeout(Throwable cause) {
    return cause instanceof TimeoutException
        || cause instanceof SocketTimeoutException
        // ExtendedResolver's overall limit: a plain IOException with this message
        || (cause instanceof IOException && String.valueOf(cause.getMessage()).startsWith("Timed out"));
  }

  private String errorDetail(Throwable cause) {
    String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    if (cause instanceof PortUnreachableException || cause instanceof ConnectException) {
      return "network error: no DNS server listening at " + describeServers() + " (" + message + ")";
    }
    if (cause instanceof WireParseException) {
      return "malformed answer: " + message;
    }
    if (cause instanceof LookupFailedException) {
      return "lookup failed: " + message;
    }
    if (cause instanceof IOException) {
      return "network error: " + message;
    }
    return "unexpected failure: " + cause;
  }

  private static Throwable unwrap(@Nullable Throwable failure) {
    Throwable cause = failure == null ? new IllegalStateException("lookup completed without a result") : failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static Name parse(String name) {
    Objects.requireNonNull(name, "name");
    Name parsed;
    try {
      parsed = Name.fromString(name, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a valid DNS name: '" + name + "' (" + e.getMessage() + ")", e);
    }
    if (parsed.equals(Name.root)) {
      throw new IllegalArgumentException("the name to look up must not be empty or the root: '" + name + "'");
    }
    return parsed;
  }

  private static void checkLimits(Duration timeout, int retries) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException("timeout must be positive and at most " + MAX_TIMEOUT + ": " + timeout);
    }
    if (retries < 0 || retries > MAX_RETRIES) {
      throw new IllegalArgumentException("retries must be between 0 and " + MAX_RETRIES + ": " + retries);
    }
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(Math.max(0, System.nanoTime() - startNanos));
  }

  private static String hostPort(InetSocketAddress address) {
    String host = address.getAddress().getHostAddress();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
  }
}
