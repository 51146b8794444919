package dev.autodiscover;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Expresses a POX profile as the SOAP-style named settings that have an equivalent in it. */
final class SettingsViews {
  private SettingsViews() {}

  static UserSettings userSettings(MailboxSettings pox) {
    UserSettings.Builder b = UserSettings.builder();
    pox.user().displayName().ifPresent(v -> b.setting(UserSettingName.USER_DISPLAY_NAME, v));
    pox.user().legacyDn().ifPresent(v -> b.setting(UserSettingName.USER_DN, v));
    pox.user().deploymentId().ifPresent(v -> b.setting(UserSettingName.USER_DEPLOYMENT_ID, v));
    pox.user().autoDiscoverSmtpAddress().ifPresent(v -> b.setting(UserSettingName.AUTO_DISCOVER_SMTP_ADDRESS, v));
    pox.externalEwsUrl().ifPresent(v -> b.setting(UserSettingName.EXTERNAL_EWS_URL, v.uri().toString()));
    pox.internalEwsUrl().ifPresent(v -> b.setting(UserSettingName.INTERNAL_EWS_URL, v.uri().toString()));
    List<Map<String, String>> mailboxes = new ArrayList<>();
    for (AlternativeMailbox mailbox : pox.alternativeMailboxes()) {
      mailboxes.add(mailbox.elements());
    }
    if (!mailboxes.isEmpty()) {
      b.collection(UserSettingName.ALTERNATE_MAILBOXES.wireName(), mailboxes);
    }
    return b.build();
  }
}
