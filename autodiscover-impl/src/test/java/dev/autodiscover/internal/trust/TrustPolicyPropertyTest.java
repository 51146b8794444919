package dev.autodiscover.internal.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InternetDomainName;
import dev.autodiscover.AutodiscoverClient;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.RedirectProposal;
import dev.autodiscover.internal.env.CallEnv;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The trust decision never approves a host outside the user's registrable domain, the trusted list, and the
 * hosts approved in the run (by the validator, or earlier), whatever the URL looks like (protocol.md §7.5,
 * §10.3).
 */
class TrustPolicyPropertyTest {
  private static final String PRIVATE_DOMAIN = "corp.local";
  private static final AutodiscoverClient CLIENT = AutodiscoverClient.builder()
      .trustRedirectHosts("mx.partner.com").privateDomains(PRIVATE_DOMAIN).build();
  private static final CallEnv ENV = CallEnv.of(CLIENT, List.of());
  private static final EmailAddress JAN = EmailAddress.parse("jan@contoso.com");

  @AfterContainer
  static void close() {
    CLIENT.close();
  }

  @Property
  void credentials_goOnlyToTheUsersDomainTrustedOrApprovedHosts(@ForAll("urls") URI url,
      @ForAll("hostSets") Set<String> approved, @ForAll("userDomains") Set<String> userDomains) {
    TrustPolicy policy = new TrustPolicy(ENV);
    Set<String> before = Set.copyOf(approved);

    TrustPolicy.Decision decision = policy.credentials(url, approved, userDomains);

    if (decision.allowed()) {
      assertThat(url.getScheme()).isEqualToIgnoringCase("https");
      assertThat(legitimate(host(url), before, userDomains)).as("%s: %s", url, decision.reason()).isTrue();
    }
    assertThat(approved).isEqualTo(before);
  }

  @Property
  void redirect_approvesOnlyTheUsersDomainTrustedApprovedOrValidatedHosts(@ForAll("urls") URI target,
      @ForAll("hostSets") Set<String> approved, @ForAll("userDomains") Set<String> userDomains,
      @ForAll boolean validatorSaysYes, @ForAll boolean v2) {
    List<URI> asked = new ArrayList<>();
    TrustPolicy policy = new TrustPolicy(ENV, p -> {
      asked.add(p.target());
      return validatorSaysYes;
    });
    Set<String> before = Set.copyOf(approved);
    RedirectProposal proposal = new RedirectProposal(JAN, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, null, target);

    TrustPolicy.Decision decision = v2
        ? policy.redirectV2(proposal, approved, userDomains)
        : policy.redirect(proposal, approved, userDomains);

    if (decision.allowed()) {
      assertThat(target.getScheme()).isEqualToIgnoringCase("https");
      assertThat(target.getRawUserInfo()).isNull();
      boolean validated = validatorSaysYes && asked.equals(List.of(target));
      assertThat(validated || legitimate(host(target), before, userDomains))
          .as("%s: %s", target, decision.reason()).isTrue();
    }
    // The run remembers exactly the host the validator approved, nothing else.
    Set<String> added = new HashSet<>(approved);
    added.removeAll(before);
    assertThat(added).isEqualTo(decision.allowed() && !asked.isEmpty() ? Set.of(host(target)) : Set.of());
  }

  @Property
  void preAuthentication_onlyForTrustedHostsOrHostsThatAcceptedTheCredentials(@ForAll("urls") URI url,
      @ForAll("hostSets") Set<String> credentialHosts) {
    TrustPolicy.Decision decision = new TrustPolicy(ENV).preAuthentication(url, credentialHosts);
    if (decision.allowed()) {
      assertThat(url.getScheme()).isEqualToIgnoringCase("https");
      assertThat(CLIENT.trustedRedirectHosts().contains(host(url)) || credentialHosts.contains(host(url)))
          .as("%s: %s", url, decision.reason()).isTrue();
    }
  }

  /** The oracle: trusted, approved, or equal to or under the registrable domain of one of the user's domains. */
  private static boolean legitimate(String host, Set<String> approved, Set<String> userDomains) {
    if (CLIENT.trustedRedirectHosts().contains(host) || approved.contains(host)) {
      return true;
    }
    for (String domain : userDomains) {
      Optional<String> registrable = registrable(domain);
      if (registrable.isPresent() && (host.equals(registrable.get()) || host.endsWith("." + registrable.get()))) {
        return true;
      }
    }
    return false;
  }

  private static Optional<String> registrable(String domain) {
    if (domain.equals(PRIVATE_DOMAIN) || domain.endsWith("." + PRIVATE_DOMAIN)) {
      return Optional.of(PRIVATE_DOMAIN);
    }
    if (!InternetDomainName.isValid(domain)) {
      return Optional.empty();
    }
    InternetDomainName name = InternetDomainName.from(domain);
    return name.isUnderPublicSuffix() ? Optional.of(name.topPrivateDomain().toString()) : Optional.empty();
  }

  private static String host(URI uri) {
    return uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
  }

  @Provide
  Arbitrary<String> hosts() {
    Arbitrary<String> label = Arbitraries.of("contoso", "fabrikam", "evil", "mail", "autodiscover", "co", "uk",
        "com", "github", "io", "corp", "local", "outlook", "office365", "xn--bcher-kva", "partner", "mx", "CONTOSO",
        "contoso-com", "1", "");
    Arbitrary<String> built = label.list().ofMinSize(1).ofMaxSize(5).map(l -> String.join(".", l));
    return Arbitraries.oneOf(built, built.map(h -> h + "."), Arbitraries.of("127.0.0.1", "[::1]",
        "contoso.com", "mx.partner.com", "autodiscover-s.outlook.com", "a.corp.local", "corplocal", "xcorp.local",
        "evilcontoso.com", "contoso.com.evil.com", "contoso.co.uk", "evil.co.uk", "fabrikam.github.io",
        "evil.github.io", "autodiscover.com", "autodiscover.co.uk"));
  }

  @Provide
  Arbitrary<URI> urls() {
    Arbitrary<String> scheme = Arbitraries.of("https", "HTTPS", "http", "ftp", "");
    Arbitrary<String> userInfo = Arbitraries.of("", "", "", "contoso.com@", "jan:pw@");
    Arbitrary<String> port = Arbitraries.of("", "", ":443", ":8443", ":0");
    Arbitrary<String> path = Arbitraries.of("/autodiscover/autodiscover.xml", "/autodiscover/autodiscover.svc",
        "/AutoDiscover/AutoDiscover.XML", "/autodiscover/autodiscover.json/v1.0/jan@contoso.com", "/x", "",
        "/a/../autodiscover/autodiscover.xml", "/autodiscover/autodiscover.xml?x=@evil.com#@evil.com");
    return Combinators.combine(scheme, userInfo, hosts(), port, path)
        .as((s, u, h, p, x) -> (s.isEmpty() ? "//" : s + "://") + u + h + p + x)
        .filter(text -> uri(text).isPresent()).map(text -> uri(text).orElseThrow());
  }

  private static Optional<URI> uri(String text) {
    try {
      return Optional.of(new URI(text));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  @Provide
  Arbitrary<Set<String>> hostSets() {
    return hosts().map(h -> h.toLowerCase(Locale.ROOT)).set().ofMaxSize(3).map(HashSet::new);
  }

  @Provide
  Arbitrary<Set<String>> userDomains() {
    return Arbitraries.of("contoso.com", "sub.contoso.com", "contoso.co.uk", "corp.local", "a.corp.local",
        "fabrikam.github.io", "co.uk", "com", "local", "github.io").set().ofMinSize(1).ofMaxSize(3);
  }
}
