package dev.autodiscover.apitest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import dev.autodiscover.AutodiscoverClient;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.BatchRequest;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.DiscoveryOptions;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.PriorityWindow;
import dev.autodiscover.ProtocolChoice;
import dev.autodiscover.UserSettingName;
import dev.autodiscover.V2Protocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-call options of single lookups and batches: defaults, immutability, and the checks at each setter. */
class CallOptionsTest {
  private final AutodiscoverClient client = AutodiscoverClient.builder().attemptTimeout(Duration.ofSeconds(4))
      .deadline(Duration.ofSeconds(20)).retriesOnTimeout(2).build();
  private final AutodiscoverRequest base = client.forEmail("jan@contoso.com");

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void options_returnNewRequests_andFallBackToTheClientsDefaults() {
    AutodiscoverRequest changed = base.excluding(DiscoveryMethod.SCP).attemptTimeout(Duration.ofSeconds(3))
        .attemptTimeout(DiscoveryMethod.HTTP_REDIRECT, Duration.ofMillis(500)).deadline(Duration.ofSeconds(9))
        .retriesOnTimeout(DiscoveryMethod.DNS_SRV, 0).sequential();

    assertThat(base.methods()).isEqualTo(EnumSet.allOf(DiscoveryMethod.class));
    assertThat(base.attemptTimeoutFor(DiscoveryMethod.DNS_SRV)).isEqualTo(Duration.ofSeconds(4));
    assertThat(base.deadline()).isEqualTo(Duration.ofSeconds(20));
    assertThat(base.retriesOnTimeoutFor(DiscoveryMethod.DNS_SRV)).isEqualTo(2);
    assertThat(base.isSequential()).isFalse();
    assertThat(base.protocol()).isEqualTo(ProtocolChoice.AUTO);
    assertThat(base.priorityWindow()).isEqualTo(PriorityWindow.defaultWindow());
    assertThat(base.v2Protocol()).isEqualTo(V2Protocol.EWS);
    assertThat(base.userSettings()).isEqualTo(DiscoveryOptions.DEFAULT_USER_SETTINGS);
    assertThat(base.client()).isSameAs(client);

    assertThat(changed.methods()).isEqualTo(EnumSet.complementOf(EnumSet.of(DiscoveryMethod.SCP)));
    assertThat(changed.attemptTimeoutFor(DiscoveryMethod.DNS_SRV)).isEqualTo(Duration.ofSeconds(3));
    assertThat(changed.attemptTimeoutFor(DiscoveryMethod.HTTP_REDIRECT)).isEqualTo(Duration.ofMillis(500));
    assertThat(changed.deadline()).isEqualTo(Duration.ofSeconds(9));
    assertThat(changed.retriesOnTimeoutFor(DiscoveryMethod.DNS_SRV)).isZero();
    assertThat(changed.retriesOnTimeoutFor(DiscoveryMethod.SCP)).isEqualTo(2);
    assertThat(changed.isSequential()).isTrue();
  }

  @Test
  void only_keepsOutlookOrder() {
    AutodiscoverRequest r = base.only(DiscoveryMethod.HTTP_REDIRECT, DiscoveryMethod.HTTPS_ROOT_DOMAIN);
    assertThat(r.methods()).containsExactly(DiscoveryMethod.HTTPS_ROOT_DOMAIN, DiscoveryMethod.HTTP_REDIRECT);
  }

