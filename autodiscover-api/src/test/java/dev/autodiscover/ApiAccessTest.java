package dev.autodiscover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autodiscover.access.ApiAccess;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The bridge through which the implementation creates results and exceptions that have no public constructor. */
class ApiAccessTest {
  private static final URI ENDPOINT = URI.create("https://autodiscover.contoso.com/autodiscover/autodiscover.xml");
  private static final AttemptTrace TRACE = AttemptTrace.of(List.of(
      Attempt.builder(DiscoveryMethod.HTTPS_ROOT_DOMAIN, AttemptOutcome.NOT_FOUND).url(ENDPOINT).httpStatus(404)
          .build(),
      Attempt.builder(DiscoveryMethod.DNS_SRV, AttemptOutcome.NOT_FOUND).build()));

  @Test
  void resultsAndExceptions_haveNoPublicConstructor_butCallerMadeOnesKeepTheirs() {
    List<Class<?>> hidden = List.of(AutodiscoverResult.class, AutodiscoverException.class,
        AutodiscoverNotFoundException.class, AutodiscoverAuthenticationException.class,
        AutodiscoverErrorResponseException.class, AutodiscoverRedirectException.class,
        AutodiscoverTimeoutException.class, DomainSettingsResult.class, MailboxSettings.class, MailboxUser.class,
        AlternativeMailbox.class, ProtocolSettings.class);
    for (Class<?> type : hidden) {
      assertThat(type.getDeclaredConstructors()).as(type.getSimpleName())
          .allSatisfy(c -> assertThat(c.getModifiers() & (Modifier.PUBLIC | Modifier.PROTECTED)).isZero());
    }
    assertThat(Arrays.stream(InvalidEmailAddressException.class.getConstructors()).map(Constructor::getParameterCount))
        .containsExactly(1);
    assertThat(RedirectProposal.class.getConstructors()).hasSize(1);
  }

  @Test
  void batchItems_haveNoPublicFactory_theImplementationUsesTheBridge() {
    assertThat(java.util.Arrays.stream(BatchItem.class.getDeclaredMethods())
        .filter(m -> Modifier.isStatic(m.getModifiers()) && Modifier.isPublic(m.getModifiers()))
        .map(java.lang.reflect.Method::getName)).isEmpty();
    EmailAddress jan = EmailAddress.parse("jan@contoso.com");
    AutodiscoverNotFoundException nf = ApiAccess.get().notFound("nothing", AttemptTrace.of(java.util.List.of()));
    BatchItem failed = ApiAccess.get().batchFailed("jan@contoso.com", jan, nf, nf.trace());
    assertThat(failed.failure()).containsSame(nf);
    assertThat(failed.input()).isEqualTo("jan@contoso.com");
  }

