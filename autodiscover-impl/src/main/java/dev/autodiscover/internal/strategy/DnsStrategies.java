package dev.autodiscover.internal.strategy;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import dev.autodiscover.DnsResolver;
import dev.autodiscover.internal.dns.DnsClient;

/** Shared DNS plumbing of the SRV and SCP strategies. */
final class DnsStrategies {
  private DnsStrategies() {}

  /** Clients by resolver settings (value-equal settings share one); the system's resolvers are read once. */
  private static final Map<DnsResolver, DnsClient> CLIENTS = new ConcurrentHashMap<>();

  /** The client for the request's resolver settings. */
  static DnsClient client(DnsResolver settings) {
    return CLIENTS.computeIfAbsent(settings, s -> s.isSystem() ? DnsClient.system(s.timeout(), s.retries())
        : DnsClient.of(s.serverAddresses(), s.timeout(), s.retries()));
  }

  /** The query as an RFC 4501 {@code dns:} URI for the trace, e.g. {@code dns:_autodiscover._tcp.contoso.com?type=SRV}. */
  static URI queryUri(String name) {
    return URI.create("dns:" + name + "?type=SRV");
  }
}
