package dev.autodiscover;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link BatchItem} offers the same names and types as {@link AutodiscoverResult}. */
class BatchItemTest {
  private static final URI SVC = URI.create("https://autodiscover.contoso.com/autodiscover/autodiscover.svc");
  private static final EmailAddress JAN = EmailAddress.parse("jan@contoso.com");
  private static final AttemptTrace TRACE = AttemptTrace.of(List.of(
      Attempt.builder(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, AttemptOutcome.SETTINGS).url(SVC).build()));

  @Test
  void succeeded_offersUserSettingsAndTheEwsUrlWithItsLocation() {
    UserSettings settings = UserSettings.builder()
        .setting(UserSettingName.INTERNAL_EWS_URL, "https://ex01.contoso.local/EWS/Exchange.asmx")
        .setting(UserSettingName.USER_DISPLAY_NAME, "Jan Secret-Name").build();
    EwsUrl internal = new EwsUrl(URI.create("https://ex01.contoso.local/EWS/Exchange.asmx"), NetworkLocation.INTERNAL,
        "EXCH");

    BatchItem item = BatchItem.succeeded("Jan@Contoso.com", JAN, settings, internal, SVC, TRACE);

    assertThat(item.isSuccess()).isTrue();
    assertThat(item.userSettings()).containsSame(settings);
    assertThat(item.ewsUrl()).containsSame(internal);
    assertThat(item.ewsUrl().map(EwsUrl::location)).hasValue(NetworkLocation.INTERNAL);
    assertThat(item.endpoint()).hasValue(SVC);
    assertThat(item.failure()).isEmpty();
    assertThat(item.trace()).isSameAs(TRACE);
    assertThat(item).hasToString("BatchItem[Jan@Contoso.com, ok, ewsUrl=https://ex01.contoso.local/EWS/Exchange.asmx,"
        + " endpoint=" + SVC + "]");
  }

  @Test
  void succeeded_withoutEwsUrl_andFailed_haveEmptyAccessors() {
    BatchItem noEws = BatchItem.succeeded("jan@contoso.com", JAN, UserSettings.builder().build(), null, SVC, TRACE);
    assertThat(noEws.ewsUrl()).isEmpty();
    assertThat(noEws.userSettings()).isPresent();

    InvalidEmailAddressException bad = new InvalidEmailAddressException("'jan' has no '@'");
    BatchItem failed = BatchItem.failed("jan", null, bad, bad.trace());
    assertThat(failed.isSuccess()).isFalse();
    assertThat(failed.userSettings()).isEmpty();
    assertThat(failed.ewsUrl()).isEmpty();
    assertThat(failed.endpoint()).isEmpty();
    assertThat(failed.address()).isEmpty();
    assertThat(failed.failure()).containsSame(bad);
    assertThat(failed).hasToString("BatchItem[jan, failed: InvalidEmailAddressException: 'jan' has no '@']");
  }
}