  @Test
  void get_returnsTheOneInstance_definedInTheApiPackage() {
    ApiAccess access = ApiAccess.get();

    assertThat(ApiAccess.get()).isSameAs(access);
    assertThat(access.getClass().getName()).isEqualTo("dev.autodiscover.DefaultApiAccess");
    assertThatThrownBy(() -> ApiAccess.install(access)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already installed");
  }

  @Test
  void exceptions_keepMessageTraceAndFields() {
    ApiAccess access = ApiAccess.get();
    IllegalStateException cause = new IllegalStateException("boom");

    AutodiscoverException plain = access.failure("Discovery failed unexpectedly", TRACE, cause);
    assertThat(plain.getClass()).isEqualTo(AutodiscoverException.class);
    assertThat(plain).hasMessage("Discovery failed unexpectedly").hasCause(cause);
    assertThat(plain.trace()).isSameAs(TRACE);
    assertThat(plain.retryable()).isFalse();

    AutodiscoverNotFoundException notFound = access.notFound("No endpoint for jan@contoso.com", TRACE);
    assertThat(notFound).hasMessage("No endpoint for jan@contoso.com").hasNoCause();
    assertThat(notFound.trace()).isSameAs(TRACE);
    assertThat(notFound.trace().attempts()).extracting(Attempt::method)
        .containsExactly(DiscoveryMethod.HTTPS_ROOT_DOMAIN, DiscoveryMethod.DNS_SRV);
    assertThat(notFound.retryable()).isTrue();

    AutodiscoverAuthenticationException auth = access.authentication("Sign in", TRACE, List.of("Bearer", "Basic"),
        true, URI.create("https://login.microsoftonline.com/contoso"));
    assertThat(auth).hasMessage("Sign in");
    assertThat(auth.trace()).isSameAs(TRACE);
    assertThat(auth.schemesOffered()).containsExactly("Bearer", "Basic");
    assertThat(auth.credentialsRejected()).isTrue();
    assertThat(auth.authorizationUri()).hasValue(URI.create("https://login.microsoftonline.com/contoso"));
    assertThat(access.authentication("Sign in", TRACE, List.of("NTLM"), false).authorizationUri()).isEmpty();

    AutodiscoverErrorResponseException soap = access.errorResponse("no such user", TRACE, 500, "not found", "dbg",
        "12:00", "srv-1", ENDPOINT, "InvalidUser");
    assertThat(soap).hasMessage("no such user");
    assertThat(List.of(soap.errorCode(), soap.serverMessage(), soap.debugData(), soap.serverTime(), soap.serverId(),
        soap.endpoint(), soap.soapErrorCode())).containsExactly(500, Optional.of("not found"),
        Optional.of("dbg"), Optional.of("12:00"), Optional.of("srv-1"), ENDPOINT,
        Optional.of("InvalidUser"));
    assertThat(access.errorResponse("603", TRACE, 603, null, null, null, null, ENDPOINT).soapErrorCode()).isEmpty();

    AutodiscoverRedirectException redirect = access.redirect("Redirect loop", TRACE,
        AutodiscoverRedirectException.Reason.LOOP, List.of("a@contoso.com", "b@contoso.com"));
    assertThat(redirect).hasMessage("Redirect loop");
    assertThat(redirect.trace()).isSameAs(TRACE);
    assertThat(redirect.reason()).isEqualTo(AutodiscoverRedirectException.Reason.LOOP);
    assertThat(redirect.chain()).containsExactly("a@contoso.com", "b@contoso.com");

    AutodiscoverTimeoutException timeout = access.timeout("No answer in 30s", TRACE, Duration.ofSeconds(30));
    assertThat(timeout).hasMessage("No answer in 30s");
    assertThat(timeout.trace()).isSameAs(TRACE);
    assertThat(timeout.deadline()).isEqualTo(Duration.ofSeconds(30));
    assertThat(timeout.retryable()).isTrue();
  }

  @Test
  void exceptions_stillValidateTheirArguments() {
    ApiAccess access = ApiAccess.get();

    assertThatThrownBy(() -> access.notFound(null, TRACE)).isInstanceOf(NullPointerException.class)
        .hasMessage("message");
    assertThatThrownBy(() -> access.notFound("x", null)).isInstanceOf(NullPointerException.class)
        .hasMessage("trace");
    assertThatThrownBy(() -> access.errorResponse("x", TRACE, 500, null, null, null, null, null))
        .isInstanceOf(NullPointerException.class).hasMessage("endpoint");
  }

  @Test
  void settingsAndResults_areBuiltFromTheirParts() {
    ApiAccess access = ApiAccess.get();
    EmailAddress jan = EmailAddress.parse("jan@contoso.com");
    EmailAddress moved = EmailAddress.parse("jan@contoso.mail.onmicrosoft.com");
    MailboxSettings settings = access.mailboxSettings(access.mailboxUser(Map.of("DisplayName", "Jan")),
        Map.of("Action", "settings"),
        List.of(access.protocolSettings("EXCH", Map.of("EwsUrl", "https://ex01.contoso.local/EWS/Exchange.asmx"))),
        List.of(access.alternativeMailbox(Map.of("Type", "Archive", "SmtpAddress", "archive@contoso.com"))),
        "pf@contoso.com", "<Autodiscover/>");

    AutodiscoverResult pox = access.result(jan, moved, settings, ENDPOINT, DiscoveryMethod.SCP, TRACE,
        Duration.ofMillis(7));
    assertThat(pox.requestedAddress()).isEqualTo(jan);
    assertThat(pox.finalAddress()).isEqualTo(moved);
    assertThat(pox.settings()).isSameAs(settings);
    assertThat(pox.protocol()).isEqualTo(AutodiscoverProtocol.POX);
    assertThat(pox.ewsUrl()).hasValue(new EwsUrl(URI.create("https://ex01.contoso.local/EWS/Exchange.asmx"),
        NetworkLocation.INTERNAL, "EXCH"));
    assertThat(pox.userSettings().alternativeMailboxes()).extracting(AlternativeMailbox::smtpAddress)
        .containsExactly(Optional.of("archive@contoso.com"));
    assertThat(pox.settings().user().displayName()).hasValue("Jan");
    assertThat(pox.settings().publicFolderSmtpAddress()).hasValue("pf@contoso.com");
    assertThat(pox.trace()).isSameAs(TRACE);

    assertThat(access.result(jan, jan, settings, ENDPOINT, DiscoveryMethod.SCP, TRACE, Duration.ZERO,
        AutodiscoverProtocol.JSON_V2).protocol()).isEqualTo(AutodiscoverProtocol.JSON_V2);
    UserSettings named = UserSettings.builder().setting(UserSettingName.USER_DISPLAY_NAME, "Jan S.").build();
    assertThat(access.result(jan, jan, settings, ENDPOINT, DiscoveryMethod.SCP, TRACE, Duration.ZERO,
        AutodiscoverProtocol.SOAP, named).userSettings()).isSameAs(named);

    DomainSettings domainSettings = DomainSettings.builder().build();
    DomainSettingsResult domain = access.domainSettingsResult("contoso.com", domainSettings, ENDPOINT, TRACE,
        Duration.ofMillis(3));
    assertThat(List.of(domain.domain(), domain.settings(), domain.endpoint(), domain.trace(), domain.elapsed()))
        .containsExactly("contoso.com", domainSettings, ENDPOINT, TRACE, Duration.ofMillis(3));
  }

  @Test
  void accessPackage_isExportedOnlyToTheImplementation() throws Exception {
    Path classes = Path.of(ApiAccess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ModuleDescriptor descriptor;
    try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
      descriptor = ModuleDescriptor.read(in);
    }

    Set<String> exports = descriptor.exports().stream()
        .map(e -> e.source() + (e.isQualified() ? " to " + e.targets() : ""))
        .collect(Collectors.toSet());
    assertThat(exports).containsExactlyInAnyOrder("dev.autodiscover", "dev.autodiscover.spi",
        "dev.autodiscover.access to [dev.autodiscover.impl]");
  }
}
