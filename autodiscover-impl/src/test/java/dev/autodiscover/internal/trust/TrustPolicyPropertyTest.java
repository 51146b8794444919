package dev.autodiscover.internal.trust;

import static dev.autodiscover.internal.fuzz.Properties.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InternetDomainName;
import dev.autodiscover.AutodiscoverClient;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.RedirectProposal;
import dev.autodiscover.internal.env.CallEnv;
import dev.autodiscover.internal.fuzz.Gen;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

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

  @AfterAll
  static void close() {
    CLIENT.close();
  }

  @Test
  void credentials_goOnlyToTheUsersDomainTrustedOrApprovedHosts() {
    forAll("credentials_goOnlyToTheUsersDomainTrustedOrApprovedHosts",
        r -> new Credentials(url(r), hostSet(r), userDomains(r)), in -> {
          URI url = in.url();
          Set<String> userDomains = in.userDomains();
          Set<String> approved = new HashSet<>(in.approved());
          TrustPolicy policy = new TrustPolicy(ENV);
          Set<String> before = Set.copyOf(approved);

          TrustPolicy.Decision decision = policy.credentials(url, approved, userDomains);

          if (decision.allowed()) {
            assertThat(url.getScheme()).isEqualToIgnoringCase("https");
            assertThat(legitimate(host(url), before, userDomains)).as("%s: %s", url, decision.reason()).isTrue();
          }
          assertThat(approved).isEqualTo(before);
        });
  }

  @Test
  void redirect_approvesOnlyTheUsersDomainTrustedApprovedOrValidatedHosts() {
    forAll("redirect_approvesOnlyTheUsersDomainTrustedApprovedOrValidatedHosts",
        r -> new Redirect(url(r), hostSet(r), userDomains(r), r.nextBoolean(), r.nextBoolean()), in -> {
          URI target = in.target();
          Set<String> userDomains = in.userDomains();
          Set<String> approved = new HashSet<>(in.approved());
          List<URI> asked = new ArrayList<>();
          TrustPolicy policy = new TrustPolicy(ENV, p -> {
            asked.add(p.target());
            return in.validatorSaysYes();
          });
          Set<String> before = Set.copyOf(approved);
          RedirectProposal proposal =
              new RedirectProposal(JAN, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, null, target);

          TrustPolicy.Decision decision = in.v2()
              ? policy.redirectV2(proposal, approved, userDomains)
              : policy.redirect(proposal, approved, userDomains);

          if (decision.allowed()) {
            assertThat(target.getScheme()).isEqualToIgnoringCase("https");
            assertThat(target.getRawUserInfo()).isNull();
            boolean validated = in.validatorSaysYes() && asked.equals(List.of(target));
            assertThat(validated || legitimate(host(target), before, userDomains))
                .as("%s: %s", target, decision.reason()).isTrue();
          }
          // The run remembers exactly the host the validator approved, nothing else.
          Set<String> added = new HashSet<>(approved);
          added.removeAll(before);
          assertThat(added).isEqualTo(decision.allowed() && !asked.isEmpty() ? Set.of(host(target)) : Set.of());
        });
  }

  @Test
  void preAuthentication_onlyForTrustedHostsOrHostsThatAcceptedTheCredentials() {
    forAll("preAuthentication_onlyForTrustedHostsOrHostsThatAcceptedTheCredentials",
        r -> new PreAuthentication(url(r), hostSet(r)), in -> {
          URI url = in.url();
          Set<String> credentialHosts = new HashSet<>(in.credentialHosts());
          TrustPolicy.Decision decision = new TrustPolicy(ENV).preAuthentication(url, credentialHosts);
          if (decision.allowed()) {
            assertThat(url.getScheme()).isEqualToIgnoringCase("https");
            assertThat(CLIENT.trustedRedirectHosts().contains(host(url)) || credentialHosts.contains(host(url)))
                .as("%s: %s", url, decision.reason()).isTrue();
          }
        });
  }

  private record Credentials(URI url, Set<String> approved, Set<String> userDomains) {}

  private record Redirect(URI target, Set<String> approved, Set<String> userDomains, boolean validatorSaysYes,
      boolean v2) {}

  private record PreAuthentication(URI url, Set<String> credentialHosts) {}

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

  private static String hostName(Random r) {
    if (r.nextInt(3) == 2) {
      return Gen.pick(r, "127.0.0.1", "[::1]", "contoso.com", "mx.partner.com", "autodiscover-s.outlook.com",
          "a.corp.local", "corplocal", "xcorp.local", "evilcontoso.com", "contoso.com.evil.com", "contoso.co.uk",
          "evil.co.uk", "fabrikam.github.io", "evil.github.io", "autodiscover.com", "autodiscover.co.uk");
    }
    String built = String.join(".", Gen.list(r, 1, 5, g -> Gen.pick(g, "contoso", "fabrikam", "evil", "mail",
        "autodiscover", "co", "uk", "com", "github", "io", "corp", "local", "outlook", "office365", "xn--bcher-kva",
        "partner", "mx", "CONTOSO", "contoso-com", "1", "")));
    return r.nextBoolean() ? built : built + ".";
  }

  /** A URL of the host forms above with assorted schemes, user infos, ports and paths; only ones that parse. */
  private static URI url(Random r) {
    while (true) {
      String s = Gen.pick(r, "https", "HTTPS", "http", "ftp", "");
      String text = (s.isEmpty() ? "//" : s + "://") + Gen.pick(r, "", "", "", "contoso.com@", "jan:pw@")
          + hostName(r) + Gen.pick(r, "", "", ":443", ":8443", ":0")
          + Gen.pick(r, "/autodiscover/autodiscover.xml", "/autodiscover/autodiscover.svc",
              "/AutoDiscover/AutoDiscover.XML", "/autodiscover/autodiscover.json/v1.0/jan@contoso.com", "/x", "",
              "/a/../autodiscover/autodiscover.xml", "/autodiscover/autodiscover.xml?x=@evil.com#@evil.com");
      Optional<URI> uri = uri(text);
      if (uri.isPresent()) {
        return uri.get();
      }
    }
  }

  private static Optional<URI> uri(String text) {
    try {
      return Optional.of(new URI(text));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /** Up to three distinct lower-case hosts. */
  private static Set<String> hostSet(Random r) {
    Set<String> out = new HashSet<>();
    for (int n = Gen.between(r, 0, 3); n > 0; n--) {
      out.add(hostName(r).toLowerCase(Locale.ROOT));
    }
    return Set.copyOf(out);
  }

  /** One to three distinct user domains. */
  private static Set<String> userDomains(Random r) {
    Set<String> out = new HashSet<>();
    for (int n = Gen.between(r, 1, 3); n > 0; n--) {
      out.add(Gen.pick(r, "contoso.com", "sub.contoso.com", "contoso.co.uk", "corp.local", "a.corp.local",
          "fabrikam.github.io", "co.uk", "com", "local", "github.io"));
    }
    return Set.copyOf(out);
  }
}
