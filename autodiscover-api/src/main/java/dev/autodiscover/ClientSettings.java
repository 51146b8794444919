package dev.autodiscover;

import java.net.ProxySelector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import dev.autodiscover.spi.AutodiscoverEventListener;
import org.jspecify.annotations.Nullable;

/** The client's settings while they are being built; copied into each client. */
final class ClientSettings {
  /** {@link AutodiscoverClient#MICROSOFT_AUTODISCOVER_HOSTS}, in this order. */
  static final Set<String> MICROSOFT_HOSTS = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(
      java.util.Arrays.asList("autodiscover-s.outlook.com", "outlook.office365.com", "autodiscover.outlook.com",
          "outlook.office365.us", "autodiscover-s.office365.us", "webmail.apps.mil", "autodiscover-s-dod.office365.us",
          "partner.outlook.cn", "autodiscover.partner.outlook.cn")));

  @Nullable ProxySelector proxy;
  @Nullable SSLContext sslContext;
  DnsResolver dnsResolver = DnsResolver.system();
  @Nullable SettingsCache cache;
  @Nullable ActiveDirectory directory;
  Set<String> trusted = new LinkedHashSet<>(MICROSOFT_HOSTS);
  Set<String> privateDomains = new LinkedHashSet<>();
  RedirectValidator validator = RedirectValidator.REFUSE_ALL;
  AutodiscoverEventListener.Factory listeners = AutodiscoverEventListener.Factory.of(AutodiscoverEventListener.NONE);
  @Nullable Executor executor;
  Map<String, Path> localXml = new LinkedHashMap<>();
  int maxRedirects = AutodiscoverClient.DEFAULT_MAX_REDIRECTS;
  Duration attemptTimeout = AutodiscoverClient.DEFAULT_ATTEMPT_TIMEOUT;
  Duration deadline = AutodiscoverClient.DEFAULT_DEADLINE;
  int retries = AutodiscoverClient.DEFAULT_RETRIES_ON_TIMEOUT;
  PriorityWindow priorityWindow = PriorityWindow.defaultWindow();

  ClientSettings copy() {
    ClientSettings c = new ClientSettings();
    c.proxy = proxy;
    c.sslContext = sslContext;
    c.dnsResolver = dnsResolver;
    c.cache = cache;
    c.directory = directory;
    c.trusted = new LinkedHashSet<>(trusted);
    c.privateDomains = new LinkedHashSet<>(privateDomains);
    c.validator = validator;
    c.listeners = listeners;
    c.executor = executor;
    c.localXml = new LinkedHashMap<>(localXml);
    c.maxRedirects = maxRedirects;
    c.attemptTimeout = attemptTimeout;
    c.deadline = deadline;
    c.retries = retries;
    c.priorityWindow = priorityWindow;
    return c;
  }

  @Override
  public String toString() {
    return "dns=" + dnsResolver + ", cache=" + cache + ", trustedRedirectHosts=" + trusted
        + (privateDomains.isEmpty() ? "" : ", privateDomains=" + privateDomains)
        + (localXml.isEmpty() ? "" : ", localXml=" + localXml.keySet())
        + (directory == null ? "" : ", activeDirectory=" + directory) + ", maxRedirects=" + maxRedirects
        + ", attemptTimeout=" + attemptTimeout + ", deadline=" + deadline + ", retriesOnTimeout=" + retries
        + ", priorityWindow=" + priorityWindow;
  }
}
