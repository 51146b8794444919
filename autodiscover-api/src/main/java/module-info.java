/**
 * Public API of the Autodiscover SDK.
 *
 * <p>Start at {@link dev.autodiscover.Autodiscover#forEmail(String)}. The implementation lives in the
 * {@code autodiscover-impl} artifact and is found through {@link java.util.ServiceLoader}.
 */
// "module": the implementation module the access package is exported to is not on the API's own module path.
@SuppressWarnings("module")
module dev.autodiscover {
  requires transitive org.jspecify;
  requires transitive java.net.http;

  exports dev.autodiscover;
  exports dev.autodiscover.spi;
  // Creates results and exceptions whose constructors are package-private; only for the implementation.
  exports dev.autodiscover.access to dev.autodiscover.impl;

  uses dev.autodiscover.spi.AutodiscoverProvider;
}
