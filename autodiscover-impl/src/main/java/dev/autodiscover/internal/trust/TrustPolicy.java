package dev.autodiscover.internal.trust;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import com.google.common.net.InternetDomainName;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.InvalidEmailAddressException;
import dev.autodiscover.RedirectProposal;
import dev.autodiscover.RedirectValidator;

/**
 * The rules of protocol.md §7.5 and §10.3: which hosts may be contacted, which redirects may be followed,
 * and where credentials may go. Uses the Public Suffix List (ICANN and private sections) bundled with
 * Guava. Thread-safe.
 */
public final class TrustPolicy {
  private static final String AUTODISCOVER_PATH = "/autodiscover/autodiscover.xml";
  private static final String AUTODISCOVER_SOAP_PATH = "/autodiscover/autodiscover.svc";
  private static final String AUTODISCOVER_V2_PATH = "/autodiscover/autodiscover.json";

  private final Set<String> trustedHosts;
  private final RedirectValidator validator;

  /** The policy for one request's trust list and validator. */
  public TrustPolicy(AutodiscoverRequest request) {
    this(request, request.redirectValidator());
  }

  /**
   * The policy for one request's trust list with another validator (for example one that remembers the
   * caller's answers for the run).
   *
   * @param request supplies the trusted host list
   * @param validator asked about redirects no other rule decides
   */
  public TrustPolicy(AutodiscoverRequest request, RedirectValidator validator) {
    this.trustedHosts = request.trustedRedirectHosts();
    this.validator = validator;
  }

  /** A decision with the reason that goes into the trace. */
  public record Decision(boolean allowed, String reason) {
    static Decision allow(String reason) {
      return new Decision(true, reason);
    }

    static Decision refuse(String reason) {
      return new Decision(false, reason);
    }
  }

  /**
   * Refuses discovery for a domain that is a public suffix or not under one (rule 2).
   *
   * @throws InvalidEmailAddressException naming the problem
   */
  public static void checkDiscoverable(EmailAddress address) {
    String domain = address.domain();
    if (!InternetDomainName.isValid(domain)) {
      throw new InvalidEmailAddressException("Invalid email address '" + address + "': the domain is not a valid DNS name.");
    }
    InternetDomainName name = InternetDomainName.from(domain);
    if (name.isPublicSuffix()) {
      throw new InvalidEmailAddressException("Autodiscover refuses to run for '" + address + "': its domain '" + domain
          + "' is a public suffix, so no organisation owns it (protocol.md §10.3). Use the mailbox's own domain.");
    }
    if (!name.isUnderPublicSuffix()) {
      throw new InvalidEmailAddressException("Autodiscover refuses to run for '" + address + "': the domain '" + domain
          + "' is not under a known public suffix, so its owner cannot be established (protocol.md §10.3).");
    }
  }

  /** Why a host may not be contacted at all, or empty when it may (rule 2: public suffix checks). */
  public static Optional<String> hostProblem(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (!InternetDomainName.isValid(h)) {
      return Optional.of("'" + host + "' is not a valid DNS host name");
    }
    InternetDomainName name = InternetDomainName.from(h);
    if (name.isPublicSuffix()) {
      return Optional.of("'" + host + "' is a public suffix");
    }
    if (!name.isUnderPublicSuffix()) {
      return Optional.of("'" + host + "' is not under a known public suffix");
    }
    if (name.parts().get(0).equals("autodiscover") && name.hasParent() && name.parent().isPublicSuffix()) {
      return Optional.of("'" + host + "' is autodiscover.<public suffix>, which nobody's organisation owns");
    }
    return Optional.empty();
  }

  /** The registrable domain (public suffix plus one label) of a host that passed {@link #hostProblem}. */
  public static String registrableDomain(String host) {
    return InternetDomainName.from(host.toLowerCase(Locale.ROOT)).topPrivateDomain().toString();
  }

  /** Whether two hosts share a registrable domain. */
  public static boolean sameRegistrableDomain(String host, String domain) {
    return hostProblem(host).isEmpty() && hostProblem(domain).isEmpty()
        && registrableDomain(host).equals(registrableDomain(domain));
  }

  /**
   * Decides a redirect target (HTTP 3xx, {@code redirectUrl}, or the HTTP probe's {@code Location}):
   * https only, Autodiscover path, public-suffix checks, then same registrable domain as the user, the
   * trusted host list, hosts approved earlier in this run, or the caller's validator (default: refuse). A
   * host the validator approves is added to {@code approvedHosts}, so the run does not ask again and may
   * send credentials there.
   */
  public Decision redirect(RedirectProposal proposal, Set<String> approvedHosts, Set<String> userDomains) {
    return redirect(proposal, approvedHosts, userDomains, false);
  }

  /**
   * Like {@link #redirect(RedirectProposal, Set, Set)} for an Autodiscover v2 redirect, whose target path is
   * {@code /autodiscover/autodiscover.json...} instead of the POX path.
   */
  public Decision redirectV2(RedirectProposal proposal, Set<String> approvedHosts, Set<String> userDomains) {
    return redirect(proposal, approvedHosts, userDomains, true);
  }

