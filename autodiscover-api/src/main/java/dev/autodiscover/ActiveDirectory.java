package dev.autodiscover;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where and how the SDK reads Active Directory for the SCP lookup (protocol.md §2.3): which directory servers,
 * which AD site the client is in, how to bind, and how many SCP pointers to follow.
 *
 * <pre>{@code
 * ActiveDirectory ad = ActiveDirectory.servers("ldaps://dc1.corp.contoso.com")
 *     .site("London")
 *     .simpleBind("CN=svc-autodiscover,OU=Service,DC=corp,DC=contoso,DC=com", password);
 * }</pre>
 *
 * <p>Defaults: directory servers located through DNS, anonymous bind, no site, no StartTLS, at most
 * {@value #DEFAULT_MAX_POINTER_HOPS} pointer hops. Each option method returns a new instance and leaves this one
 * unchanged; instances are immutable and thread-safe. A pointer found in one directory is followed with the same
 * bind settings. Arguments must not be {@code null} ({@link NullPointerException} otherwise).
 *
 * <p>A simple bind never sends the password in clear text: it is only performed over {@code ldaps://} or after a
 * successful StartTLS ({@link #startTls(boolean)}). A simple bind configured for a plain {@code ldap://} server
 * without StartTLS is refused when the lookup runs; the refusal is recorded as a failed SCP attempt and nothing
 * is sent to that server. {@link #toString()} never shows the password.
 */
public final class ActiveDirectory {
  /** Default limit of SCP pointer hops in one lookup (the EWS Managed API's {@code AutodiscoverMaxScpHops}). */
  public static final int DEFAULT_MAX_POINTER_HOPS = 10;
  /** Largest accepted value of {@link #maxPointerHops(int)}. */
  public static final int MAX_POINTER_HOPS_LIMIT = 100;

  /** How the SDK authenticates to a directory server. */
  public enum Bind {
    /** Anonymous bind (no credentials). Many directories only allow reading the RootDSE this way. */
    ANONYMOUS,
    /** LDAP simple bind with a DN and password, only over LDAPS or StartTLS. */
    SIMPLE,
    /** SASL GSSAPI (Kerberos) using the JVM's JAAS and krb5 configuration. */
    GSSAPI
  }

  private final List<URI> servers;
  private final @Nullable String site;
  private final @Nullable String adDomain;
  private final Bind bind;
  private final @Nullable String bindDn;
  private final char @Nullable [] password;
  private final boolean startTls;
  private final int maxPointerHops;

  private ActiveDirectory(List<URI> servers, @Nullable String site, @Nullable String adDomain, Bind bind,
      @Nullable String bindDn, char @Nullable [] password, boolean startTls, int maxPointerHops) {
    this.servers = servers;
    this.site = site;
    this.adDomain = adDomain;
    this.bind = bind;
    this.bindDn = bindDn;
    this.password = password;
    this.startTls = startTls;
    this.maxPointerHops = maxPointerHops;
  }

  /**
   * Returns the default: directory servers found through DNS ({@code _ldap._tcp.dc._msdcs.<domain>}, or
   * {@code _ldap._tcp.<site>._sites.dc._msdcs.<domain>} when a site is set), anonymous bind, no site. The
   * domain is the e-mail domain unless {@link #adDomain(String)} names the AD domain.
   *
   * @return directory settings that locate servers through DNS
   */
  public static ActiveDirectory locatedByDns() {
    return new ActiveDirectory(List.of(), null, null, Bind.ANONYMOUS, null, null, false, DEFAULT_MAX_POINTER_HOPS);
  }

  /**
   * Returns settings that use the given directory servers, tried in order until one answers, with anonymous
   * bind and no site. Accepted forms: {@code ldap://host}, {@code ldaps://host}, each with an optional
   * {@code :port}, for example {@code "ldap://dc1.corp.contoso.com"}, {@code "ldaps://dc2.corp.contoso.com:636"}
   * or {@code "ldap://10.0.0.5:389"}. A trailing {@code /} is tolerated; nothing else may follow the port.
   *
   * @param ldapUrls one or more LDAP URLs
   * @return directory settings naming these servers
   * @throws IllegalArgumentException if no URL is given or a URL is not of an accepted form (the message names
   *     the URL and what is wrong with it)
   */
  public static ActiveDirectory servers(String... ldapUrls) {
    Objects.requireNonNull(ldapUrls, "ldapUrls");
    if (ldapUrls.length == 0) {
      throw new IllegalArgumentException("at least one LDAP server URL is needed, e.g. ldap://dc1.corp.contoso.com");
    }
    List<URI> parsed = new ArrayList<>(ldapUrls.length);
    for (String url : ldapUrls) {
      parsed.add(parseServer(Objects.requireNonNull(url, "LDAP server URL")));
    }
    return new ActiveDirectory(List.copyOf(parsed), null, null, Bind.ANONYMOUS, null, null, false,
        DEFAULT_MAX_POINTER_HOPS);
  }

  /**
   * Returns a copy with the client's AD site, used to rank site-scoped SCP URLs first and to locate servers
   * of that site through DNS. When no site is given the SDK does not guess one: every site-scoped SCP URL goes
   * to the lowest-priority bucket (protocol.md §2.3.2).
   *
   * @param adSiteName the AD site name, for example {@code London}; compared case-insensitively
   * @return a copy with the site set
   * @throws IllegalArgumentException if the name is blank, longer than 63 characters, or contains whitespace,
   *     control characters, {@code '.'} or {@code '='}
   */
  public ActiveDirectory site(String adSiteName) {
    Objects.requireNonNull(adSiteName, "adSiteName");
    String name = adSiteName.strip();
    if (name.isEmpty() || name.length() > 63) {
      throw new IllegalArgumentException("AD site name must be 1 to 63 characters: '" + adSiteName + "'");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '.' || c == '=') {
        throw new IllegalArgumentException("AD site name must not contain whitespace, control characters, '.' or"
            + " '=': '" + adSiteName + "'");
      }
    }
    return new ActiveDirectory(servers, name, adDomain, bind, bindDn, password, startTls, maxPointerHops);
  }

  /**
   * Returns a copy that locates directory servers through DNS in the given AD domain instead of the e-mail
   * domain, for organisations whose forest is named differently ({@code corp.contoso.com} for
   * {@code @contoso.com} addresses). Has no effect when servers are given explicitly.
   *
   * @param adDnsDomain the AD DNS domain, for example {@code corp.contoso.com}
   * @return a copy with the AD domain set
   * @throws IllegalArgumentException if the name is blank or contains characters a DNS name cannot hold
   */
  public ActiveDirectory adDomain(String adDnsDomain) {
    Objects.requireNonNull(adDnsDomain, "adDnsDomain");
    String name = adDnsDomain.strip().toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    if (name.isEmpty() || !name.matches("[a-z0-9_-]+(\\.[a-z0-9_-]+)*")) {
      throw new IllegalArgumentException("not an AD DNS domain name: '" + adDnsDomain
          + "' (expected something like corp.contoso.com)");
    }
    return new ActiveDirectory(servers, site, name, bind, bindDn, password, startTls, maxPointerHops);
  }

  /**
   * Returns a copy that binds anonymously (the default). Any simple-bind DN and password are dropped.
   *
   * @return a copy with anonymous bind
   */
  public ActiveDirectory anonymousBind() {
    return new ActiveDirectory(servers, site, adDomain, Bind.ANONYMOUS, null, null, startTls, maxPointerHops);
  }

  /**
   * Returns a copy that performs an LDAP simple bind. The bind happens only over {@code ldaps://} or after a
   * successful StartTLS; against a plain {@code ldap://} server without {@link #startTls(boolean) StartTLS} it is
   * refused at lookup time and recorded as a failure, so the password never crosses the network in clear text.
   *
   * @param bindDn the DN (or, for Active Directory, the UPN) to bind as
   * @param password the password; copied, so the caller may clear its array afterwards
   * @return a copy with simple bind
   * @throws IllegalArgumentException if {@code bindDn} is blank or {@code password} is empty (an empty password
   *     would be an unauthenticated bind, which servers treat as anonymous)
   */
  public ActiveDirectory simpleBind(String bindDn, char[] password) {
    Objects.requireNonNull(bindDn, "bindDn");
    Objects.requireNonNull(password, "password");
    if (bindDn.isBlank()) {
      throw new IllegalArgumentException("bindDn must not be blank");
    }
    if (password.length == 0) {
      throw new IllegalArgumentException("password must not be empty (LDAP treats an empty password as an"
          + " unauthenticated, anonymous bind)");
    }
    return new ActiveDirectory(servers, site, adDomain, Bind.SIMPLE, bindDn.strip(), password.clone(), startTls,
        maxPointerHops);
  }

  /**
   * Returns a copy that binds with SASL GSSAPI (Kerberos) using the JVM's JAAS login configuration and krb5
   * settings (for example {@code java.security.auth.login.config} and {@code java.security.krb5.conf}). Any
   * simple-bind DN and password are dropped.
   *
   * @return a copy with GSSAPI bind
   */
  public ActiveDirectory gssapiBind() {
    return new ActiveDirectory(servers, site, adDomain, Bind.GSSAPI, null, null, startTls, maxPointerHops);
  }

  /**
   * Returns a copy that does or does not upgrade plain {@code ldap://} connections with StartTLS before binding.
   * When on, a server that refuses StartTLS is treated as failed; the connection is never used without TLS.
   * Ignored for {@code ldaps://} servers, which use TLS from the start. TLS certificates and host names are
   * always verified.
   *
   * @param startTls whether to use StartTLS on {@code ldap://} connections
   * @return a copy with the setting changed
   */
  public ActiveDirectory startTls(boolean startTls) {
    return new ActiveDirectory(servers, site, adDomain, bind, bindDn, password, startTls, maxPointerHops);
  }

  /**
   * Returns a copy with a different limit of SCP pointer hops (default {@value #DEFAULT_MAX_POINTER_HOPS}). Each
   * followed pointer, whether for the user's domain or a fallback, counts as one hop; when the limit is reached
   * the lookup stops and reports it. {@code 0} means pointers are never followed.
   *
   * @param hops the limit, from 0 to {@value #MAX_POINTER_HOPS_LIMIT}
   * @return a copy with the limit changed
   * @throws IllegalArgumentException if {@code hops} is out of range
   */
  public ActiveDirectory maxPointerHops(int hops) {
    if (hops < 0 || hops > MAX_POINTER_HOPS_LIMIT) {
      throw new IllegalArgumentException("maxPointerHops must be between 0 and " + MAX_POINTER_HOPS_LIMIT + ": "
          + hops);
    }
    return new ActiveDirectory(servers, site, adDomain, bind, bindDn, password, startTls, hops);
  }

  /**
   * Returns the directory servers given to {@link #servers(String...)}, in the order they are tried.
   *
   * @return an unmodifiable list of normalised {@code ldap://} or {@code ldaps://} URIs (lower-case scheme and
   *     host, no path); empty when servers are located through DNS
   */
  public List<URI> serverUrls() {
    return servers;
  }

  /**
   * Returns the client's AD site, if one was given.
   *
   * @return the site name, or empty
   */
  public Optional<String> site() {
    return Optional.ofNullable(site);
  }

  /**
   * Returns the AD DNS domain in which to locate servers, if one was given.
   *
   * @return the lower-case AD domain, or empty (then the e-mail domain is used)
   */
  public Optional<String> adDomain() {
    return Optional.ofNullable(adDomain);
  }

  /**
   * Returns how the SDK binds.
   *
   * @return the bind kind, never null
   */
  public Bind bind() {
    return bind;
  }

  /**
   * Returns the simple-bind DN.
   *
   * @return the DN when {@link #bind()} is {@link Bind#SIMPLE}, otherwise empty
   */
  public Optional<String> bindDn() {
    return Optional.ofNullable(bindDn);
  }

  /**
   * Returns whether plain {@code ldap://} connections are upgraded with StartTLS.
   *
   * @return {@code true} if StartTLS is used
   */
  public boolean startTls() {
    return startTls;
  }

  /**
   * Returns the limit of SCP pointer hops.
   *
   * @return the limit, from 0 to {@value #MAX_POINTER_HOPS_LIMIT}
   */
  public int maxPointerHops() {
    return maxPointerHops;
  }

  /**
   * Returns a copy of the simple-bind password. Meant for the SDK implementation, which needs it to bind; the
   * caller should clear the array as soon as it is no longer needed and must never log it.
   *
   * @return a fresh copy of the password when {@link #bind()} is {@link Bind#SIMPLE}, otherwise empty
   */
  public Optional<char[]> simpleBindPassword() {
    return password == null ? Optional.empty() : Optional.of(password.clone());
  }

  /**
   * Describes the settings without the password.
   *
   * @return for example {@code ActiveDirectory[servers=[ldaps://dc1.corp.contoso.com], site=London,
   *     bind=SIMPLE CN=svc,DC=corp password=***, startTls=false, maxPointerHops=10]}
   */
  @Override
  public String toString() {
    return "ActiveDirectory[servers=" + (servers.isEmpty() ? "located by DNS" : servers.toString())
        + (adDomain == null ? "" : ", adDomain=" + adDomain)
        + ", site=" + (site == null ? "none" : site)
        + ", bind=" + bind + (bindDn == null ? "" : " " + bindDn + " password=***")
        + ", startTls=" + startTls
        + ", maxPointerHops=" + maxPointerHops + "]";
  }

  /**
   * Identity comparison: settings that hold a password are never compared by secret content.
   *
   * @param o the other object
   * @return {@code this == o}
   */
  @Override
  public boolean equals(@Nullable Object o) {
    return this == o;
  }

  /**
   * Identity hash code.
   *
   * @return the identity hash code
   */
  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  private static URI parseServer(String rawUrl) {
    String trimmed = rawUrl.strip();
    // Never echo a password someone put into the URL (ldap://user:secret@host) in an exception message.
    String url = trimmed.replaceFirst("(?<=://)[^/@]*@", "***@");
    URI uri;
    try {
      uri = new URI(trimmed);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a valid LDAP URL: '" + url + "' (" + e.getReason()
          + "); expected ldap://host[:port] or ldaps://host[:port]");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("ldap") && !scheme.equals("ldaps")) {
      throw new IllegalArgumentException("LDAP URL must start with ldap:// or ldaps://: '" + url + "'");
    }
    if (uri.getRawAuthority() == null || uri.getHost() == null) {
      throw new IllegalArgumentException("LDAP URL has no host name: '" + url + "'"
          + " (expected e.g. ldap://dc1.corp.contoso.com)");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("LDAP URL must not carry user information: '" + url
          + "' (use simpleBind for credentials)");
    }
    String path = uri.getRawPath();
    if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("LDAP URL must name only a server, without a DN, query or fragment: '"
          + url + "'");
    }
    int port = uri.getPort();
    if (port == 0 || port > 65535) {
      throw new IllegalArgumentException("LDAP URL port must be between 1 and 65535: '" + url + "'");
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    return URI.create(scheme + "://" + host + (port < 0 ? "" : ":" + port));
  }
}
