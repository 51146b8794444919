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
 * What {@link dev.autodiscover.AutodiscoverClient#warmUp()} runs, on a daemon thread of its own: the client's HTTP
 * client and a TLS ClientHello made in memory with its SSL context ({@link HttpClients#warmUp()}), then a whole
 * lookup rehearsed on loopback ({@link Rehearsal}). Should the rehearsal fail (no loopback port, say), the in-memory
 * steps run instead: the address rules (public suffix list, IDNA) for a built-in address, the POX parser for a
 * built-in answer, a whole TLS handshake between two engines of its own ({@link TlsWarmUp}) and the DNS library's
 * codec on an SRV query and answer ({@link DnsClient#warmUp()}). Each step's failure is ignored: the first call
 * meets it itself. Nothing leaves this host. Stateless; thread-safe.
 */
final class WarmUp {
  /** The address the address rules are run for: {@code example.com} is reserved (RFC 2606) and registrable. */
  static final String ADDRESS = "warm-up@example.com";
  private static final AtomicInteger THREAD_IDS = new AtomicInteger();

  private WarmUp() {}

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

  /**
   * Starts the preparation.
   *
   * @param done completed normally when every step has run
   * @param addresses the client's address rules
   * @param pox the POX codec
   * @param http the client's HTTP clients
   */
  static void start(CompletableFuture<Void> done, TrustPolicy addresses, PoxCodec pox, HttpClients http) {
    Thread t = new Thread(() -> {
      try {
        step(http::warmUp);
        if (!step(Rehearsal::run)) {
          step(() -> addresses.checkDiscoverable(EmailAddress.parse(ADDRESS)));
          step(() -> pox.parse(sampleAnswer(), "text/xml; charset=utf-8"));
          step(TlsWarmUp::run);
          step(DnsClient::warmUp);
        }
      } finally {
        done.complete(null);
      }
    }, "autodiscover-warm-up-" + THREAD_IDS.incrementAndGet());
    t.setDaemon(true);
    t.start();
  }

  /** One step that may throw anything but an {@link Error}; what it throws is ignored. */
  private interface Step {
    void run() throws Exception;
  }

  /** Runs a step; true if it ended normally. */
  private static boolean step(Step step) {
    try {
      step.run();
      return true;
    } catch (Exception e) {
      System.getLogger(WarmUp.class.getName()).log(System.Logger.Level.DEBUG, "warm-up step failed", e);
      return false;
    }
  }
}
