package dev.autodiscover.internal.trust;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import com.google.common.net.InternetDomainName;
import dev.autodiscover.internal.env.CallEnv;
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
  private final Set<String> privateDomains;
  private final RedirectValidator validator;

  /**
   * The policy of one call's environment: its trust list, private domains and validator.
   *
   * @param env the environment
   */
  public TrustPolicy(CallEnv env) {
    this(env, env.validator());
  }

  /**
   * The policy of one call's environment with another validator (for example one that remembers the caller's
   * answers for the run).
   *
   * @param env supplies the trusted host list and private domains
   * @param validator asked about redirects no other rule decides
   */
  public TrustPolicy(CallEnv env, RedirectValidator validator) {
    this.trustedHosts = env.trustedHosts();
    this.privateDomains = env.privateDomains();
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
   * Refuses discovery for a domain that is a public suffix, or outside the public suffix list and not one of
   * the client's private domains (rule 2).
   *
   * @param address the address
   * @throws InvalidEmailAddressException naming the problem and what to do
   */
  public void checkDiscoverable(EmailAddress address) {
    String domain = address.domain();
    if (!InternetDomainName.isValid(domain)) {
      throw new InvalidEmailAddressException("Invalid email address '" + address + "': the domain is not a valid DNS name.");
    }
    if (privateDomainOf(domain).isPresent()) {
      return;
    }
    InternetDomainName name = InternetDomainName.from(domain);
    if (name.isPublicSuffix()) {
      throw new InvalidEmailAddressException("Autodiscover refuses to run for '" + address + "': its domain '" + domain
          + "' is a public suffix, so no organisation owns it (protocol.md §10.3). Use the mailbox's own domain.");
    }
    if (!name.isUnderPublicSuffix()) {
      throw new InvalidEmailAddressException("Autodiscover refuses to run for '" + address + "': the domain '" + domain
          + "' is not under a known public suffix, so its owner cannot be established (protocol.md §10.3). If it is "
          + "your organisation's private domain, name it with AutodiscoverClient.Builder.privateDomains(\""
          + privateSuggestion(domain) + "\").");
    }
  }

  /** The shortest parent of a name outside the public suffix list with two labels, as a suggestion. */
  private static String privateSuggestion(String domain) {
    String[] labels = domain.split("\\.");
    return labels.length <= 2 ? domain : labels[labels.length - 2] + "." + labels[labels.length - 1];
  }

  /** The private domain (named by the caller) that a host is in or equals, if any. */
  private Optional<String> privateDomainOf(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    for (String d : privateDomains) {
      if (h.equals(d) || h.endsWith("." + d)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /**
   * Why a host may not be contacted at all, or empty when it may (rule 2: public suffix checks; hosts in a
   * private domain the caller named pass).
   *
   * @param host the host
   * @return the problem, or empty
   */
  public Optional<String> hostProblem(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (!InternetDomainName.isValid(h)) {
      return Optional.of("'" + host + "' is not a valid DNS host name");
    }
    if (privateDomainOf(h).isPresent()) {
      return Optional.empty();
    }
    InternetDomainName name = InternetDomainName.from(h);
    if (name.isPublicSuffix()) {
      return Optional.of("'" + host + "' is a public suffix");
    }
    if (!name.isUnderPublicSuffix()) {
      return Optional.of("'" + host + "' is not under a known public suffix (a private domain must be named with "
          + "privateDomains)");
    }
    if (name.parts().get(0).equals("autodiscover") && name.hasParent() && name.parent().isPublicSuffix()) {
      return Optional.of("'" + host + "' is autodiscover.<public suffix>, which nobody's organisation owns");
    }
    return Optional.empty();
  }

  /**
   * The registrable domain of a host that passed {@link #hostProblem}: the caller's private domain it is in, else
   * public suffix plus one label.
   *
   * @param host the host
   * @return the registrable domain
   */
  public String registrableDomain(String host) {
    Optional<String> own = privateDomainOf(host);
    return own.isPresent() ? own.get() : InternetDomainName.from(host.toLowerCase(Locale.ROOT)).topPrivateDomain().toString();
  }

  /**
   * Whether two hosts share a registrable domain.
   *
   * @param host one host
   * @param domain the other
   * @return true if both pass {@link #hostProblem} and have the same registrable domain
   */
  public boolean sameRegistrableDomain(String host, String domain) {
    return hostProblem(host).isEmpty() && hostProblem(domain).isEmpty()
        && registrableDomain(host).equals(registrableDomain(domain));
  }

  /**
   * Whether a name is a public suffix (for the API's checks of trust lists and private domains).
   *
   * @param domain lower-case ASCII name
   * @return true if a public suffix
   */
  public static boolean isPublicSuffix(String domain) {
    return InternetDomainName.isValid(domain) && InternetDomainName.from(domain).isPublicSuffix();
  }

  /**
   * The registrable domain of a host under the public suffix list.
   *
   * @param host lower-case ASCII host
   * @return the registrable domain, or empty when the host is a public suffix or not under one
   */
  public static Optional<String> publicRegistrableDomain(String host) {
    if (!InternetDomainName.isValid(host)) {
      return Optional.empty();
    }
    InternetDomainName name = InternetDomainName.from(host);
    return name.isUnderPublicSuffix() ? Optional.of(name.topPrivateDomain().toString()) : Optional.empty();
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
        return Decision.allow("host in the registrable domain " + registrableDomain(domain)
            + " of an address this run discovers");
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
    return credentials(url, approvedHosts, userDomains, null);
  }

  /**
   * Like {@link #credentials(URI, Set, Set)}; a host none of those rules admits is put to the validator when
   * {@code proposal} is given (a host that an address redirect led to): an approval adds it to
   * {@code approvedHosts}.
   *
   * @param url the URL that challenged
   * @param approvedHosts hosts approved in this run (mutable)
   * @param userDomains the domains of the caller's own addresses
   * @param proposal what to ask the validator, or null to ask nobody
   * @return the decision
   */
  public Decision credentials(URI url, Set<String> approvedHosts, Set<String> userDomains,
      @org.jspecify.annotations.Nullable RedirectProposal proposal) {
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
    if (proposal == null) {
      return Decision.refuse("host " + host + " is not trusted for credentials");
    }
    String why = "host " + host + " was reached by an address redirect to " + proposal.address()
        + ", outside the user's registrable domain";
    boolean approved;
    try {
      approved = validator.approve(proposal);
    } catch (RuntimeException e) {
      return Decision.refuse(why + "; the redirect validator threw " + e.getClass().getSimpleName());
    }
    if (approved) {
      approvedHosts.add(host);
      return Decision.allow(why + "; approved by the redirect validator");
    }
    return Decision.refuse(why + ", and is not trusted for credentials (add it with trustRedirectHosts or a"
        + " RedirectValidator)");
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