  private Decision redirect(RedirectProposal proposal, Set<String> approvedHosts, Set<String> userDomains,
      boolean v2) {
    URI target = proposal.target();
    if (!"https".equalsIgnoreCase(target.getScheme())) {
      return Decision.refuse("target is not https");
    }
    String host = target.getHost();
    if (host == null || target.getRawUserInfo() != null) {
      return Decision.refuse("target has no host or carries user information");
    }
    String path = target.getPath() == null ? "" : target.getPath().toLowerCase(Locale.ROOT);
    if (v2 ? !path.startsWith(AUTODISCOVER_V2_PATH) : !isPostPath(path)) {
      return Decision.refuse("path '" + target.getPath() + "' is not "
          + (v2 ? AUTODISCOVER_V2_PATH + "..." : AUTODISCOVER_PATH + " or " + AUTODISCOVER_SOAP_PATH));
    }
    Optional<String> problem = hostProblem(host);
    if (problem.isPresent()) {
      return Decision.refuse(problem.get());
    }
    String h = host.toLowerCase(Locale.ROOT);
    for (String domain : userDomains) {
      if (sameRegistrableDomain(h, domain)) {
        return Decision.allow("host in the user's registrable domain " + registrableDomain(domain));
      }
    }
    if (trustedHosts.contains(h)) {
      return Decision.allow("host in the trusted redirect host list");
    }
    if (approvedHosts.contains(h)) {
      return Decision.allow("host approved earlier in this run");
    }
    boolean approved;
    try {
      approved = validator.approve(proposal);
    } catch (RuntimeException e) {
      return Decision.refuse("the redirect validator threw " + e.getClass().getSimpleName());
    }
    if (approved) {
      approvedHosts.add(h);
      return Decision.allow("approved by the redirect validator");
    }
    return Decision.refuse(
        "host " + h + " is outside the user's domain and not trusted (add it with trustRedirectHosts or a RedirectValidator)");
  }

  /**
   * Decides an endpoint named by a source the caller controls or Outlook trusts as it does the directory: an
   * Active Directory SCP object or the caller's local XML file. The URL must still be https with the
   * Autodiscover path and pass the public-suffix checks; then its host is added to {@code approvedHosts}
   * (as if the caller had approved it), so credentials may go there.
   */
  public Decision configuredEndpoint(URI target, String source, Set<String> approvedHosts) {
    if (!"https".equalsIgnoreCase(target.getScheme())) {
      return Decision.refuse("endpoint from " + source + " is not https");
    }
    String host = target.getHost();
    if (host == null || target.getRawUserInfo() != null) {
      return Decision.refuse("endpoint from " + source + " has no host or carries user information");
    }
    String path = target.getPath() == null ? "" : target.getPath().toLowerCase(Locale.ROOT);
    if (!isPostPath(path)) {
      return Decision.refuse("path '" + target.getPath() + "' is not " + AUTODISCOVER_PATH + " or "
          + AUTODISCOVER_SOAP_PATH);
    }
    Optional<String> problem = hostProblem(host);
    if (problem.isPresent()) {
      return Decision.refuse(problem.get());
    }
    approvedHosts.add(host.toLowerCase(Locale.ROOT));
    return Decision.allow("named by " + source);
  }

  /**
   * Whether credentials may be sent to a URL (rules 3 and 6, §7.5): https, a host that passes the
   * public-suffix checks, and in the user's registrable domain, the trusted list, or approved in this run.
   */
  public Decision credentials(URI url, Set<String> approvedHosts, Set<String> userDomains) {
    if (!"https".equalsIgnoreCase(url.getScheme())) {
      return Decision.refuse("credentials are only sent over https");
    }
    String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
    Optional<String> problem = hostProblem(host);
    if (problem.isPresent()) {
      return Decision.refuse(problem.get());
    }
    for (String domain : userDomains) {
      if (sameRegistrableDomain(host, domain)) {
        return Decision.allow("host in the user's registrable domain");
      }
    }
    if (trustedHosts.contains(host)) {
      return Decision.allow("host in the trusted redirect host list");
    }
    if (approvedHosts.contains(host)) {
      return Decision.allow("host approved by the redirect validator in this run");
    }
    return Decision.refuse("host " + host + " is not trusted for credentials");
  }

  /**
   * Whether credentials may be sent with the first request to a URL, before any challenge (pre-authentication,
   * §7.5): only over https, and only to a host in the trusted list or one that accepted the credentials
   * earlier in this run.
   *
   * @param url the URL about to be asked
   * @param credentialHosts hosts that accepted the credentials in this run (lower case)
   * @return the decision
   */
  public Decision preAuthentication(URI url, Set<String> credentialHosts) {
    if (!"https".equalsIgnoreCase(url.getScheme())) {
      return Decision.refuse("credentials are only sent over https");
    }
    String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
    if (trustedHosts.contains(host)) {
      return Decision.allow("host in the trusted redirect host list");
    }
    if (credentialHosts.contains(host)) {
      return Decision.allow("host accepted the credentials earlier in this run");
    }
    return Decision.refuse("host " + host + " has not been trusted for credentials before a challenge");
  }

  /** The POX or the SOAP Autodiscover path (lower case). */
  private static boolean isPostPath(String lowerCasePath) {
    return lowerCasePath.endsWith(AUTODISCOVER_PATH) || lowerCasePath.endsWith(AUTODISCOVER_SOAP_PATH);
  }
}
