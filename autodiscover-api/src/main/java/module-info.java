/**
 * Public API of the Autodiscover SDK.
 *
 * <p>Start at {@link dev.autodiscover.Autodiscover#forEmail(String)}. The implementation lives in the
 * {@code autodiscover-impl} artifact and is found through {@link java.util.ServiceLoader}.
 */
module dev.autodiscover {
  requires transitive org.jspecify;
  requires transitive java.net.http;

  exports dev.autodiscover;
  exports dev.autodiscover.spi;

  uses dev.autodiscover.spi.AutodiscoverProvider;
}
