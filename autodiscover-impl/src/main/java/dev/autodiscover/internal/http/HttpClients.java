package dev.autodiscover.internal.http;

import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import dev.autodiscover.AutodiscoverRequest;
import org.jspecify.annotations.Nullable;

/**
 * Shares {@link HttpClient}s between requests with the same proxy, SSL context and connect timeout, so
 * connections and selector threads are reused. Thread-safe.
 */
public final class HttpClients {
  private static final int MAX_CLIENTS = 32;

  private record Key(@Nullable ProxySelector proxy, @Nullable SSLContext ssl, Duration connectTimeout) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.proxy == proxy && k.ssl == ssl && k.connectTimeout.equals(connectTimeout);
    }

    @Override
    public int hashCode() {
      return Objects.hash(System.identityHashCode(proxy), System.identityHashCode(ssl), connectTimeout);
    }
  }

  private final Map<Key, HttpTransport> transports = new ConcurrentHashMap<>();

  /** The transport for a request's proxy, SSL context and attempt timeout (used as connect timeout). */
  public HttpTransport transportFor(AutodiscoverRequest request) {
    Key key = new Key(request.proxy().orElse(null), request.sslContext().orElse(null), request.attemptTimeout());
    HttpTransport t = transports.get(key);
    if (t != null) {
      return t;
    }
    if (transports.size() >= MAX_CLIENTS) {
      transports.clear();
    }
    return transports.computeIfAbsent(key, HttpClients::create);
  }

  private static HttpTransport create(Key key) {
    HttpClient.Builder b = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(key.connectTimeout());
    if (key.proxy() != null) {
      b.proxy(key.proxy());
    }
    SSLContext ssl = key.ssl();
    if (ssl == null) {
      try {
        ssl = SSLContext.getDefault(); // honours the javax.net.ssl.* system properties
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("the JDK has no default SSL context", e);
      }
    }
    TlsLiveness liveness = new TlsLiveness();
    b.sslContext(ObservedSslContext.wrap(ssl, liveness));
    return new HttpTransport(b.build(), liveness);
  }
}
