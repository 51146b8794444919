package dev.autodiscover.internal.strategy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.internal.engine.ChainResult;
import dev.autodiscover.internal.engine.DiscoveryStrategy;
import dev.autodiscover.internal.engine.StrategyContext;

/**
 * Method 8, Outlook's Office 365 step (protocol.md §2.10). First it decides whether the domain is hosted in
 * Microsoft 365, with the anonymous OpenID configuration of the domain's tenant
 * ({@code https://login.microsoftonline.com/<domain>/.well-known/openid-configuration}: HTTP 200 names the
 * tenant and its cloud; HTTP 400 means no tenant). Then it asks the Microsoft 365 Autodiscover service of
 * that cloud (commercial, US Government GCC High or DoD, or 21Vianet in China): Autodiscover v2 first, which
 * needs no credentials and gives the EWS URL (a v2 redirect to an on-premises server is followed through
 * the trust policy), then POX, which Exchange Online answers with a Bearer challenge unless the request
 * has a token for it. The cloud's hosts are in the default trusted host list; the list is configurable.
 */
public final class Office365Strategy implements DiscoveryStrategy {
  /** The tenant discovery host; public and anonymous. */
  static final String LOGIN_HOST = "login.microsoftonline.com";

  /** The Autodiscover hosts of each Microsoft cloud: v2 host, then POX host. */
  enum Cloud {
    COMMERCIAL("outlook.office365.com", "autodiscover-s.outlook.com"),
    GCC_HIGH("outlook.office365.us", "autodiscover-s.office365.us"),
    DOD("webmail.apps.mil", "autodiscover-s-dod.office365.us"),
    CHINA("partner.outlook.cn", "autodiscover.partner.outlook.cn");

    final String v2Host;
    final String poxHost;

    Cloud(String v2Host, String poxHost) {
      this.v2Host = v2Host;
      this.poxHost = poxHost;
    }

    /** The cloud of a tenant's OpenID configuration ({@code cloud_instance_name}, {@code tenant_region_sub_scope}). */
    static Cloud of(Map<String, String> openIdConfiguration) {
      String instance = openIdConfiguration.getOrDefault("cloud_instance_name", "").toLowerCase(Locale.ROOT);
      String subScope = openIdConfiguration.getOrDefault("tenant_region_sub_scope", "").toUpperCase(Locale.ROOT);
      if (instance.endsWith("microsoftonline.us")) {
        return subScope.equals("DOD") ? DOD : GCC_HIGH;
      }
      if (instance.endsWith("microsoftonline.cn")) {
        return CHINA;
      }
      return COMMERCIAL;
    }
  }

  @Override
  public DiscoveryMethod method() {
    return DiscoveryMethod.O365_ENDPOINT;
  }

  @Override
  public CompletableFuture<ChainResult> run(StrategyContext context) {
    String domain = context.address().domain();
    URI openId = URI.create("https://" + LOGIN_HOST + "/" + domain + "/.well-known/openid-configuration");
    return context.anonymousGet(openId, () -> HttpRequest.newBuilder(openId).GET().header("Accept", "application/json"))
        .thenCompose(answer -> {
          if (answer.isEmpty()) {
            return ChainResult.Failed.notFound("could not ask " + LOGIN_HOST + " whether " + domain + " is in a Microsoft 365 tenant");
          }
          int status = answer.get().status();
          Optional<Map<String, String>> config = status == 200
              ? context.run().v2Codec().stringFields(answer.get().body()) : Optional.empty();
          if (config.isEmpty() || !config.get().containsKey("issuer")) {
            context.record(AttemptOutcome.NOT_CONFIGURED, openId, domain + " is not in a Microsoft 365 tenant (HTTP "
                + status + ")");
            return ChainResult.Failed.notFound(domain + " is not a Microsoft 365 domain");
          }
          Cloud cloud = Cloud.of(config.get());
          context.record(AttemptOutcome.CANDIDATES_FOUND, openId, domain + " is in a Microsoft 365 tenant ("
              + cloud + " cloud): asking " + cloud.v2Host + " (v2), then " + cloud.poxHost + " (POX)");
          return context.v2Discover(cloud.v2Host).thenCompose(v2 -> {
            if (v2.terminal() || (v2 instanceof ChainResult.Failed f && f.kind() == ChainResult.Failed.Kind.CANCELLED)) {
              return CompletableFuture.completedFuture(v2);
            }
            return context.postChain(URI.create("https://" + cloud.poxHost + "/autodiscover/autodiscover.xml"));
          });
        });
  }

}
