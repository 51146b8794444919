package dev.autodiscover.testkit;

import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedExtendedRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSASLBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocketFactory;

/**
 * The requests one {@link DirectoryForest} received, one line each, in order: what {@link
 * DirectoryForest#requests()} returns. The in-memory server feeds it through {@link #interceptor()} and, for
 * StartTLS, through the socket factory {@link #recordingStartTls} wraps. Passwords are never recorded.
 *
 * <p>Thread-safe.
 */
final class LdapRequestLog {
  private final List<String> lines = new ArrayList<>();

  /** Every line so far, as an immutable snapshot. */
  List<String> snapshot() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /**
   * An interceptor that records simple binds ({@code "<connection id> bind <DN>"}), SASL binds
   * ({@code "<connection id> sasl <mechanism>"}), extended requests ({@code "<connection id> extended <OID>"}) and
   * searches ({@code "<connection id> search <base DN>"}).
   */
  InMemoryOperationInterceptor interceptor() {
    return new Recorder();
  }

  /**
   * Wraps the server's StartTLS socket factory so that each upgrade is recorded as {@code "- starttls"} (the
   * in-memory server handles the StartTLS request itself, before any interceptor sees it).
   */
  SSLSocketFactory recordingStartTls(SSLSocketFactory delegate) {
    return new RecordingStartTls(delegate);
  }

  private void record(String line) {
    synchronized (lines) {
      lines.add(line);
    }
  }

  private final class RecordingStartTls extends SSLSocketFactory {
    private final SSLSocketFactory delegate;

    RecordingStartTls(SSLSocketFactory delegate) {
      this.delegate = delegate;
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
      record("- starttls");
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
      record(request.getConnectionID() + " bind " + request.getRequest().getBindDN());
    }

    @Override
    public void processSASLBindRequest(InMemoryInterceptedSASLBindRequest request) {
      record(request.getConnectionID() + " sasl " + request.getRequest().getSASLMechanismName());
    }

    @Override
    public void processExtendedRequest(InMemoryInterceptedExtendedRequest request) {
      record(request.getConnectionID() + " extended " + request.getRequest().getOID());
    }

    @Override
    public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
      record(request.getConnectionID() + " search " + request.getRequest().getBaseDN());
    }
  }
}
