package dev.autodiscover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class UserSettingsTest {

  @Test
  void settingNames_wireNamesAreUniqueAndRoundTrip() {
    Set<String> wire = Stream.of(UserSettingName.values()).map(UserSettingName::wireName).collect(Collectors.toSet());

    assertThat(wire).hasSize(UserSettingName.values().length).contains("ExternalEwsUrl", "UserDN",
        "ExternalMailboxServerRequiresSSL", "InternalOABUrl", "AutoDiscoverSMTPAddress", "ExternalEcpPhotoUrl");
    for (UserSettingName name : UserSettingName.values()) {
      assertThat(UserSettingName.fromWireName(name.wireName())).contains(name);
    }
    assertThat(UserSettingName.fromWireName("externalewsurl")).contains(UserSettingName.EXTERNAL_EWS_URL);
    assertThat(UserSettingName.fromWireName("NoSuchSetting")).isEmpty();
    assertThat(DomainSettingName.fromWireName("EXTERNALEWSVERSION")).contains(DomainSettingName.EXTERNAL_EWS_VERSION);
  }

  @Test
  void accessors_typedAndRaw() {
    UserSettings s = UserSettings.builder()
        .setting(UserSettingName.EXTERNAL_EWS_URL, " https://mail.contoso.com/EWS/Exchange.asmx ")
        .setting("InternalEwsUrl", "not a url")
        .setting("UserDisplayName", "  ")
        .setting("Unknown", "kept")
        .setting(UserSettingName.EWS_SUPPORTED_SCHEMAS, "Exchange2010,, Exchange2013 ")
        .collection("AlternateMailboxes", List.of(Map.of("Type", "Archive", "DisplayName", "Archive")))
        .settingError(new UserSettingError("CasVersion", "SettingIsNotAvailable", ""))
        .build();

    assertThat(s.externalEwsUrl()).contains(URI.create("https://mail.contoso.com/EWS/Exchange.asmx"));
    assertThat(s.internalEwsUrl()).isEmpty();
    assertThat(s.userDisplayName()).isEmpty();
    assertThat(s.casVersion()).isEmpty();
    assertThat(s.ewsSupportedSchemas()).containsExactly("Exchange2010", "Exchange2013");
    assertThat(s.raw()).containsKeys("Unknown", "UserDisplayName");
    assertThat(s.asMap()).containsOnlyKeys(UserSettingName.EXTERNAL_EWS_URL, UserSettingName.INTERNAL_EWS_URL,
        UserSettingName.EWS_SUPPORTED_SCHEMAS);
    assertThat(s.alternativeMailboxes()).singleElement().satisfies(m -> assertThat(m.type()).contains("Archive"));
    assertThat(s.settingErrors()).hasSize(1);
    assertThat(s.toString()).contains("Unknown=kept").contains("SettingIsNotAvailable");
  }

  @Test
  void immutable_andDefensivelyCopied() {
    Map<String, String> entry = new HashMap<>(Map.of("Type", "Delegate"));
    List<Map<String, String>> entries = new ArrayList<>(List.of(entry));
    UserSettings.Builder builder = UserSettings.builder().setting("CasVersion", "15.1").collection("AlternateMailboxes",
        entries);
    UserSettings s = builder.build();
    entry.put("Type", "Changed");
    entries.clear();
    builder.setting("CasVersion", "16.0");

    assertThat(s.casVersion()).contains("15.1");
    assertThat(s.alternativeMailboxes().get(0).type()).contains("Delegate");
    assertThatThrownBy(() -> s.raw().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s.collections().get("AlternateMailboxes").get(0).put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(s.toBuilder().setting("CasVersion", "16.0").build().casVersion()).contains("16.0");
    assertThat(s.toBuilder().build()).isEqualTo(s).hasSameHashCodeAs(s);
  }

  @Test
  void domainSettings_accessors() {
    DomainSettings d = DomainSettings.builder()
        .setting("ExternalEwsUrl", "https://mail.contoso.com/EWS/Exchange.asmx")
        .setting("ExternalEwsVersion", "15.01.2507.006")
        .settingError(new DomainSettingError("X", "InvalidSetting", "unknown"))
        .build();

    assertThat(d.externalEwsUrl()).contains(URI.create("https://mail.contoso.com/EWS/Exchange.asmx"));
    assertThat(d.externalEwsVersion()).contains("15.01.2507.006");
    assertThat(d.asMap()).hasSize(2);
    assertThat(d.toBuilder().build()).isEqualTo(d);
    assertThatThrownBy(() -> new UserSettingError("a", null, "")).isInstanceOf(NullPointerException.class);
  }
}
