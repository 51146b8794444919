package dev.autodiscover.internal.http;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An {@link SSLContext} that behaves exactly like the one it wraps (same trust material, same validation)
 * except that its engines report to a {@link TlsLiveness} how far their connection got: begun, handshake begun,
 * server's TLS bytes received. This is the only way to see, through {@code java.net.http}, that a server is reachable
 * before it answers HTTP.
 */
final class ObservedSslContext extends SSLContext {
  private ObservedSslContext(SSLContextSpi spi, SSLContext delegate) {
    super(spi, delegate.getProvider(), delegate.getProtocol());
  }

  static SSLContext wrap(SSLContext delegate, TlsLiveness liveness) {
    return new ObservedSslContext(new Spi(delegate, liveness), delegate);
  }

  private static final class Spi extends SSLContextSpi {
    private final SSLContext delegate;
    private final TlsLiveness liveness;

    Spi(SSLContext delegate, TlsLiveness liveness) {
      this.delegate = delegate;
      this.liveness = liveness;
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
      throw new KeyManagementException("already initialised");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return delegate.getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return delegate.getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return delegate.createSSLEngine();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      SSLEngine engine = delegate.createSSLEngine(host, port);
      return host == null ? engine : new ObservedSslEngine(engine, liveness.begin(host, port));
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return delegate.getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return delegate.getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return delegate.getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return delegate.getSupportedSSLParameters();
    }
  }
}
