package dev.autodiscover.internal;

import java.net.ProxySelector;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import dev.autodiscover.AutodiscoverClient;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DnsResolver;
import dev.autodiscover.SettingsCache;
import dev.autodiscover.internal.dns.RehearsalDns;
import dev.autodiscover.internal.http.RehearsalServer;
import org.jspecify.annotations.Nullable;

/**
 * A whole lookup rehearsed inside this process, for {@link dev.autodiscover.AutodiscoverClient#warmUp()}: a client
 * of its own resolves {@value WarmUp#ADDRESS} against an Autodiscover deployment on the loopback interface ({@link
 * RehearsalServer} as its proxy and every host, {@link RehearsalDns} as its DNS server), with the default methods
 * and protocol: the root domain's POX and SOAP requests get a 404, {@code autodiscover.example.com} answers with
 * settings ({@link WarmUp#sampleAnswer()}) once the other requests have reached their servers, the plain-HTTP probe
 * gets a 404 and the SRV query NXDOMAIN. The JDK's HTTP client, TLS and certificate path code, the SDK's pipeline,
 * POX reader and the DNS library then have run once, over real sockets, before the first real lookup. Nothing leaves
 * this host: the rehearsal's client has no credentials, no cache, no Active Directory and no local files, trusts
 * only the loopback server's throw-away CA, and its events go nowhere.
 *
 * <p>What it prepares is the JVM's (loaded classes, compiled code), so warm-ups rehearse through a {@link Gate}, the
 * JVM's being {@link Gate#JVM}: once one has succeeded, later ones return at once, and one made while another runs
 * waits for it. One instance per warm-up; {@link #close()} ends its rehearsal early. Thread-safe.
 */
final class Rehearsal implements AutoCloseable {
  /** The EWS URL {@link WarmUp#sampleAnswer()} names. */
  static final String EWS_URL = "https://mail.example.com/EWS/Exchange.asmx";
  /** The longest a rehearsal may take; a fresh JVM needs about a second. */
  static final Duration DEADLINE = Duration.ofSeconds(20);
  private final Duration holdLimit;
  private final CompletionStage<?> alsoHoldFor;
  private final Object lock = new Object();
  private boolean closed;
  private @Nullable RehearsalServer server;
  private @Nullable RehearsalDns dns;
  private @Nullable AutodiscoverClient client;

  /** A rehearsal whose answer waits for every other request of the lookup, at most the server's default hold. */
  Rehearsal() {
    this(Duration.ofMillis(RehearsalServer.DEFAULT_HOLD_MS), CompletableFuture.completedFuture(null));
  }

  /**
   * A rehearsal with another hold.
   *
   * @param holdLimit the longest the answer is held; not null
   * @param alsoHoldFor a stage the answer also waits for, besides the DNS answer; not null
   */
  Rehearsal(Duration holdLimit, CompletionStage<?> alsoHoldFor) {
    this.holdLimit = holdLimit;
    this.alsoHoldFor = alsoHoldFor;
  }

  /**
   * Rehearses (whether or not one has run before).
   *
   * @return the rehearsal's result (its trace shows each step); not null
   * @throws IllegalStateException if closed, or the lookup found another EWS URL
   * @throws Exception if a loopback server cannot start, or the lookup fails (also when closed meanwhile)
   */
  AutodiscoverResult rehearse() throws Exception {
    try (RehearsalDns dns = RehearsalDns.start();
        RehearsalServer server = RehearsalServer.start("example.com", WarmUp.sampleAnswer(),
            CompletableFuture.allOf(dns.answered(), alsoHoldFor.toCompletableFuture()), holdLimit);
        AutodiscoverClient client = AutodiscoverClient.builder()
            .proxy(ProxySelector.of(server.proxyAddress()))
            .sslContext(server.clientContext())
            .dnsResolver(DnsResolver.servers(dns.address()).timeout(Duration.ofSeconds(2)).retries(0))
            .settingsCache(SettingsCache.disabled())
            .deadline(DEADLINE)
            .build()) {
      synchronized (lock) {
        if (closed) {
          throw new IllegalStateException("the rehearsal was closed");
        }
        this.dns = dns;
        this.server = server;
        this.client = client;
      }
      AutodiscoverResult result = client.forEmail(WarmUp.ADDRESS).resolve();
      String ews = result.ewsUrl().map(u -> u.uri().toString()).orElse("no EWS URL");
      if (!ews.equals(EWS_URL)) {
        throw new IllegalStateException("the rehearsal found " + ews + " instead of " + EWS_URL);
      }
      return result;
    }
  }

  /**
   * Lets rehearsals through one at a time until one has succeeded, then none. Thread-safe.
   */
  static final class Gate {
    /** The JVM's gate, which every client's warm-up uses. */
    static final Gate JVM = new Gate();

    private final Semaphore oneAtATime = new Semaphore(1);
    private volatile boolean rehearsed;

    /**
     * Whether a rehearsal through this gate has succeeded.
     *
     * @return true once one has
     */
    boolean rehearsed() {
      return rehearsed;
    }

    /**
     * Runs a rehearsal unless one has succeeded through this gate; waits (up to {@link #DEADLINE}) while another
     * one runs, then looks again.
     *
     * @param rehearsal the rehearsal to run; not null
     * @throws InterruptedException if interrupted while waiting
     * @throws Exception if the rehearsal fails or is closed, or another one still runs after the deadline
     */
    void runOnce(Rehearsal rehearsal) throws Exception {
      if (rehearsed) {
        return;
      }
      if (!oneAtATime.tryAcquire(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new TimeoutException("another rehearsal still runs after " + DEADLINE.toSeconds() + " s");
      }
      try {
        if (!rehearsed) {
          rehearsal.rehearse();
          rehearsed = true;
        }
      } finally {
        oneAtATime.release();
      }
    }
  }

  /**
   * Ends the rehearsal if it runs (its lookup is cancelled, its servers and client closed), and any later one of
   * this instance before it starts. Idempotent; never throws.
   */
  @Override
  public void close() {
    AutodiscoverClient c;
    RehearsalServer s;
    RehearsalDns d;
    synchronized (lock) {
      closed = true;
      c = client;
      s = server;
      d = dns;
    }
    if (c != null) {
      c.close();
    }
    if (s != null) {
      s.close();
    }
    if (d != null) {
      d.close();
    }
  }
}
