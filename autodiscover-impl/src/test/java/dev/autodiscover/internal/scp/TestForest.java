package dev.autodiscover.internal.scp;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedExtendedRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSASLBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.schema.Schema;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * One Active Directory forest as far as the SCP lookup sees it: a real LDAP server (UnboundID in-memory) on
 * loopback whose RootDSE names a configuration partition, with Exchange-like SCP objects in it. Records every
 * bind, extended and search request with its connection id so tests can assert what crossed the wire.
 */
final class TestForest implements AutoCloseable {
  static final String POINTER = ScpObject.POINTER_KEYWORD;
  static final String URL = ScpObject.URL_KEYWORD;
  static final String BIND_DN_PREFIX = "CN=svc-autodiscover,CN=Users,";

  private static final String EXCHANGE_SERVERS = "CN=Servers,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),"
      + "CN=Administrative Groups,CN=First Organization,CN=Microsoft Exchange,CN=Services,";
  private static final String POINTERS = "CN=Microsoft Exchange Autodiscover,CN=Services,";

  private final String host;
  private final String scheme;
  private final DN base;
  private final DN configuration;
  private final InMemoryDirectoryServer server;
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

  private TestForest(String host, String baseDn, @Nullable String bindPassword, @Nullable SSLSocketFactory startTls,
      @Nullable SSLServerSocketFactory ldaps) throws LDAPException {
    this.host = host;
    this.scheme = ldaps != null ? "ldaps" : "ldap";
    this.base = new DN(baseDn);
    this.configuration = new DN("CN=Configuration," + baseDn);
    InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(base);
    config.setSchema(Schema.mergeSchemas(Schema.getDefaultStandardSchema(), activeDirectorySubset()));
    config.setCustomRootDSEAttributes(List.of(
        new Attribute("configurationNamingContext", configuration.toString()),
        new Attribute("defaultNamingContext", baseDn)));
    InMemoryListenerConfig listener = ldaps != null
        ? InMemoryListenerConfig.createLDAPSConfig("ldaps", InetAddress.getLoopbackAddress(), 0, ldaps, null)
        : InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0,
            startTls == null ? null : new RecordingStartTls(startTls));
    config.setListenerConfigs(listener);
    if (bindPassword != null) {
      config.addAdditionalBindCredentials(BIND_DN_PREFIX + baseDn, bindPassword);
    }
    config.addInMemoryOperationInterceptor(new Recorder());
    this.server = new InMemoryDirectoryServer(config);
    server.add(new Entry(base, new Attribute("objectClass", "top", "domain"),
        new Attribute("dc", base.getRDN().getAttributeValues()[0])));
    addContainers(configuration);
    server.startListening();
  }

  /** A forest on plain LDAP, anonymous reads allowed. */
  static TestForest start(String host, String baseDn) throws LDAPException {
    return new TestForest(host, baseDn, null, null, null);
  }

  /** A forest on plain LDAP offering StartTLS, with a service account for simple binds. */
  static TestForest startWithStartTls(String host, String baseDn, String bindPassword,
      SSLSocketFactory serverTls) throws LDAPException {
    return new TestForest(host, baseDn, bindPassword, serverTls, null);
  }

  /** A forest on LDAPS only, with a service account for simple binds. */
  static TestForest startLdaps(String host, String baseDn, String bindPassword, SSLServerSocketFactory serverTls)
      throws LDAPException {
    return new TestForest(host, baseDn, bindPassword, null, serverTls);
  }

  /** {@code ldap://<host>:<port>} (or ldaps) of this forest's domain controller. */
  String url() {
    return scheme + "://" + host + ":" + server.getListenPort();
  }

  String bindDn() {
    return BIND_DN_PREFIX + base;
  }

  /** Publishes an SCP URL object of an Exchange server, as Exchange setup does. */
  String addUrl(String exchangeServer, String url, String... extraKeywords) throws LDAPException {
    return addScp("CN=" + exchangeServer + ",CN=Autodiscover,CN=Protocols,CN=" + exchangeServer + ","
        + EXCHANGE_SERVERS + configuration, url, keywords(URL, extraKeywords));
  }

  /** Publishes an SCP object with exactly these keywords (to test odd spellings). */
  String addUrlWithKeywords(String exchangeServer, String url, String... keywords) throws LDAPException {
    return addScp("CN=" + exchangeServer + ",CN=Autodiscover,CN=Protocols,CN=" + exchangeServer + ","
        + EXCHANGE_SERVERS + configuration, url, keywords);
  }

  /** Publishes an SCP pointer object, as {@code Export-AutodiscoverConfig} does. */
  String addPointer(String name, String ldapUrl, String... extraKeywords) throws LDAPException {
    return addScp("CN=" + name + "," + POINTERS + configuration, ldapUrl, keywords(POINTER, extraKeywords));
  }

  /** Publishes a service connection point of another product, which the filter must not return. */
  void addOtherService(String name) throws LDAPException {
    addScp("CN=" + name + ",CN=Services," + configuration, "https://" + name + ".corp.example/",
        new String[] {"4A5B6C7D-0000-4000-8000-000000000001"});
  }

  /** The requests this server received, in order: {@code "<connection> <kind> <detail>"}. */
  List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  @Override
  public void close() {
    server.shutDown(true);
  }

  private String addScp(String dn, String binding, String[] keywords) throws LDAPException {
    DN name = new DN(dn);
    addContainers(name.getParent());
    server.add(new Entry(name,
        new Attribute("objectClass", "top", "serviceConnectionPoint"),
        new Attribute("cn", name.getRDN().getAttributeValues()[0]),
        new Attribute("keywords", keywords),
        new Attribute("serviceBindingInformation", binding),
        new Attribute("serviceClassName", "ms-Exchange-AutoDiscover-Service")));
    return name.toString();
  }

  private void addContainers(@Nullable DN dn) throws LDAPException {
    if (dn == null || dn.equals(base) || server.getEntry(dn.toString()) != null) {
      return;
    }
    addContainers(dn.getParent());
    RDN rdn = dn.getRDN();
    server.add(new Entry(dn, new Attribute("objectClass", "top", "container"),
        new Attribute("cn", rdn.getAttributeValues()[0])));
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

  /**
   * The server's StartTLS socket factory, noting in {@link #requests()} the moment a connection is upgraded (the
   * in-memory server handles the StartTLS request itself, before any interceptor sees it).
   */
  private final class RecordingStartTls extends SSLSocketFactory {
    private final SSLSocketFactory delegate;

    RecordingStartTls(SSLSocketFactory delegate) {
      this.delegate = delegate;
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
      requests.add("- starttls");
      return delegate.createSocket(socket, host, port, autoClose);
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return delegate.createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      return delegate.createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return delegate.createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
        throws IOException {
      return delegate.createSocket(address, port, localAddress, localPort);
    }
  }

  private final class Recorder extends InMemoryOperationInterceptor {
    @Override
    public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request) {
      requests.add(request.getConnectionID() + " bind " + request.getRequest().getBindDN());
    }

    @Override
    public void processSASLBindRequest(InMemoryInterceptedSASLBindRequest request) {
      requests.add(request.getConnectionID() + " sasl " + request.getRequest().getSASLMechanismName());
    }

    @Override
    public void processExtendedRequest(InMemoryInterceptedExtendedRequest request) {
      requests.add(request.getConnectionID() + " extended " + request.getRequest().getOID());
    }

    @Override
    public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
      requests.add(request.getConnectionID() + " search " + request.getRequest().getBaseDN());
    }
  }
}
