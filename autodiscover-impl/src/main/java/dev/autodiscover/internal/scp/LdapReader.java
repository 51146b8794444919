package dev.autodiscover.internal.scp;

import dev.autodiscover.ActiveDirectory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.PartialResultException;
import javax.naming.SizeLimitExceededException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.naming.ldap.InitialLdapContext;
import javax.naming.ldap.LdapContext;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.StartTlsRequest;
import javax.naming.ldap.StartTlsResponse;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * Reads the Autodiscover SCP objects of one directory server with the JDK's JNDI LDAP provider: connect (LDAPS
 * or plain LDAP, optionally upgraded with StartTLS), bind, read RootDSE's {@code configurationNamingContext},
 * search it. Blocking; every network wait is bounded by the query timeout. Stateless and thread-safe.
 */
final class LdapReader {
  static final String SEARCH_FILTER = "(&(objectClass=serviceConnectionPoint)(|(keywords="
      + ScpObject.POINTER_KEYWORD + ")(keywords=" + ScpObject.URL_KEYWORD + ")))";
  private static final String CONFIGURATION_NAMING_CONTEXT = "configurationNamingContext";
  private static final String[] SCP_ATTRIBUTES = {"keywords", "serviceBindingInformation"};
  /** Far more SCP objects than any real organisation publishes; bounds a hostile or broken directory. */
  static final int MAX_OBJECTS = 1000;

  /** The directory's answer. */
  record Answer(String namingContext, List<ScpObject> objects, boolean truncated) {}

  /** The SDK refused to bind because the password would cross the network in clear text. */
  static final class ClearTextRefused extends Exception {
    private static final long serialVersionUID = 1L;

    ClearTextRefused(String message) {
      super(message, null, false, false);
    }
  }

  /** The server accepted StartTLS but the TLS handshake failed (untrusted certificate, wrong name, no answer). */
  static final class StartTlsFailed extends NamingException {
    private static final long serialVersionUID = 1L;

    StartTlsFailed(String message) {
      super(message);
    }
  }

  private LdapReader() {}

  /**
   * Reads {@code server}. Appends one line per step to {@code log}.
   *
   * @throws ClearTextRefused if a simple bind would go over a connection without TLS (nothing is sent)
   * @throws NamingException if connecting, binding, StartTLS, RootDSE or the search failed
   * @throws CancellationException if {@code cancelled} turned true between two LDAP operations
   */
  static Answer read(URI server, ScpQuery query, BooleanSupplier cancelled, List<String> log)
      throws ClearTextRefused, NamingException {
    ActiveDirectory ad = query.directory();
    boolean ldaps = server.getScheme().equals("ldaps");
    boolean startTls = !ldaps && ad.startTls();
    if (ad.bind() == ActiveDirectory.Bind.SIMPLE && !ldaps && !startTls) {
      throw new ClearTextRefused("simple bind refused for " + server
          + ": the password would be sent in clear text; use an ldaps:// server or enable StartTLS");
    }
    long timeoutMillis = Math.max(1, query.timeout().toMillis());
    Hashtable<String, Object> env = new Hashtable<>();
    env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
    env.put(Context.PROVIDER_URL, server.toString());
    env.put("java.naming.ldap.version", "3");
    env.put("com.sun.jndi.ldap.connect.timeout", Long.toString(timeoutMillis));
    env.put("com.sun.jndi.ldap.read.timeout", Long.toString(timeoutMillis));
    env.put("com.sun.jndi.ldap.connect.pool", "false");
    env.put(Context.REFERRAL, "ignore");
    SSLContext ssl = query.sslContext();
    if (ldaps && ssl != null) {
      env.put("java.naming.ldap.factory.socket", ThreadSslSocketFactory.class.getName());
    }
    char @Nullable [] password = null;
    try {
      if (startTls) {
        env.put(Context.SECURITY_AUTHENTICATION, "none");
      } else {
        password = putBind(env, ad);
      }
      LdapContext ctx = connect(env, ldaps ? ssl : null);
      try {
        if (startTls) {
          checkCancelled(cancelled);
          StartTlsResponse tls = (StartTlsResponse) ctx.extendedOperation(new StartTlsRequest());
          HandshakeTimeout handshake = new HandshakeTimeout(
              ssl != null ? ssl.getSocketFactory() : (SSLSocketFactory) SSLSocketFactory.getDefault(), timeoutMillis);
          try {
            // JNDI's read timeout does not cover the TLS handshake of StartTLS; the socket timeout does.
            tls.negotiate(handshake);
            handshake.handshakeDone();
          } catch (IOException e) {
            NamingException failure = new StartTlsFailed("StartTLS negotiation failed: " + e.getMessage());
            failure.setRootCause(e);
            throw failure;
          }
          log.add("LDAP " + server + ": StartTLS negotiated");
          password = putBind(ctx, ad);
          ctx.reconnect(null);
        }
        log.add("LDAP " + server + ": connected" + (ad.bind() == ActiveDirectory.Bind.ANONYMOUS
            ? " (anonymous)" : ", " + describeBind(ad) + " bind accepted"));
        checkCancelled(cancelled);
        String namingContext = configurationNamingContext(ctx);
        log.add("LDAP " + server + ": RootDSE configurationNamingContext = " + namingContext);
        checkCancelled(cancelled);
        Answer answer = search(ctx, namingContext, timeoutMillis);
        log.add("LDAP " + server + ": search under " + namingContext + " returned " + answer.objects().size()
            + " SCP object(s)" + (answer.truncated() ? " (truncated at " + MAX_OBJECTS + ")" : ""));
        return answer;
      } finally {
        closeQuietly(ctx);
      }
    } finally {
      if (password != null) {
        Arrays.fill(password, '\0');
      }
    }
  }

