package dev.autodiscover.internal.strategy;

import java.net.URI;
import dev.autodiscover.DnsResolver;
import dev.autodiscover.internal.dns.DnsClient;

/** Shared DNS plumbing of the SRV and SCP strategies. */
final class DnsStrategies {
  private DnsStrategies() {}

  /** A client for the request's resolver settings. */
  static DnsClient client(DnsResolver settings) {
    return settings.isSystem() ? DnsClient.system(settings.timeout(), settings.retries())
        : DnsClient.of(settings.servers(), settings.timeout(), settings.retries());
  }

  /** The query as an RFC 4501 {@code dns:} URI for the trace, e.g. {@code dns:_autodiscover._tcp.contoso.com?type=SRV}. */
  static URI queryUri(String name) {
    return URI.create("dns:" + name + "?type=SRV");
  }
}
