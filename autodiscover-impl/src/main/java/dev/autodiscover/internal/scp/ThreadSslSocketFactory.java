package dev.autodiscover.internal.scp;

import java.util.Objects;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * Bridges JNDI's class-name based socket factory setting ({@code java.naming.ldap.factory.socket}) to a
 * per-lookup {@link javax.net.ssl.SSLContext}. JNDI calls {@link #getDefault()} reflectively on the thread that
 * opens the connection, which is the thread running the SCP lookup; that thread installs its factory with
 * {@link #use(SSLSocketFactory)} just before opening an {@code ldaps://} connection and removes it right after,
 * so concurrent lookups with different trust settings never see each other's factory.
 *
 * <p>Public only because JNDI must reach it; the module exports this package to {@code java.naming} alone.
 * Thread-safe.
 */
public final class ThreadSslSocketFactory {
  private static final ThreadLocal<@Nullable SSLSocketFactory> CURRENT = new ThreadLocal<>();

  private ThreadSslSocketFactory() {}

  /**
   * Returns the socket factory installed for the calling thread, or the JDK's default TLS socket factory when
   * none is. Called by JNDI.
   *
   * @return a TLS socket factory, never null
   */
  public static SocketFactory getDefault() {
    SSLSocketFactory factory = CURRENT.get();
    return factory != null ? factory : SSLSocketFactory.getDefault();
  }

  /** Installs {@code factory} for the calling thread until the returned scope is closed. */
  static Scope use(SSLSocketFactory factory) {
    Objects.requireNonNull(factory, "factory");
    CURRENT.set(factory);
    return CURRENT::remove;
  }

  /** Removes the thread's factory when closed. */
  interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
