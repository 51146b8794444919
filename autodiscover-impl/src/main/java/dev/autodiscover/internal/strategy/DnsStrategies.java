package dev.autodiscover.internal.strategy;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import dev.autodiscover.DnsResolver;
import dev.autodiscover.internal.dns.DnsClient;

/** Shared DNS plumbing of the SRV and SCP strategies. */
final class DnsStrategies {
  private DnsStrategies() {}

  /** How many resolver settings keep their client; beyond, the least recently used goes. */
  static final int MAX_CLIENTS = 32;

  /**
   * Clients by resolver settings (value-equal settings share one; the system's resolvers are read when its entry is
   * made), at most {@value #MAX_CLIENTS}: settings are the application's, but a warm-up's rehearsal uses a new
   * loopback port each time. Guarded by itself.
   */
  private static final Map<DnsResolver, DnsClient> CLIENTS = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<DnsResolver, DnsClient> eldest) {
      return size() > MAX_CLIENTS;
    }
  };

  /** The client for the request's resolver settings. */
  static DnsClient client(DnsResolver settings) {
    synchronized (CLIENTS) {
      return CLIENTS.computeIfAbsent(settings, s -> s.isSystem() ? DnsClient.system(s.timeout(), s.retries())
          : DnsClient.of(s.serverAddresses(), s.timeout(), s.retries()));
    }
  }

  /** The query as an RFC 4501 {@code dns:} URI for the trace, e.g. {@code dns:_autodiscover._tcp.contoso.com?type=SRV}. */
  static URI queryUri(String name) {
    return URI.create("dns:" + name + "?type=SRV");
  }
}
