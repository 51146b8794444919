package dev.autodiscover;

import java.net.ProxySelector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import dev.autodiscover.spi.AutodiscoverEventListener;
import dev.autodiscover.spi.AutodiscoverProvider;

/** The {@link AutodiscoverClient.Builder}: collects settings, checks each at once, builds independent clients. */
final class ClientBuilder implements AutodiscoverClient.Builder {
  private final ClientSettings s;

  ClientBuilder(ClientSettings settings) {
    this.s = settings;
  }

  @Override
  public AutodiscoverClient.Builder proxy(ProxySelector proxy) {
    s.proxy = Objects.requireNonNull(proxy, "proxy");
    return this;
  }

  @Override
  public AutodiscoverClient.Builder sslContext(SSLContext sslContext) {
    s.sslContext = Objects.requireNonNull(sslContext, "sslContext");
    return this;
  }

  @Override
  public AutodiscoverClient.Builder dnsResolver(DnsResolver resolver) {
    s.dnsResolver = Objects.requireNonNull(resolver, "resolver");
    return this;
  }

  @Override
  public AutodiscoverClient.Builder settingsCache(SettingsCache cache) {
    s.cache = Objects.requireNonNull(cache, "cache");
    return this;
  }

  @Override
  public AutodiscoverClient.Builder activeDirectory(ActiveDirectory directory) {
    s.directory = Objects.requireNonNull(directory, "directory");
    return this;
  }

  @Override
  public AutodiscoverClient.Builder trustRedirectHosts(String... hosts) {
    s.trusted.addAll(trustable(hosts));
    return this;
  }

  @Override
  public AutodiscoverClient.Builder trustOnlyRedirectHosts(Collection<String> hosts) {
    Objects.requireNonNull(hosts, "hosts");
    s.trusted = trustable(hosts.toArray(new String[0]));
    return this;
  }

  private static Set<String> trustable(String... hosts) {
    Objects.requireNonNull(hosts, "hosts");
    AutodiscoverProvider names = Autodiscover.provider();
    Set<String> checked = new LinkedHashSet<>();
    for (String h : hosts) {
      String host = Args.hostName(h, "a trusted redirect host");
      if (names.isPublicSuffix(host)) {
        throw new IllegalArgumentException("'" + host + "' is a public suffix: trusting it would let every domain "
            + "under it receive credentials; name the exact host, e.g. autodiscover.hoster." + host);
      }
      if (host.startsWith("autodiscover.") && names.isPublicSuffix(host.substring("autodiscover.".length()))) {
        throw new IllegalArgumentException("'" + host + "' is autodiscover.<public suffix>, which anyone can "
            + "register; it can never be trusted (protocol.md §10.3)");
      }
      checked.add(host);
    }
    return checked;
  }

  @Override
  public AutodiscoverClient.Builder privateDomains(String... domains) {
    Objects.requireNonNull(domains, "domains");
    AutodiscoverProvider names = Autodiscover.provider();
    Set<String> checked = new LinkedHashSet<>();
    for (String d : domains) {
      String domain = Args.hostName(d, "a private domain");
      if (names.isPublicSuffix(domain)) {
        throw new IllegalArgumentException("'" + domain + "' is a public suffix, not a private domain; name your "
            + "organisation's own domain, e.g. corp." + domain);
      }
      names.registrableDomain(domain).ifPresent(r -> {
        throw new IllegalArgumentException("'" + domain + "' is under the public suffix list (its registrable domain "
            + "is " + r + "), so it needs no opt-in; privateDomains is for names such as corp.local or contoso.test");
      });
      checked.add(domain);
    }
    s.privateDomains.addAll(checked);
    return this;
  }

  @Override
  public AutodiscoverClient.Builder redirectValidator(RedirectValidator validator) {
    s.validator = Objects.requireNonNull(validator, "validator");
    return this;
  }

  @Override
  public AutodiscoverClient.Builder eventListener(AutodiscoverEventListener listener) {
    s.listeners = AutodiscoverEventListener.Factory.of(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  @Override
  public AutodiscoverClient.Builder eventListenerFactory(AutodiscoverEventListener.Factory factory) {
    s.listeners = Objects.requireNonNull(factory, "factory");
    return this;
  }

  @Override
  public AutodiscoverClient.Builder executor(Executor executor) {
    s.executor = Objects.requireNonNull(executor, "executor");
    return this;
  }

  @Override
  public AutodiscoverClient.Builder localXml(String addressOrDomain, Path file) {
    Objects.requireNonNull(addressOrDomain, "addressOrDomain");
    Objects.requireNonNull(file, "file");
    String key = addressOrDomain.contains("@")
        ? EmailAddress.parse(addressOrDomain).toString().toLowerCase(Locale.ROOT)
        : Args.hostName(addressOrDomain, "a local XML domain");
    s.localXml.put(key, file);
    return this;
  }

  @Override
  public AutodiscoverClient.Builder maxRedirects(int maxRedirects) {
    if (maxRedirects < 0 || maxRedirects > AutodiscoverClient.MAX_REDIRECTS) {
      throw new IllegalArgumentException("maxRedirects must be between 0 and " + AutodiscoverClient.MAX_REDIRECTS
          + ", got " + maxRedirects);
    }
    s.maxRedirects = maxRedirects;
    return this;
  }

  @Override
  public AutodiscoverClient.Builder attemptTimeout(Duration timeout) {
    s.attemptTimeout = Args.duration(timeout, "attemptTimeout", AutodiscoverClient.MAX_ATTEMPT_TIMEOUT);
    return this;
  }

  @Override
  public AutodiscoverClient.Builder deadline(Duration deadline) {
    s.deadline = Args.duration(deadline, "deadline", AutodiscoverClient.MAX_DEADLINE);
    return this;
  }

  @Override
  public AutodiscoverClient.Builder retriesOnTimeout(int retries) {
    s.retries = Args.retries(retries);
    return this;
  }

  @Override
  public AutodiscoverClient.Builder priorityWindow(Duration window) {
    s.priorityWindow = PriorityWindow.of(window);
    return this;
  }

  @Override
  public AutodiscoverClient.Builder strictPriority() {
    s.priorityWindow = PriorityWindow.strict();
    return this;
  }

  @Override
  public AutodiscoverClient build() {
    ClientSettings copy = s.copy();
    if (copy.cache == null) {
      copy.cache = SettingsCache.inMemory();
    }
    return new AutodiscoverClient(copy);
  }
}
