package dev.autodiscover.internal.pipeline;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import dev.autodiscover.internal.env.AddressChange;
import dev.autodiscover.internal.env.CallEnv;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.RedirectProposal;
import dev.autodiscover.RedirectValidator;
import dev.autodiscover.internal.trust.TrustPolicy;
import org.jspecify.annotations.Nullable;

/**
 * Decides every redirect of one run, whichever driver runs it (single discovery, batch, domain settings):
 * the redirect budget, loops (one {@linkplain #key loop key}), the trust policy, and the caller's
 * {@link RedirectValidator}, whose answers are remembered for the run: a host is put to the validator at most
 * once per run, approvals and refusals alike. Every decision is reported to the run's listener as a
 * {@code redirect} event. Also holds the run's hosts: approved for credentials, that accepted credentials,
 * the users' domains, and the domains an address redirect ({@code redirectAddr}, SOAP {@code RedirectAddress})
 * led to outside them: discovery runs there anonymously, and credentials go to such a host only after the same
 * trust decision as a redirect (trusted list, or the validator). Thread-safe.
 */
public final class RedirectGuard {
  private final TrustPolicy trust;
  private final TraceRecorder recorder;
  private final Set<String> approvedHosts = ConcurrentHashMap.newKeySet();
  private final Set<String> credentialHosts = ConcurrentHashMap.newKeySet();
  private final Set<String> userDomains = ConcurrentHashMap.newKeySet();
  private final Map<String, AddressChange> changedDomains = new ConcurrentHashMap<>();
  private final RedirectValidator memo;

  /**
   * Creates the guard of one run.
   *
   * @param env supplies the trusted hosts, private domains and the caller's validator
   * @param recorder receives the redirect events
   */
  public RedirectGuard(CallEnv env, TraceRecorder recorder) {
    this.memo = new Memo(env.validator());
    this.trust = new TrustPolicy(env, memo);
    this.recorder = recorder;
  }

  /** What to do with a redirect. */
  public sealed interface Verdict {
    /** Why a redirect is stopped. */
    enum Stop {
      /** The target is no URL. */
      MALFORMED,
      /** The redirect budget is spent. */
      LIMIT,
      /** The target was already asked in this chain. */
      LOOP,
      /** The trust policy refused it (or the target is no Autodiscover URL). */
      REFUSED
    }

    /**
     * Follow the redirect.
     *
     * @param target the resolved target
     */
    record Follow(URI target) implements Verdict {}

    /**
     * Do not follow it.
     *
     * @param stop why
     * @param target the resolved target, or null when it could not be resolved
     * @param reason the reason for the trace
     */
    record Stopped(Stop stop, @Nullable URI target, String reason) implements Verdict {}
  }

  /** The kind of request a redirect leads to, which decides the path rule. */
  public enum Link {
    /** A POX or SOAP POST. */
    POST,
    /** An Autodiscover v2 GET. */
    V2
  }

  /**
   * Decides a redirect in the order budget, loop, trust, and reports it as a {@code redirect} event.
   *
   * @param method the method the redirect arose in
   * @param address the user the redirect concerns
   * @param from the URL that redirected
   * @param rawTarget the target as sent; see {@link #resolve}
   * @param target the resolved target (possibly mapped to the URL that will be asked), or null when it could
   *     not be resolved or mapped; {@code notMapped} then says why
   * @param notMapped the reason used when {@code target} is null
   * @param hopsUsed redirects already followed in this chain
   * @param budget redirects this chain may follow in all
   * @param maxRedirects the request's limit, for the message
   * @param visited the URLs of this chain so far, {@code from} included
   * @param link what the target will be asked with
   * @return the verdict
   */
  public Verdict check(DiscoveryMethod method, EmailAddress address, URI from, String rawTarget,
      @Nullable URI target, String notMapped, int hopsUsed, int budget, int maxRedirects,
      Collection<String> visited, Link link) {
    Verdict verdict = decide(address, method, from, target, notMapped, hopsUsed, budget, maxRedirects, visited, link);
    String to = target == null ? rawTarget : target.toString();
    if (verdict instanceof Verdict.Stopped s) {
      recorder.redirect(method, from.toString(), to, false, s.reason());
    }
    return verdict;
  }

  private Verdict decide(EmailAddress address, DiscoveryMethod method, URI from, @Nullable URI target,
      String notMapped, int hopsUsed, int budget, int maxRedirects, Collection<String> visited, Link link) {
    if (target == null) {
      return new Verdict.Stopped(Verdict.Stop.MALFORMED, null, notMapped);
    }
    if (hopsUsed + 1 > budget) {
      return new Verdict.Stopped(Verdict.Stop.LIMIT, target, "redirect limit of " + maxRedirects + " reached");
    }
    String key = key(target.toString());
    if (visited.stream().anyMatch(v -> key(v).equals(key))) {
      return new Verdict.Stopped(Verdict.Stop.LOOP, target,
          "redirect loop: " + target + " was already tried in this chain");
    }
    RedirectProposal proposal = new RedirectProposal(address, method, from, target);
    TrustPolicy.Decision decision = link == Link.V2
        ? trust.redirectV2(proposal, approvedHosts, discoveryDomains())
        : trust.redirect(proposal, approvedHosts, discoveryDomains());
    if (!decision.allowed()) {
      return new Verdict.Stopped(Verdict.Stop.REFUSED, target, decision.reason());
    }
    recorder.redirect(method, from.toString(), target.toString(), true, decision.reason());
    return new Verdict.Follow(target);
  }

