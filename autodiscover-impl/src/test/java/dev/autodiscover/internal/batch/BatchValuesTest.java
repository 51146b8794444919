package dev.autodiscover.internal.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import dev.autodiscover.BatchItem;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.EwsUrl;
import dev.autodiscover.NetworkLocation;
import dev.autodiscover.UserSettingError;
import dev.autodiscover.UserSettings;
import dev.autodiscover.testkit.SoapResponses;
import org.junit.jupiter.api.Test;

/** The values a batch's items share are equal to their own, and never another address's. */
class BatchValuesTest extends BatchTestSupport {
  private static UserSettings user(String name, String ews) {
    return UserSettings.builder()
        .setting("UserDisplayName", new String(name))
        .setting("ExternalEwsUrl", new String(ews))
        .setting("CasVersion", new String("15.1.2507.6"))
        .collection("AlternateMailboxes", List.of(Map.of("Type", new String("Archive"))))
        .settingError(new UserSettingError(new String("InternalEwsUrl"), new String("SettingIsNotAvailable"),
            new String("User setting 'InternalEwsUrl' is not available.")))
        .build();
  }

  @Test
  void settings_equalTheirOwn_shareWhatIsEqual_keepWhatDiffers() {
    BatchValues values = new BatchValues();
    UserSettings janOwn = user("Jan", "https://mail.contoso.com/EWS/Exchange.asmx");
    UserSettings evaOwn = user("Eva", "https://mail.contoso.com/EWS/Exchange.asmx");

    UserSettings jan = values.settings(janOwn);
    UserSettings eva = values.settings(evaOwn);

    assertThat(jan).isEqualTo(janOwn);
    assertThat(eva).isEqualTo(evaOwn);
    assertThat(jan.raw()).containsExactlyEntriesOf(janOwn.raw());
    assertThat(jan.userDisplayName()).contains("Jan");
    assertThat(eva.userDisplayName()).contains("Eva");
    assertThat(jan.raw().get("CasVersion")).isSameAs(eva.raw().get("CasVersion"));
    assertThat(jan.raw().get("ExternalEwsUrl")).isSameAs(eva.raw().get("ExternalEwsUrl"));
    assertThat(jan.raw().keySet()).zipSatisfy(List.copyOf(eva.raw().keySet()), (a, b) -> assertThat(a).isSameAs(b));
    assertThat(jan.settingErrors().get(0)).isSameAs(eva.settingErrors().get(0));
    assertThat(jan.collections()).isEqualTo(janOwn.collections());
    assertThat(jan.collections().get("AlternateMailboxes").get(0).get("Type"))
        .isSameAs(eva.collections().get("AlternateMailboxes").get(0).get("Type"));
  }

  @Test
  void ewsUrls_areSharedOnlyWhenTheirTextIsTheSame() {
    BatchValues values = new BatchValues();
    EwsUrl lower = new EwsUrl(URI.create("https://mail.contoso.com/EWS/Exchange.asmx"), NetworkLocation.EXTERNAL, "EXPR");
    EwsUrl upper = new EwsUrl(URI.create("https://MAIL.contoso.com/EWS/Exchange.asmx"), NetworkLocation.EXTERNAL, "EXPR");
    EwsUrl internal = new EwsUrl(lower.uri(), NetworkLocation.INTERNAL, "EXCH");
    assertThat(upper).isEqualTo(lower); // URI.equals ignores the host's case: sharing must not

    EwsUrl first = values.ewsUrl(lower);

    assertThat(values.ewsUrl(new EwsUrl(URI.create(lower.uri().toString()), NetworkLocation.EXTERNAL, "EXPR")))
        .isSameAs(first);
    assertThat(values.ewsUrl(upper)).isSameAs(upper);
    assertThat(values.ewsUrl(upper).uri()).hasToString("https://MAIL.contoso.com/EWS/Exchange.asmx");
    assertThat(values.ewsUrl(internal)).isSameAs(internal);
    assertThat(values.ewsUrl(null)).isNull();
  }

  @Test
  void addresses_ofOneDomainShareItsName_andKeepTheirOwnLocalPart() {
    BatchValues values = new BatchValues();

    EmailAddress jan = values.address(EmailAddress.parse("Jan@contoso.com"));
    EmailAddress eva = values.address(EmailAddress.parse("eva@CONTOSO.com"));
    EmailAddress other = values.address(EmailAddress.parse("eva@fabrikam.com"));

    assertThat(jan).hasToString("Jan@contoso.com");
    assertThat(eva).hasToString("eva@contoso.com");
    assertThat(jan.domain()).isSameAs(eva.domain());
    assertThat(other.domain()).isEqualTo("fabrikam.com");
  }

  @Test
  void texts_fromManyThreads_oneInstancePerText() throws InterruptedException {
    BatchValues values = new BatchValues();
    Map<String, Set<String>> seen = new ConcurrentHashMap<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < 2_000; i++) {
          String text = values.text(new String("value " + (i % 500)));
          seen.computeIfAbsent(text, k -> java.util.Collections.synchronizedSet(
              java.util.Collections.newSetFromMap(new IdentityHashMap<>()))).add(text);
        }
      });
      threads.add(thread);
      thread.start();
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }

    assertThat(seen).hasSize(500);
    assertThat(seen.values()).allSatisfy(instances -> assertThat(instances).hasSize(1));
  }

  @Test
  void batch_itemsOfADomainShareEqualValues_eachKeepsItsOwnUserAndTrace() {
    serve("contoso.com", BatchTestSupport::ok);
    serve("fabrikam.com", email -> SoapResponses.userSettings("SOAP " + email, email,
        "https://MAIL.fabrikam.com/EWS/Exchange.asmx", null));
    List<String> inputs = List.of("jan@contoso.com", "eva@contoso.com", "jan@fabrikam.com", "eva@fabrikam.com");

    List<BatchItem> items = batch(inputs).resolve();

    assertThat(items).allSatisfy(i -> assertThat(i.isSuccess()).isTrue());
    for (int i = 0; i < items.size(); i++) {
      BatchItem item = items.get(i);
      String input = inputs.get(i);
      assertThat(item.userSettings().orElseThrow().userDisplayName()).contains("SOAP " + input);
      assertThat(item.address()).hasValueSatisfying(a -> assertThat(a).hasToString(input));
      assertThat(item.trace().attempts().get(item.trace().attempts().size() - 1).address())
          .hasValueSatisfying(a -> assertThat(a).hasToString(input));
    }
    BatchItem janC = items.get(0);
    BatchItem evaC = items.get(1);
    BatchItem janF = items.get(2);
    assertThat(janC.ewsUrl().orElseThrow()).isSameAs(evaC.ewsUrl().orElseThrow());
    assertThat(janC.ewsUrl().orElseThrow().uri()).hasToString("https://mail.contoso.com/EWS/Exchange.asmx");
    assertThat(janF.ewsUrl().orElseThrow().uri()).hasToString("https://MAIL.fabrikam.com/EWS/Exchange.asmx");
    assertThat(janC.userSettings().orElseThrow().casVersion().orElseThrow())
        .isSameAs(janF.userSettings().orElseThrow().raw().get("CasVersion"));
    assertThat(janC.address().orElseThrow().domain()).isSameAs(evaC.address().orElseThrow().domain());
    assertThat(janC.userSettings().orElseThrow().userDN()).contains(
        "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=jan");
  }
}