  /** Defect: {@code only(SCP).excluding(SCP)} failed at resolve() with "Collection is empty". */
  @Test
  void excludingEveryChosenMethod_isRefusedAtTheCall_sayingWhatIsWrong() {
    AutodiscoverRequest scpOnly = base.only(DiscoveryMethod.SCP);
    assertThatThrownBy(() -> scpOnly.excluding(DiscoveryMethod.SCP)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("excluding [SCP] leaves no discovery method: this call had only [SCP]; keep at least one "
            + "method (only(...) chooses the ones to use)");
    assertThatThrownBy(() -> base.only()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one discovery method");
    assertThatThrownBy(() -> base.excluding(DiscoveryMethod.values())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leaves no discovery method");
  }

  /** Defect: a huge deadline threw ArithmeticException at resolve(); a huge attempt timeout overflowed later. */
  @Test
  void durationsBeyondTheLimits_areRefusedAtTheSetter_withTheLimit() {
    assertThatThrownBy(() -> base.deadline(Duration.ofDays(365_000))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("deadline must be at most PT24H, got PT8760000H");
    assertThatThrownBy(() -> base.attemptTimeout(Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("attemptTimeout must be at most PT10M");
    assertThatThrownBy(() -> base.attemptTimeout(DiscoveryMethod.SCP, Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("attemptTimeout must be at most PT10M");
    assertThatThrownBy(() -> base.attemptTimeout(Duration.ZERO)).hasMessage("attemptTimeout must be positive, got PT0S");
    assertThatThrownBy(() -> base.deadline(Duration.ofSeconds(-1))).hasMessage("deadline must be positive, got PT-1S");
    assertThatThrownBy(() -> base.retriesOnTimeout(11)).hasMessage("retriesOnTimeout must be between 0 and 10, got 11");
    assertThatThrownBy(() -> base.parallel(Duration.ofDays(2))).hasMessageStartingWith("stagger must be at most");
    assertThatThrownBy(() -> AutodiscoverClient.builder().deadline(Duration.ofDays(365_000)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("deadline must be at most PT24H");
    assertThatThrownBy(() -> AutodiscoverClient.builder().attemptTimeout(Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("attemptTimeout must be at most PT10M");
    assertThat(base.deadline(AutodiscoverClient.MAX_DEADLINE).deadline()).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void priorityWindow_defaultsToOneSecond_isCheckedAtTheSetter_andLayersOverTheClientsDefault() {
    assertThat(PriorityWindow.DEFAULT_WINDOW).isEqualTo(Duration.ofSeconds(1));
    assertThat(client.priorityWindow()).isEqualTo(PriorityWindow.of(Duration.ofSeconds(1)));
    assertThat(client.priorityWindow().window()).hasValue(Duration.ofSeconds(1));
    assertThat(base.priorityWindow(Duration.ofMillis(250)).priorityWindow().window()).hasValue(Duration.ofMillis(250));
    assertThat(base.priorityWindow(Duration.ZERO).priorityWindow()).hasToString("0 ms");
    AutodiscoverRequest strict = base.strictPriority();
    assertThat(strict.priorityWindow().isStrict()).isTrue();
    assertThat(strict.priorityWindow().window()).isEmpty();
    assertThat(strict.priorityWindow()).hasToString("strict").isEqualTo(PriorityWindow.strict());
    assertThat(strict.priorityWindow(Duration.ofSeconds(2)).priorityWindow().isStrict()).isFalse();
    assertThat(base.priorityWindow().isStrict()).isFalse();
    assertThat(strict.toString()).contains("priorityWindow=strict");

    assertThatThrownBy(() -> base.priorityWindow(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("priorityWindow must not be negative, got PT-0.001S");
    assertThatThrownBy(() -> base.priorityWindow(Duration.ofMinutes(2))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("priorityWindow must be at most PT1M, got PT2M; for Outlook's exact order without any window use"
            + " strictPriority()");
    assertThatThrownBy(() -> base.priorityWindow(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("priorityWindow");
    assertThatThrownBy(() -> AutodiscoverClient.builder().priorityWindow(Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("priorityWindow must be at most PT1M");
    assertThat(base.priorityWindow(PriorityWindow.MAX_WINDOW).priorityWindow().window())
        .hasValue(PriorityWindow.MAX_WINDOW);

    try (AutodiscoverClient strictClient = client.toBuilder().strictPriority().build();
        AutodiscoverClient windowed = strictClient.toBuilder().priorityWindow(Duration.ofMillis(300)).build()) {
      assertThat(strictClient.priorityWindow()).isEqualTo(PriorityWindow.strict());
      assertThat(strictClient.forEmail("jan@contoso.com").priorityWindow().isStrict()).isTrue();
      assertThat(strictClient.forEmail("jan@contoso.com").priorityWindow(Duration.ofMillis(500)).priorityWindow())
          .isEqualTo(PriorityWindow.of(Duration.ofMillis(500)));
      assertThat(strictClient.forEmails(List.of("a@contoso.com")).requestFor(EmailAddress.parse("a@contoso.com"))
          .priorityWindow().isStrict()).isTrue();
      assertThat(windowed.forEmail("jan@contoso.com").priorityWindow().window()).hasValue(Duration.ofMillis(300));
      assertThat(windowed.toString()).contains("priorityWindow=300 ms");
    }
  }

  @Test
  void settingsLists_areCheckedAndCopied() {
    AutodiscoverRequest soap = base.protocol(ProtocolChoice.SOAP).userSettings(EnumSet.of(UserSettingName.USER_DN));
    assertThat(soap.deadline(Duration.ofSeconds(5)).userSettings()).containsExactly(UserSettingName.USER_DN);
    assertThatThrownBy(() -> soap.userSettings().add(UserSettingName.CAS_VERSION))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> base.userSettings(Set.of())).hasMessageContaining("at least one user setting");
    assertThatThrownBy(() -> base.resolveDomainSettingsAsync(Set.of()))
        .hasMessageContaining("at least one domain setting");
  }

  @Test
  void toString_neverShowsSecrets() {
    AutodiscoverRequest r = base.basicAuth("jan", "Sup3rSecret".toCharArray()).bearerToken(() -> "tok-987");
    assertThat(r.toString()).doesNotContain("Sup3rSecret").doesNotContain("tok-987").contains("password=***")
        .startsWith("AutodiscoverRequest[jan@contoso.com, methods=");
  }

  @Test
  void batch_optionsAreChecked_andEachAddressRunsWithTheBatchsOptionsButTheClientsDeadline() {
    assertThatThrownBy(() -> client.forEmails(Arrays.asList("a@contoso.com", null)))
        .isInstanceOf(NullPointerException.class);
    BatchRequest b = client.forEmails(List.of("a@contoso.com", "not an address"));
    assertThat(b.inputs()).containsExactly("a@contoso.com", "not an address");
    assertThat(b.chunkSize()).isEqualTo(BatchRequest.DEFAULT_CHUNK_SIZE);
    assertThat(b.concurrency()).isEqualTo(BatchRequest.DEFAULT_CONCURRENCY);
    assertThat(b.deadline()).isEqualTo(BatchRequest.DEFAULT_DEADLINE);
    assertThatThrownBy(() -> b.chunkSize(101)).hasMessage("chunkSize must be between 1 and 100, got 101");
    assertThatThrownBy(() -> b.concurrency(0)).hasMessage("concurrency must be between 1 and 64, got 0");

    BatchRequest configured = b.excluding(DiscoveryMethod.SCP).protocol(ProtocolChoice.SOAP).strictPriority()
        .deadline(Duration.ofMinutes(5)).basicAuth("svc", "pw".toCharArray());
    AutodiscoverRequest one = configured.requestFor(EmailAddress.parse("x@contoso.com"));
    assertThat(one.address()).hasToString("x@contoso.com");
    assertThat(one.methods()).doesNotContain(DiscoveryMethod.SCP);
    assertThat(one.protocol()).isEqualTo(ProtocolChoice.SOAP);
    assertThat(one.priorityWindow()).isEqualTo(PriorityWindow.strict());
    assertThat(one.credentials()).isPresent();
    assertThat(one.deadline()).isEqualTo(Duration.ofSeconds(20));
    assertThat(configured.deadline()).isEqualTo(Duration.ofMinutes(5));
    assertThat(b.methods()).contains(DiscoveryMethod.SCP);
  }
}