  /**
   * Resolves a redirect target against the URL that sent it.
   *
   * @param from the URL that redirected
   * @param rawTarget a {@code Location} header or {@code RedirectUrl} value
   * @return the absolute target, or null when it is no URI
   */
  public static @Nullable URI resolve(URI from, String rawTarget) {
    try {
      return from.resolve(new URI(rawTarget.strip()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The one loop and duplicate key of every run: scheme and host lower case, the port with the scheme's
   * default made explicit, and the path lower case (IIS paths are case-insensitive); no query.
   *
   * @param uri a URL
   * @return the key; the lower-cased input when it is no URI
   */
  public static String key(String uri) {
    try {
      URI u = new URI(uri);
      String scheme = String.valueOf(u.getScheme()).toLowerCase(Locale.ROOT);
      int port = u.getPort() != -1 ? u.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
      return scheme + "://" + String.valueOf(u.getHost()).toLowerCase(Locale.ROOT) + ":" + port
          + String.valueOf(u.getPath()).toLowerCase(Locale.ROOT);
    } catch (URISyntaxException e) {
      return uri.toLowerCase(Locale.ROOT);
    }
  }

  /** The run's trust policy; its validator is this guard's memoising one. */
  public TrustPolicy trust() {
    return trust;
  }

  /**
   * A validator that answers from this run's memory and asks the caller's validator only about hosts not yet
   * put to it; handed to sub-runs (a batch's or domain-settings run's discoveries) so the caller is asked
   * about a host once per run in all.
   */
  public RedirectValidator validator() {
    return memo;
  }

  /** Hosts approved for credentials in this run (lower case; mutable, thread-safe). */
  public Set<String> approvedHosts() {
    return approvedHosts;
  }

  /** Hosts that accepted the credentials in this run (lower case; mutable, thread-safe). */
  public Set<String> credentialHosts() {
    return credentialHosts;
  }

  /**
   * The domains of the caller's own addresses in this run, where credentials may go (mutable, thread-safe).
   * An address redirect adds its target's domain here only when it shares a registrable domain with one of
   * these; see {@link #addressChanged}.
   */
  public Set<String> userDomains() {
    return userDomains;
  }

  /**
   * The domains discovery runs for: the {@linkplain #userDomains users' domains} and those reached by an
   * address redirect. Hosts there may be contacted and redirects there followed, anonymously; credentials
   * are decided by {@link #credentials}.
   *
   * @return a snapshot (immutable)
   */
  public Set<String> discoveryDomains() {
    Set<String> all = new java.util.HashSet<>(userDomains);
    all.addAll(changedDomains.keySet());
    return Set.copyOf(all);
  }

  /**
   * Notes an address redirect before discovery goes on for the new address: a target in one of the users'
   * registrable domains becomes a user domain; any other domain is only discovered in, and credentials go to
   * its hosts only after {@link #credentials} approves them.
   *
   * @param change the redirect
   * @return the reason for the trace: whether credentials may follow
   */
  public String addressChanged(AddressChange change) {
    String domain = change.to().domain();
    for (String own : userDomains) {
      if (trust.sameRegistrableDomain(domain, own)) {
        userDomains.add(domain);
        return "restart discovery for the new address";
      }
    }
    changedDomains.putIfAbsent(domain, change);
    return "restart discovery for the new address; " + domain + " is outside the user's registrable domain, so"
        + " credentials go there only to trusted or approved hosts";
  }

  /**
   * Whether credentials may be sent to a URL after its challenge: {@link TrustPolicy#credentials}; for a host
   * in a domain an address redirect led to, the validator is asked as for a redirect (once per host and run;
   * an approval admits the host for the rest of the run).
   *
   * @param url the URL that challenged
   * @return the decision
   */
  public TrustPolicy.Decision credentials(URI url) {
    String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
    RedirectProposal proposal = null;
    for (Map.Entry<String, AddressChange> e : changedDomains.entrySet()) {
      if (trust.sameRegistrableDomain(host, e.getKey())) {
        AddressChange c = e.getValue();
        proposal = new RedirectProposal(c.to(), c.method(), c.fromUrl(), url);
        break;
      }
    }
    return trust.credentials(url, approvedHosts, userDomains, proposal);
  }

  /** The hosts the caller's validator approved so far in this run. */
  public Set<String> validatorApprovals() {
    return ((Memo) memo).approvals();
  }

  /** Remembers the caller's answer per target host; an exception is remembered and thrown again. */
  private static final class Memo implements RedirectValidator {
    private final RedirectValidator delegate;
    private final Map<String, Object> answers = new ConcurrentHashMap<>();

    Memo(RedirectValidator delegate) {
      this.delegate = delegate;
    }

    @Override
    public boolean approve(RedirectProposal proposal) {
      String host = String.valueOf(proposal.target().getHost()).toLowerCase(Locale.ROOT);
      Object answer = answers.computeIfAbsent(host, h -> {
        try {
          return delegate.approve(proposal);
        } catch (RuntimeException e) {
          return e;
        }
      });
      if (answer instanceof RuntimeException e) {
        throw e;
      }
      return (Boolean) answer;
    }

    Set<String> approvals() {
      return answers.entrySet().stream().filter(e -> Boolean.TRUE.equals(e.getValue())).map(Map.Entry::getKey)
          .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
  }
}