  /**
   * Wraps the TLS socket factory for StartTLS so the handshake is bounded by the query timeout: the plain socket
   * gets a read timeout while the handshake runs, removed again once it is done (JNDI's reader thread then takes
   * over and applies its own read timeout per operation).
   */
  private static final class HandshakeTimeout extends SSLSocketFactory {
    private final SSLSocketFactory delegate;
    private final int timeoutMillis;
    private @Nullable Socket upgraded;

    HandshakeTimeout(SSLSocketFactory delegate, long timeoutMillis) {
      this.delegate = delegate;
      this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeoutMillis);
    }

    @Override
    public Socket createSocket(Socket plain, String host, int port, boolean autoClose) throws IOException {
      plain.setSoTimeout(timeoutMillis);
      Socket tls = delegate.createSocket(plain, host, port, autoClose);
      upgraded = tls;
      return tls;
    }

    void handshakeDone() throws IOException {
      Socket tls = upgraded;
      if (tls != null) {
        tls.setSoTimeout(0);
      }
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

  private static LdapContext connect(Hashtable<String, Object> env, @Nullable SSLContext ldapsContext)
      throws NamingException {
    if (ldapsContext == null) {
      return new InitialLdapContext(env, null);
    }
    ThreadSslSocketFactory.Scope scope = ThreadSslSocketFactory.use(ldapsContext.getSocketFactory());
    try {
      return new InitialLdapContext(env, null);
    } finally {
      scope.close();
    }
  }

  private static char @Nullable [] putBind(Hashtable<String, Object> env, ActiveDirectory ad) {
    switch (ad.bind()) {
      case ANONYMOUS -> {
        env.put(Context.SECURITY_AUTHENTICATION, "none");
        return null;
      }
      case GSSAPI -> {
        env.put(Context.SECURITY_AUTHENTICATION, "GSSAPI");
        return null;
      }
      case SIMPLE -> {
        char[] password = ad.simpleBindPassword().orElseThrow();
        env.put(Context.SECURITY_AUTHENTICATION, "simple");
        env.put(Context.SECURITY_PRINCIPAL, ad.bindDn().orElseThrow());
        env.put(Context.SECURITY_CREDENTIALS, password);
        return password;
      }
      default -> throw new IllegalStateException("unknown bind kind " + ad.bind());
    }
  }

  private static char @Nullable [] putBind(LdapContext ctx, ActiveDirectory ad) throws NamingException {
    Hashtable<String, Object> bind = new Hashtable<>();
    char[] password = putBind(bind, ad);
    for (var entry : bind.entrySet()) {
      ctx.addToEnvironment(entry.getKey(), entry.getValue());
    }
    return password;
  }

  private static String describeBind(ActiveDirectory ad) {
    return switch (ad.bind()) {
      case ANONYMOUS -> "anonymous";
      case GSSAPI -> "GSSAPI (Kerberos)";
      case SIMPLE -> "simple (as " + ad.bindDn().orElse("?") + ")";
    };
  }

  private static String configurationNamingContext(LdapContext ctx) throws NamingException {
    Attributes rootDse = ctx.getAttributes("", new String[] {CONFIGURATION_NAMING_CONTEXT});
    Attribute attribute = rootDse.get(CONFIGURATION_NAMING_CONTEXT);
    Object value = attribute == null ? null : attribute.get();
    if (!(value instanceof String dn) || dn.isBlank()) {
      throw new NamingException("RootDSE has no " + CONFIGURATION_NAMING_CONTEXT
          + " attribute (is this an Active Directory domain controller?)");
    }
    return dn.strip();
  }

  private static Answer search(LdapContext ctx, String namingContext, long timeoutMillis) throws NamingException {
    SearchControls controls = new SearchControls();
    controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
    controls.setReturningAttributes(SCP_ATTRIBUTES);
    controls.setCountLimit(MAX_OBJECTS);
    controls.setTimeLimit((int) Math.min(Integer.MAX_VALUE, timeoutMillis));
    List<ScpObject> objects = new ArrayList<>();
    boolean truncated = false;
    NamingEnumeration<SearchResult> results = ctx.search(new LdapName(namingContext), SEARCH_FILTER, controls);
    try {
      while (results.hasMore()) {
        SearchResult result = results.next();
        Attributes attributes = result.getAttributes();
        objects.add(new ScpObject(result.getNameInNamespace(), values(attributes.get("keywords")),
            values(attributes.get("serviceBindingInformation"))));
      }
    } catch (PartialResultException e) {
      // Active Directory ends a subtree search with a referral continuation, which "ignore" turns into this;
      // everything the server itself holds has been read.
    } catch (SizeLimitExceededException e) {
      truncated = true;
    } finally {
      results.close();
    }
    return new Answer(namingContext, objects, truncated);
  }

  private static List<String> values(@Nullable Attribute attribute) throws NamingException {
    if (attribute == null) {
      return List.of();
    }
    List<String> values = new ArrayList<>(attribute.size());
    NamingEnumeration<?> all = attribute.getAll();
    while (all.hasMore()) {
      Object value = all.next();
      if (value instanceof String s) {
        values.add(s);
      } else if (value instanceof byte[] bytes) {
        values.add(new String(bytes, StandardCharsets.UTF_8));
      }
    }
    return values;
  }

  static void checkCancelled(BooleanSupplier cancelled) {
    if (cancelled.getAsBoolean()) {
      throw new CancellationException("SCP lookup cancelled");
    }
  }

  private static void closeQuietly(LdapContext ctx) {
    try {
      ctx.close();
    } catch (NamingException e) {
      // Nothing useful can be done: the lookup's answer is already complete.
    }
  }

  /** One line naming the failure and its root cause; JNDI messages never carry the bind password. */
  static String describe(Throwable e) {
    String message = e.getMessage();
    Throwable root = e instanceof NamingException n && n.getRootCause() != null ? n.getRootCause() : e.getCause();
    String rootText = root == null || root.getMessage() == null || root.getMessage().equals(message)
        ? "" : " (" + root.getMessage() + ")";
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message) + rootText;
  }
}
