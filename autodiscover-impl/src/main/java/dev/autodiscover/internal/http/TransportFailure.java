package dev.autodiscover.internal.http;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLException;
import dev.autodiscover.AttemptOutcome;

/** Sorts a transport exception into a trace outcome with a message that says what to check. */
public record TransportFailure(AttemptOutcome outcome, String detail) {

  /** Classifies a failure of {@link HttpTransport#send}. */
  public static TransportFailure classify(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof CancellationException) {
      return new TransportFailure(AttemptOutcome.CANCELLED, "cancelled");
    }
    if (HttpTransport.isTimeout(t)) {
      return new TransportFailure(AttemptOutcome.TIMEOUT, describe(t));
    }
    if (t instanceof HttpTransport.InvalidStatusException) {
      return new TransportFailure(AttemptOutcome.NOT_FOUND, t.getMessage());
    }
    if (t instanceof HttpTransport.BodyTooLargeException) {
      return new TransportFailure(AttemptOutcome.NOT_FOUND, t.getMessage());
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof UnknownHostException || c instanceof UnresolvedAddressException) {
        return new TransportFailure(AttemptOutcome.DNS_FAILURE, "host name does not resolve");
      }
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SSLException) {
        return new TransportFailure(AttemptOutcome.TLS_FAILURE, tlsDetail(t));
      }
    }
    String message = String.valueOf(t.getMessage());
    if (message.contains("Unable to tunnel through proxy") || message.contains("Tunnel failed")) {
      return new TransportFailure(AttemptOutcome.CONNECT_FAILURE, "the proxy could not reach the host (" + message + ")");
    }
    if (t instanceof ConnectException) {
      return new TransportFailure(AttemptOutcome.CONNECT_FAILURE, "connection refused or unreachable (" + describe(t) + ")");
    }
    return new TransportFailure(AttemptOutcome.CONNECT_FAILURE, describe(t));
  }

  private static String tlsDetail(Throwable t) {
    // Checked first: the JDK wraps these in a generic "PKIX path validation failed: validity check failed".
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof CertificateExpiredException) {
        return "certificate expired: the server's certificate is past its validity period (" + c.getMessage() + ")";
      }
      if (c instanceof CertificateNotYetValidException) {
        return "certificate not yet valid: the server's certificate is not valid until a later date ("
            + c.getMessage() + ")";
      }
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
      if (c instanceof CertPathBuilderException || m.contains("unable to find valid certification path")) {
        return "certificate chain not trusted: the server sent an incomplete chain (missing intermediate"
            + " certificate) or its CA is not trusted";
      }
      if (m.contains("no subject alternative") || m.contains("no name matching")) {
        return "certificate name mismatch: the certificate does not list this host name";
      }
      if (c instanceof CertificateException) {
        return "certificate rejected: " + c.getMessage();
      }
    }
    return "TLS handshake failed: " + describe(t);
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
  }

  /** Strips {@link CompletionException} and {@link ExecutionException} wrappers. */
  public static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }
}
