package dev.autodiscover.testkit;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.schema.Schema;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * One Active Directory forest as an Autodiscover SCP lookup sees it: a real LDAP server on loopback (UnboundID
 * in-memory directory) whose RootDSE names a configuration partition ({@code CN=Configuration,<base DN>}),
 * holding Exchange-like {@code serviceConnectionPoint} objects (protocol.md §2.3).
 *
 * <pre>{@code
 * try (DirectoryForest account = DirectoryForest.start("dc1.corp.contoso.com", "DC=corp,DC=contoso,DC=com");
 *     DirectoryForest resource = DirectoryForest.start("dc1.fabrikam.net", "DC=fabrikam,DC=net")) {
 *   account.addScpPointer("Resource forest", resource.url(), "Domain=contoso.com");
 *   resource.addScpUrl("LON-EX01", "https://lon-cas.fabrikam.net/Autodiscover/Autodiscover.xml", "Site=London");
 *   resource.addScpUrl("EX01", "https://mail.fabrikam.net/Autodiscover/Autodiscover.xml");
 *   ActiveDirectory ad = ActiveDirectory.servers(account.url()).site("London");
 *   // ... run the code under test, then:
 *   assertThat(resource.requests()).anySatisfy(r -> assertThat(r).contains(" search CN=Configuration,"));
 * }
 * }</pre>
 *
 * <p>The server listens on an ephemeral port of the loopback address; {@link #url()} names it by the host name
 * given to {@code start}, which the client must resolve to loopback (for example through a
 * {@code jdk.net.hosts.file} listing it), so TLS certificates can name that host. Anonymous reads are allowed;
 * forests started with a bind password also accept a simple bind as {@link #bindDn()}. The schema is the
 * standard one plus the few Active Directory attributes the SCP objects use ({@code keywords}, compared
 * case-insensitively, {@code serviceBindingInformation}, {@code serviceClassName}).
 *
 * <p>Every bind, extended and search request is recorded (see {@link #requests()}), so a test can assert what
 * crossed the wire, for example that a password was never sent in clear text. All methods are thread-safe.
 */
public final class DirectoryForest implements AutoCloseable {
  /** The {@code keywords} GUID of an SCP pointer object (points to another directory). */
  public static final String POINTER_KEYWORD = "67661d7F-8FC4-4fa7-BFAC-E1D7794C1F68";
  /** The {@code keywords} GUID of an SCP URL object (names an Autodiscover endpoint). */
  public static final String URL_KEYWORD = "77378F46-2C66-4aa9-A6A6-3E7A48B19596";

  private static final String BIND_DN_PREFIX = "CN=svc-autodiscover,CN=Users,";
  private static final String EXCHANGE_SERVERS = "CN=Servers,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),"
      + "CN=Administrative Groups,CN=First Organization,CN=Microsoft Exchange,CN=Services,";
  private static final String POINTERS = "CN=Microsoft Exchange Autodiscover,CN=Services,";
  private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?");

  private final String host;
  private final String scheme;
  private final DN base;
  private final DN configuration;
  private final InMemoryDirectoryServer server;
  private final LdapRequestLog requests = new LdapRequestLog();

  private DirectoryForest(String host, String baseDn, @Nullable String bindPassword,
      @Nullable SSLSocketFactory startTls, @Nullable SSLServerSocketFactory ldaps) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(baseDn, "baseDn");
    if (!HOST_NAME.matcher(host).matches()) {
      throw new IllegalArgumentException("host must be a host name without port, got '" + host + "'");
    }
    this.host = host;
    this.scheme = ldaps != null ? "ldaps" : "ldap";
    try {
      this.base = new DN(baseDn);
      if (base.isNullDN() || !base.getRDN().hasAttribute("dc")) {
        throw new IllegalArgumentException("baseDn must start with a DC= component, got '" + baseDn + "'");
      }
      this.configuration = new DN("CN=Configuration," + base);
    } catch (LDAPException e) {
      throw new IllegalArgumentException("baseDn is not a distinguished name: '" + baseDn + "' ("
          + e.getMessage() + ")", e);
    }
    try {
      InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(base);
      config.setSchema(Schema.mergeSchemas(Schema.getDefaultStandardSchema(), activeDirectorySubset()));
      config.setCustomRootDSEAttributes(List.of(
          new Attribute("configurationNamingContext", configuration.toString()),
          new Attribute("defaultNamingContext", base.toString())));
      InMemoryListenerConfig listener = ldaps != null
          ? InMemoryListenerConfig.createLDAPSConfig("ldaps", InetAddress.getLoopbackAddress(), 0, ldaps, null)
          : InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0,
              startTls == null ? null : requests.recordingStartTls(startTls));
      config.setListenerConfigs(listener);
      if (bindPassword != null) {
        config.addAdditionalBindCredentials(BIND_DN_PREFIX + base, bindPassword);
      }
      config.addInMemoryOperationInterceptor(requests.interceptor());
      this.server = new InMemoryDirectoryServer(config);
      server.add(new Entry(base, new Attribute("objectClass", "top", "domain"),
          new Attribute("dc", base.getRDN().getAttributeValues()[0])));
      addContainers(configuration);
      server.startListening();
    } catch (LDAPException e) {
      throw new IllegalStateException("cannot start the directory of " + base + " on loopback: " + e.getMessage(),
          e);
    }
  }

  /**
   * Starts a forest on plain LDAP that allows anonymous reads and no binds with credentials.
   *
   * @param host the domain controller's host name used in {@link #url()}, e.g. {@code dc1.corp.contoso.com}; must
   *     resolve to loopback on the client side
   * @param baseDn the forest root's distinguished name, e.g. {@code DC=corp,DC=contoso,DC=com}; its first RDN must
   *     be a {@code DC=} component
   * @return a listening forest with an empty configuration partition; close it when the test ends
   * @throws IllegalArgumentException if {@code host} is not a host name or {@code baseDn} not a usable DN
   * @throws IllegalStateException if the server cannot start (no free loopback port)
   */
  public static DirectoryForest start(String host, String baseDn) {
    return new DirectoryForest(host, baseDn, null, null, null);
  }

  /**
   * Starts a forest on plain LDAP that offers StartTLS with the given server-side TLS and accepts a simple bind as
   * {@link #bindDn()} with {@code bindPassword}. Each StartTLS upgrade is recorded as {@code "- starttls"}.
   *
   * @param host as for {@link #start(String, String)}
   * @param baseDn as for {@link #start(String, String)}
   * @param bindPassword the service account's password
   * @param serverTls creates the server side of upgraded connections; its certificate should name {@code host}
   * @return a listening forest; close it when the test ends
   * @throws IllegalArgumentException if {@code host} is not a host name or {@code baseDn} not a usable DN
   * @throws IllegalStateException if the server cannot start
   */
  public static DirectoryForest startWithStartTls(String host, String baseDn, String bindPassword,
      SSLSocketFactory serverTls) {
    Objects.requireNonNull(bindPassword, "bindPassword");
    Objects.requireNonNull(serverTls, "serverTls");
    return new DirectoryForest(host, baseDn, bindPassword, serverTls, null);
  }

  /**
   * Starts a forest on LDAPS only (TLS from the first byte) that accepts a simple bind as {@link #bindDn()} with
   * {@code bindPassword}; {@link #url()} then starts with {@code ldaps://}.
   *
   * @param host as for {@link #start(String, String)}
   * @param baseDn as for {@link #start(String, String)}
   * @param bindPassword the service account's password
   * @param serverTls creates the listening TLS socket; its certificate should name {@code host}
   * @return a listening forest; close it when the test ends
   * @throws IllegalArgumentException if {@code host} is not a host name or {@code baseDn} not a usable DN
   * @throws IllegalStateException if the server cannot start
   */
  public static DirectoryForest startLdaps(String host, String baseDn, String bindPassword,
      SSLServerSocketFactory serverTls) {
    Objects.requireNonNull(bindPassword, "bindPassword");
    Objects.requireNonNull(serverTls, "serverTls");
    return new DirectoryForest(host, baseDn, bindPassword, null, serverTls);
  }

  /**
   * Returns the domain controller's URL.
   *
   * @return {@code ldap://<host>:<port>}, or {@code ldaps://<host>:<port>} for {@link #startLdaps}
   */
  public String url() {
    return scheme + "://" + host + ":" + server.getListenPort();
  }

  /**
   * Returns the host name given to {@code start}.
   *
   * @return the host name, as given
   */
  public String host() {
    return host;
  }

  /**
   * Returns the port the server listens on.
   *
   * @return the ephemeral loopback port
   */
  public int port() {
    return server.getListenPort();
  }

  /**
   * Returns the forest root's distinguished name.
   *
   * @return the base DN in normalised string form, e.g. {@code DC=corp,DC=contoso,DC=com}
   */
  public String baseDn() {
    return base.toString();
  }

  /**
   * Returns the configuration partition that RootDSE's {@code configurationNamingContext} names.
   *
   * @return {@code CN=Configuration,<base DN>}
   */
  public String configurationDn() {
    return configuration.toString();
  }

  /**
   * Returns the service account that may bind with the password given to {@link #startWithStartTls} or
   * {@link #startLdaps}; forests from {@link #start} accept no simple bind for it.
   *
   * @return {@code CN=svc-autodiscover,CN=Users,<base DN>}
   */
  public String bindDn() {
    return BIND_DN_PREFIX + base;
  }

  /**
   * Publishes an SCP URL object of an Exchange server where Exchange setup puts it ({@code CN=<server>,
   * CN=Autodiscover,CN=Protocols,CN=<server>,CN=Servers,...} in the configuration partition), with the
   * {@link #URL_KEYWORD} and any extra keywords, such as {@code "Site=London"} for a site-scoped endpoint.
   *
   * @param exchangeServer the Exchange server's name, e.g. {@code LON-EX01}; also names the object
   * @param url the {@code serviceBindingInformation}, normally
   *     {@code https://<host>/Autodiscover/Autodiscover.xml}; stored as given, not validated
   * @param extraKeywords further {@code keywords} values, stored as given
   * @return the new object's distinguished name
   * @throws IllegalArgumentException if the object exists already or the name makes no valid DN
   */
  public String addScpUrl(String exchangeServer, String url, String... extraKeywords) {
    return addScpWithKeywords(exchangeServer, url, keywords(URL_KEYWORD, extraKeywords));
  }

  /**
   * Publishes an SCP pointer object to another directory, where {@code Export-AutodiscoverConfig} puts it
   * ({@code CN=<name>,CN=Microsoft Exchange Autodiscover,CN=Services,<configuration>}), with the
   * {@link #POINTER_KEYWORD} and any extra keywords, such as {@code "Domain=contoso.com"} for the e-mail domain
   * the pointer applies to; without a {@code Domain=} keyword it is a fallback pointer.
   *
   * @param name the object's common name
   * @param ldapUrl the {@code serviceBindingInformation}: the other directory, e.g. {@code LDAP://dc1.fabrikam.net}
   *     or another forest's {@link #url()}; stored as given, not validated
   * @param extraKeywords further {@code keywords} values, stored as given
   * @return the new object's distinguished name
   * @throws IllegalArgumentException if the object exists already or the name makes no valid DN
   */
  public String addScpPointer(String name, String ldapUrl, String... extraKeywords) {
    Objects.requireNonNull(name, "name");
    return addScp(cn(name) + "," + POINTERS + configuration, ldapUrl,
        keywords(POINTER_KEYWORD, extraKeywords));
  }

  /**
   * Publishes an SCP object at an Exchange server's place with exactly these keywords and no added GUID, for
   * testing unusual spellings (lower-case GUIDs, {@code site=} in another case, objects of both kinds).
   *
   * @param exchangeServer the Exchange server's name; also names the object
   * @param binding the {@code serviceBindingInformation}, stored as given
   * @param keywords all {@code keywords} values, stored as given; may be empty
   * @return the new object's distinguished name
   * @throws IllegalArgumentException if the object exists already or the name makes no valid DN
   */
  public String addScpWithKeywords(String exchangeServer, String binding, String... keywords) {
    Objects.requireNonNull(exchangeServer, "exchangeServer");
    String server = cn(exchangeServer);
    return addScp(server + ",CN=Autodiscover,CN=Protocols," + server + "," + EXCHANGE_SERVERS
        + configuration, binding, keywords.clone());
  }

  /**
   * Publishes a service connection point of some other product (a keyword GUID that is neither SCP kind) under
   * {@code CN=Services} of the configuration partition, which an Autodiscover lookup must not return.
   *
   * @param name the object's common name; its binding is {@code https://<name>.corp.example/}
   * @return the new object's distinguished name
   * @throws IllegalArgumentException if the object exists already or the name makes no valid DN
   */
  public String addOtherService(String name) {
    Objects.requireNonNull(name, "name");
    return addScp(cn(name) + ",CN=Services," + configuration, "https://" + name + ".corp.example/",
        new String[] {"4A5B6C7D-0000-4000-8000-000000000001"});
  }

  /**
   * Returns the requests this server received so far, in order, one line each:
   * {@code "<connection id> bind <DN>"} (simple bind), {@code "<connection id> sasl <mechanism>"},
   * {@code "<connection id> extended <OID>"}, {@code "<connection id> search <base DN>"}, and {@code "- starttls"}
   * when a connection was upgraded with StartTLS (the server handles that request before it can be attributed to
   * a connection). Passwords are never recorded.
   *
   * @return an immutable snapshot
   */
  public List<String> requests() {
    return requests.snapshot();
  }

  /** Stops listening and closes every client connection; idempotent. */
  @Override
  public void close() {
    server.shutDown(true);
  }

  @Override
  public String toString() {
    return "DirectoryForest[" + base + " at " + scheme + "://" + host + "]";
  }

  private String addScp(String dn, String binding, String[] keywords) {
    Objects.requireNonNull(binding, "binding");
    for (String keyword : keywords) {
      Objects.requireNonNull(keyword, "keywords must not contain null");
    }
    try {
      DN name = new DN(dn);
      synchronized (server) {
        addContainers(name.getParent());
        Entry entry = new Entry(name,
            new Attribute("objectClass", "top", "serviceConnectionPoint"),
            new Attribute("cn", name.getRDN().getAttributeValues()[0]),
            new Attribute("serviceBindingInformation", binding),
            new Attribute("serviceClassName", "ms-Exchange-AutoDiscover-Service"));
        if (keywords.length > 0) {
          entry.addAttribute(new Attribute("keywords", keywords));
        }
        server.add(entry);
      }
      return name.toString();
    } catch (LDAPException e) {
      throw new IllegalArgumentException("cannot add " + dn + ": " + e.getMessage(), e);
    }
  }

  private void addContainers(@Nullable DN dn) throws LDAPException {
    if (dn == null || dn.equals(base) || server.getEntry(dn.toString()) != null) {
      return;
    }
    addContainers(dn.getParent());
    server.add(new Entry(dn, new Attribute("objectClass", "top", "container"),
        new Attribute("cn", dn.getRDN().getAttributeValues()[0])));
  }

  /** {@code CN=<value>} with the value escaped as RFC 4514 requires. */
  private static String cn(String value) {
    return new RDN("CN", value).toString();
  }

  private static String[] keywords(String guid, String[] extra) {
    String[] all = new String[extra.length + 1];
    all[0] = guid;
    System.arraycopy(extra, 0, all, 1, extra.length);
    return all;
  }

  // The few Active Directory schema elements the SCP objects use. OIDs are from the example arc of RFC 5612
  // (enterprise number 32473), not AD's own; matching rules are AD's (keywords compare case-insensitively).
  private static Schema activeDirectorySubset() throws LDAPException {
    return new Schema(new Entry("cn=schema",
        new Attribute("objectClass", "top", "ldapSubentry", "subschema"),
        new Attribute("attributeTypes",
            "( 1.3.6.1.4.1.32473.1.1.1 NAME 'keywords' EQUALITY caseIgnoreMatch"
                + " SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )",
            "( 1.3.6.1.4.1.32473.1.1.2 NAME 'serviceBindingInformation' EQUALITY caseIgnoreMatch"
                + " SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )",
            "( 1.3.6.1.4.1.32473.1.1.3 NAME 'serviceClassName' EQUALITY caseIgnoreMatch"
                + " SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )",
            "( 1.3.6.1.4.1.32473.1.1.4 NAME 'configurationNamingContext'"
                + " SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 SINGLE-VALUE USAGE dSAOperation )",
            "( 1.3.6.1.4.1.32473.1.1.5 NAME 'defaultNamingContext'"
                + " SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 SINGLE-VALUE USAGE dSAOperation )"),
        new Attribute("objectClasses",
            "( 1.3.6.1.4.1.32473.1.2.1 NAME 'container' SUP top STRUCTURAL MUST cn )",
            "( 1.3.6.1.4.1.32473.1.2.2 NAME 'serviceConnectionPoint' SUP top STRUCTURAL MUST cn"
                + " MAY ( keywords $ serviceBindingInformation $ serviceClassName ) )")));
  }
}
