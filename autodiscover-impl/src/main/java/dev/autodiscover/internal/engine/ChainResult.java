package dev.autodiscover.internal.engine;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.MailboxSettings;
import dev.autodiscover.internal.pox.PoxResponse;

/**
 * What one method's chain of attempts came to. Terminal results end the round (the first terminal result
 * in priority order wins); a {@link Failed} lets the next method decide.
 */
public sealed interface ChainResult {
  /** Whether this result ends the round. */
  boolean terminal();

  /**
   * Settings were found; {@code userSettings} is the SOAP answer's own, null for other protocols.
   * {@code viaUserRedirect} says the chain reached {@code endpoint} through a POX or SOAP {@code redirectUrl}:
   * a server sent this one user there, so the endpoint is the user's, not the domain's.
   */
  record Settings(MailboxSettings settings, dev.autodiscover.@org.jspecify.annotations.Nullable UserSettings userSettings,
      URI endpoint, DiscoveryMethod method, dev.autodiscover.AutodiscoverProtocol protocol, boolean viaUserRedirect)
      implements ChainResult {
    /** Settings reached without a per-user redirect. */
    public Settings(MailboxSettings settings, dev.autodiscover.@org.jspecify.annotations.Nullable UserSettings userSettings,
        URI endpoint, DiscoveryMethod method, dev.autodiscover.AutodiscoverProtocol protocol) {
      this(settings, userSettings, endpoint, method, protocol, false);
    }

    /** A POX answer. */
    public Settings(MailboxSettings settings, URI endpoint, DiscoveryMethod method) {
      this(settings, null, endpoint, method, dev.autodiscover.AutodiscoverProtocol.POX);
    }

    /** The same settings, marked as reached through a per-user {@code redirectUrl}. */
    Settings markedViaUserRedirect() {
      return new Settings(settings, userSettings, endpoint, method, protocol, true);
    }

    @Override
    public boolean terminal() {
      return true;
    }
  }

  /** The server said the mailbox is known under another address; discovery restarts for it. */
  record RedirectAddress(EmailAddress target, URI from, int hopsUsed, DiscoveryMethod method) implements ChainResult {
    @Override
    public boolean terminal() {
      return true;
    }
  }

  /** The server answered with an Autodiscover error; {@code soapErrorCode} names it for a SOAP answer. */
  record ErrorResponse(PoxResponse.Error error, URI endpoint, @org.jspecify.annotations.Nullable String soapErrorCode)
      implements ChainResult {
    /** A POX error answer. */
    public ErrorResponse(PoxResponse.Error error, URI endpoint) {
      this(error, endpoint, null);
    }

    @Override
    public boolean terminal() {
      return true;
    }
  }

  /** A fresh negative cache entry says discovery for this address recently found nothing. */
  record CachedFailure(String summary) implements ChainResult {
    @Override
    public boolean terminal() {
      return true;
    }
  }

  /** The redirect budget ran out. */
  record RedirectLimit(List<String> chain) implements ChainResult {
    @Override
    public boolean terminal() {
      return true;
    }
  }

  /** Nothing usable came of this method. */
  record Failed(Kind kind, List<String> authSchemes, String summary,
      @org.jspecify.annotations.Nullable URI authorizationUri) implements ChainResult {
    /** A failure without a Bearer challenge's authorization URI. */
    public Failed(Kind kind, List<String> authSchemes, String summary) {
      this(kind, authSchemes, summary, null);
    }

    /** Why the chain failed, as far as the caller's next step is concerned. */
    public enum Kind {
      NOT_FOUND,
      AUTH_REQUIRED,
      AUTH_FAILED,
      LOOP,
      CANCELLED
    }

    @Override
    public boolean terminal() {
      return false;
    }

    static Failed of(Kind kind, String summary) {
      return new Failed(kind, List.of(), summary);
    }

    /** A method found nothing usable; the next method decides. */
    public static CompletableFuture<ChainResult> notFound(String summary) {
      return CompletableFuture.completedFuture(of(Kind.NOT_FOUND, summary));
    }
  }
}
