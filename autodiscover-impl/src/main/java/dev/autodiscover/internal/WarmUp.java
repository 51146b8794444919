package dev.autodiscover.internal;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.internal.dns.DnsClient;
import dev.autodiscover.internal.http.HttpClients;
import dev.autodiscover.internal.http.TlsWarmUp;
import dev.autodiscover.internal.pox.PoxCodec;
import dev.autodiscover.internal.trust.TrustPolicy;

/**
 * What {@link dev.autodiscover.AutodiscoverClient#warmUp()} runs for one client, on a daemon thread of its own: the
 * client's HTTP client and a TLS ClientHello made in memory with its SSL context ({@link HttpClients#warmUp()}),
 * then a whole lookup rehearsed on loopback ({@link Rehearsal}, through a {@link Rehearsal.Gate}: once per JVM).
 * Should the rehearsal fail (no loopback port, say), the in-memory steps run instead: the address rules (public
 * suffix list, IDNA) for a built-in address, the POX parser for a built-in answer, a whole TLS handshake between two
 * engines of its own ({@link TlsWarmUp}) and the DNS library's codec on an SRV query and answer ({@link
 * DnsClient#warmUp()}). Each step's failure is ignored: the first call meets it itself. Nothing leaves this host.
 * {@link #close()} (the client's close) ends it early. Thread-safe.
 */
final class WarmUp implements AutoCloseable {
  /** The address the address rules are run for: {@code example.com} is reserved (RFC 2606) and registrable. */
  static final String ADDRESS = "warm-up@example.com";
  private static final AtomicInteger THREAD_IDS = new AtomicInteger();

  /**
   * A POX answer with settings and an EWS URL, as Exchange sends one, for the codec to parse once.
   *
   * @return the answer's bytes (UTF-8), a new array
   */
  static byte[] sampleAnswer() {
    return ("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
        + "<Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006\">"
        + "<Response xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a\">"
        + "<User><DisplayName>Warm Up</DisplayName><AutoDiscoverSMTPAddress>" + ADDRESS
        + "</AutoDiscoverSMTPAddress></User><Account><AccountType>email</AccountType><Action>settings</Action>"
        + "<Protocol><Type>EXPR</Type><Server>mail.example.com</Server>"
        + "<EwsUrl>https://mail.example.com/EWS/Exchange.asmx</EwsUrl></Protocol></Account></Response>"
        + "</Autodiscover>").getBytes(StandardCharsets.UTF_8);
  }

  private final TrustPolicy addresses;
  private final PoxCodec pox;
  private final HttpClients http;
  private final Rehearsal rehearsal;
  private final Rehearsal.Gate gate;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final Thread thread;
  private volatile boolean closed;

  /**
   * A warm-up for one client, not started.
   *
   * @param addresses the client's address rules
   * @param pox the POX codec
   * @param http the client's HTTP clients
   * @param rehearsal the rehearsal to run
   * @param gate what lets it through: {@link Rehearsal.Gate#JVM}, so that it runs once per JVM
   */
  WarmUp(TrustPolicy addresses, PoxCodec pox, HttpClients http, Rehearsal rehearsal, Rehearsal.Gate gate) {
    this.addresses = addresses;
    this.pox = pox;
    this.http = http;
    this.rehearsal = rehearsal;
    this.gate = gate;
    this.thread = new DaemonThreads("autodiscover-warm-up-", THREAD_IDS, http.fatalErrors()).newThread(this::run);
  }

  /** Starts the preparation; call once. */
  void start() {
    thread.start();
  }

  /**
   * The preparation's end.
   *
   * @return completed normally when every step has run, or at once when {@link #close()} ends it; never failed
   */
  CompletableFuture<Void> future() {
    return done;
  }

  /** Ends the preparation: the rehearsal is closed, the thread interrupted, the future completed. Idempotent. */
  @Override
  public void close() {
    closed = true;
    rehearsal.close();
    thread.interrupt();
    done.complete(null);
  }

  private void run() {
    try {
      step(http::warmUp);
      if (!step(() -> gate.runOnce(rehearsal)) && !closed) {
        step(() -> addresses.checkDiscoverable(EmailAddress.parse(ADDRESS)));
        step(() -> pox.parse(sampleAnswer(), "text/xml; charset=utf-8"));
        step(TlsWarmUp::run);
        step(DnsClient::warmUp);
      }
    } finally {
      done.complete(null);
    }
  }

  /** One step that may throw anything but an {@link Error}; what it throws is ignored. */
  private interface Step {
    void run() throws Exception;
  }

  /** Runs a step unless closed; true if it ran and ended normally. */
  private boolean step(Step step) {
    if (closed) {
      return false;
    }
    try {
      step.run();
      return true;
    } catch (Exception e) {
      System.getLogger(WarmUp.class.getName()).log(System.Logger.Level.DEBUG, "warm-up step failed", e);
      return false;
    }
  }
}
