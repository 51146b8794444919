package dev.autodiscover.examples.cli;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import dev.autodiscover.ActiveDirectory;
import dev.autodiscover.AutodiscoverClient;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.DiscoveryOptions;
import dev.autodiscover.DnsResolver;
import dev.autodiscover.SettingsCache;

/**
 * Turns a parsed {@link ResolveCommandLine} into the command's {@link AutodiscoverClient} (environment options)
 * and into the options of its request or batch (per-call options). Stateless.
 */
final class CommandLineOptions {
  private CommandLineOptions() {}

  /**
   * Fails when {@code --only} and {@code --exclude} together leave no discovery method.
   *
   * @param only the methods of {@code --only}, empty when not given (all methods)
   * @param excluded the methods of {@code --exclude}
   * @throws UsageException saying which options remove every method
   */
  static void checkMethodsLeft(List<DiscoveryMethod> only, List<DiscoveryMethod> excluded) throws UsageException {
    Set<DiscoveryMethod> left = only.isEmpty() ? EnumSet.allOf(DiscoveryMethod.class) : EnumSet.copyOf(only);
    excluded.forEach(left::remove);
    if (!left.isEmpty()) {
      return;
    }
    if (only.isEmpty()) {
      throw new UsageException("--exclude " + names(excluded) + " removes every discovery method, so none is left "
          + "to try; keep at least one (methods: " + OptionValues.knownMethods() + ")");
    }
    throw new UsageException("--exclude " + names(excluded) + " removes every method that --only " + names(only)
        + " allows, so no discovery method is left to try; drop it from --exclude or name another method in --only");
  }

  private static String names(List<DiscoveryMethod> methods) {
    return methods.stream().distinct().map(m -> m.name().toLowerCase(Locale.ROOT).replace('_', '-'))
        .collect(Collectors.joining(","));
  }

  /**
   * Builds the client from the environment options of the command line.
   *
   * @param c the parsed command line
   * @return a new client; the caller closes it
   * @throws UsageException if the builder rejects a value
   */
  static AutodiscoverClient client(ResolveCommandLine c) throws UsageException {
    try {
      AutodiscoverClient.Builder b = AutodiscoverClient.builder();
      if (!c.trustedHosts.isEmpty()) {
        b.trustRedirectHosts(c.trustedHosts.toArray(String[]::new));
      }
      if (!c.privateDomains.isEmpty()) {
        b.privateDomains(c.privateDomains.toArray(String[]::new));
      }
      if (c.maxRedirects != null) {
        b.maxRedirects(c.maxRedirects);
      }
      if (c.proxy != null) {
        b.proxy(ProxySelector.of(c.proxy));
      }
      if (c.sslContext != null) {
        b.sslContext(c.sslContext);
      }
      if (!c.dnsServers.isEmpty() || c.dnsTimeout != null || c.dnsRetries != null) {
        DnsResolver dns = c.dnsServers.isEmpty() ? DnsResolver.system()
            : DnsResolver.servers(c.dnsServers.toArray(InetSocketAddress[]::new));
        if (c.dnsTimeout != null) {
          dns = dns.timeout(c.dnsTimeout);
        }
        if (c.dnsRetries != null) {
          dns = dns.retries(c.dnsRetries);
        }
        b.dnsResolver(dns);
      }
      if (c.adDns || !c.adServers.isEmpty()) {
        b.activeDirectory(activeDirectory(c));
      }
      for (Map.Entry<String, Path> e : c.localXml.entrySet()) {
        b.localXml(e.getKey(), e.getValue());
      }
      if (c.noCache) {
        b.settingsCache(SettingsCache.disabled());
      } else if (c.cacheFile != null) {
        b.settingsCache(SettingsCache.file(c.cacheFile));
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }

  private static ActiveDirectory activeDirectory(ResolveCommandLine c) {
    ActiveDirectory ad = c.adDns ? ActiveDirectory.locatedByDns()
        : ActiveDirectory.servers(c.adServers.toArray(String[]::new));
    if (c.adSite != null) {
      ad = ad.site(c.adSite);
    }
    if (c.adStartTls) {
      ad = ad.startTls(true);
    }
    if (c.adGssapi) {
      ad = ad.gssapiBind();
    } else if (c.adBindDn != null && c.adPassword != null) {
      ad = ad.simpleBind(c.adBindDn, c.adPassword);
    }
    return ad;
  }

  /**
   * Applies the per-call options of the command line to a request or a batch.
   *
   * @param <T> the request type
   * @param c the parsed command line
   * @param base the request or batch
   * @return the configured request or batch
   * @throws UsageException if the request rejects a value
   */
  static <T extends DiscoveryOptions<T>> T apply(ResolveCommandLine c, T base) throws UsageException {
    T r = base;
    try {
      if (!c.only.isEmpty()) {
        r = r.only(c.only.toArray(DiscoveryMethod[]::new));
      }
      if (!c.excluded.isEmpty()) {
        r = r.excluding(c.excluded.toArray(DiscoveryMethod[]::new));
      }
      if (c.attemptTimeout != null) {
        r = r.attemptTimeout(c.attemptTimeout);
      }
      if (c.deadline != null) {
        r = r.deadline(c.deadline);
      }
      if (c.retries != null) {
        r = r.retriesOnTimeout(c.retries);
      }
      if (c.user != null && c.password != null) {
        r = r.basicAuth(c.user, c.password);
      }
      if (c.tokenEnv != null) {
        Map<String, String> environment = c.env;
        String variable = c.tokenEnv;
        java.util.function.Supplier<String> tokens = () -> environment.getOrDefault(variable, "");
        r = c.tokenAudience.isEmpty() ? r.bearerToken(tokens)
            : r.bearerToken(tokens, c.tokenAudience.toArray(String[]::new));
      }
      if (c.preAuth) {
        r = r.preAuthenticate(true);
      }
      if (c.sequential) {
        r = r.sequential();
      }
      if (c.stagger != null) {
        r = r.parallel(c.stagger);
      }
      if (c.priorityWindow != null) {
        r = r.priorityWindow(c.priorityWindow);
      }
      if (c.strictPriority) {
        r = r.strictPriority();
      }
      for (Map.Entry<DiscoveryMethod, Duration> e : c.methodTimeouts.entrySet()) {
        r = r.attemptTimeout(e.getKey(), e.getValue());
      }
      for (Map.Entry<DiscoveryMethod, Integer> e : c.methodRetries.entrySet()) {
        r = r.retriesOnTimeout(e.getKey(), e.getValue());
      }
      if (c.preferLocalXml) {
        r = r.preferLocalXml(true);
      }
      if (c.cacheFirst) {
        r = r.lastKnownGoodFirst(true);
      }
      if (c.protocol != null) {
        r = r.protocol(c.protocol);
      }
      if (c.v2Protocol != null) {
        r = r.v2Protocol(c.v2Protocol);
      }
      return r;
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }
}
