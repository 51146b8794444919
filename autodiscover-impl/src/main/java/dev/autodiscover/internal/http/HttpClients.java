package dev.autodiscover.internal.http;

import java.lang.reflect.Method;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The one {@link HttpClient} of an Autodiscover client, made when first needed (a run that never speaks HTTP never
 * pays for it) and shut down with the client. Thread-safe.
 */
public final class HttpClients {
  private final @Nullable ProxySelector proxy;
  private final @Nullable SSLContext ssl;
  private final Duration connectTimeout;
  private volatile @Nullable HttpTransport transport;
  private volatile boolean closed;

  /**
   * Settings of the client's transport.
   *
   * @param proxy the proxy selector, or null for the JDK's default
   * @param ssl the SSL context, or null for the JDK's default
   * @param connectTimeout the connect timeout
   */
  public HttpClients(@Nullable ProxySelector proxy, @Nullable SSLContext ssl, Duration connectTimeout) {
    this.proxy = proxy;
    this.ssl = ssl;
    this.connectTimeout = connectTimeout;
  }

  /**
   * The transport, made on first use.
   *
   * @return the transport
   * @throws IllegalStateException if closed
   */
  public HttpTransport transport() {
    HttpTransport t = transport;
    if (t == null) {
      synchronized (this) {
        if (closed) {
          throw new IllegalStateException("the Autodiscover client is closed");
        }
        t = transport;
        if (t == null) {
          t = create();
          transport = t;
        }
      }
    }
    return t;
  }

  private HttpTransport create() {
    HttpClient.Builder b = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(connectTimeout);
    if (proxy != null) {
      b.proxy(proxy);
    }
    SSLContext context = ssl;
    if (context == null) {
      try {
        context = SSLContext.getDefault(); // honours the javax.net.ssl.* system properties
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("the JDK has no default SSL context", e);
      }
    }
    TlsLiveness liveness = new TlsLiveness();
    b.sslContext(ObservedSslContext.wrap(context, liveness));
    return new HttpTransport(b.build(), liveness);
  }

  /**
   * Shuts the HTTP client down: {@code shutdownNow} on JDK 21 and later; before, its selector thread is interrupted,
   * which closes its connections and ends the thread (see {@link SelectorThread}). Idempotent.
   */
  public void close() {
    HttpTransport t;
    synchronized (this) {
      closed = true;
      t = transport;
      transport = null;
    }
    if (t != null) {
      try {
        Method shutdownNow = HttpClient.class.getMethod("shutdownNow");
        shutdownNow.invoke(t.client());
      } catch (NoSuchMethodException e) {
        SelectorThread.stop(t.client()); // JDK 17 to 20: no API; the selector thread ends when interrupted
      } catch (ReflectiveOperationException | RuntimeException e) {
        System.getLogger(HttpClients.class.getName()).log(System.Logger.Level.DEBUG, "HttpClient shutdown failed", e);
      }
    }
  }
}
