/**
 * Implementation of the Autodiscover SDK. Exports nothing: applications use the {@code dev.autodiscover}
 * API module, which finds this module's provider through {@link java.util.ServiceLoader}.
 */
module dev.autodiscover.impl {
  requires dev.autodiscover;
  requires java.net.http;
  requires java.naming;
  requires java.xml;
  requires jakarta.xml.bind;
  requires com.fasterxml.jackson.databind;
  requires com.google.common;
  requires io.github.resilience4j.retry;
  requires org.dnsjava;
  requires static org.jspecify;

  opens dev.autodiscover.internal.soap to jakarta.xml.bind;
  opens dev.autodiscover.internal.xml to jakarta.xml.bind;
  // JNDI instantiates the LDAPS socket factory reflectively by class name (ThreadSslSocketFactory.getDefault()).
  exports dev.autodiscover.internal.scp to java.naming;

  provides dev.autodiscover.spi.AutodiscoverProvider with dev.autodiscover.internal.DefaultAutodiscoverProvider;
}
