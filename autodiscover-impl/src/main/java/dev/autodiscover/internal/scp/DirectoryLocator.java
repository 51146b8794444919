package dev.autodiscover.internal.scp;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Finds directory servers for an AD domain when {@link dev.autodiscover.ActiveDirectory} names none, normally
 * through the DNS SRV records {@code _ldap._tcp.dc._msdcs.<domain>} or, with a site,
 * {@code _ldap._tcp.<site>._sites.dc._msdcs.<domain>}. Implementations must be thread-safe.
 */
public interface DirectoryLocator {
  /**
   * Locates the directory servers of a domain.
   *
   * @param adDomain the AD DNS domain, lower case
   * @param site the client's AD site, or {@code null} for servers of any site
   * @return a future with {@code ldap://host:port} URIs in the order to try them (empty when none were found);
   *     it may complete exceptionally when the lookup failed, which the SCP lookup reports as "no directory"
   */
  CompletableFuture<List<URI>> locate(String adDomain, @Nullable String site);
}
