package dev.autodiscover.internal.engine;

import static dev.autodiscover.testkit.PoxResponses.redirectAddrXml;
import static dev.autodiscover.testkit.PoxResponses.redirectUrlXml;
import static dev.autodiscover.testkit.PoxResponses.settingsXml;
import static dev.autodiscover.testkit.PoxResponses.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import dev.autodiscover.Attempt;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AutodiscoverNotFoundException;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DiscoveryMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Method 4: Outlook's local XML file, fourth or (PreferLocalXML) first. */
class LocalXmlTest extends EngineTestSupport {
  @TempDir
  Path dir;

  private Path file(String name, String content) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, content, StandardCharsets.UTF_8);
    return f;
  }

  private static String settings(String ews) {
    return settingsXml("Jan", "jan@contoso.com", ews, null);
  }

  @Test
  void localXml_whenNetworkMethodsFail_answersFourthAndTraceShowsTheFile() throws Exception {
    Path f = file("contoso.xml", settings("https://local.contoso.com/EWS/Exchange.asmx"));
    net.host("contoso.com").https().enqueue(status(404));
    net.host("autodiscover.contoso.com").https().enqueue(status(404));
    net.host("autodiscover.contoso.com").http().enqueue(status(404));

    configure(b -> b.localXml("contoso.com", f));
    AutodiscoverResult result = request("jan@contoso.com").resolve();

    assertThat(result.method()).isEqualTo(DiscoveryMethod.LOCAL_XML);
    assertThat(result.ewsUrl()).hasValueSatisfying(
        e -> assertThat(e.uri()).isEqualTo(URI.create("https://local.contoso.com/EWS/Exchange.asmx")));
    assertThat(result.endpoint()).isEqualTo(f.toAbsolutePath().toUri());
    Attempt local = attempt(result, DiscoveryMethod.LOCAL_XML, AttemptOutcome.SETTINGS);
    assertThat(local.inputs()).anySatisfy(i -> assertThat(i).contains(f.toAbsolutePath().toString()));
    List<DiscoveryMethod> order = result.trace().attempts().stream().map(Attempt::method).distinct().toList();
    assertThat(order.indexOf(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN)).isLessThan(order.indexOf(DiscoveryMethod.LOCAL_XML));
    assertThat(result.trace().toOutlookStyleLog()).contains("local XML lookup " + f.toAbsolutePath().toUri());
  }

  @Test
  void localXml_whenHigherMethodAnswers_isNotUsedFourth() throws Exception {
    Path f = file("contoso.xml", settings("https://local.contoso.com/EWS/Exchange.asmx"));
    net.host("contoso.com").https().enqueue(xml(settings("https://server.contoso.com/EWS/Exchange.asmx")));

    configure(b -> b.localXml("contoso.com", f));
    AutodiscoverResult result = request("jan@contoso.com").sequential().resolve();

    assertThat(result.method()).isEqualTo(DiscoveryMethod.HTTPS_ROOT_DOMAIN);
    assertThat(result.trace().attempts()).noneMatch(a -> a.method() == DiscoveryMethod.LOCAL_XML);
  }

  @Test
  void preferLocalXml_overridesAWorkingServerAndSendsNothingInSequentialMode() throws Exception {
    Path f = file("contoso.xml", settings("https://local.contoso.com/EWS/Exchange.asmx"));
    net.host("contoso.com").https().enqueue(xml(settings("https://server.contoso.com/EWS/Exchange.asmx")));

    configure(b -> b.localXml("contoso.com", f));
    AutodiscoverResult result = request("jan@contoso.com").sequential().preferLocalXml(true).resolve();

    assertThat(result.method()).isEqualTo(DiscoveryMethod.LOCAL_XML);
    assertThat(result.trace().attempts().get(0).method()).isEqualTo(DiscoveryMethod.LOCAL_XML);
    assertThat(net.host("contoso.com").https().getRequestCount()).isZero();
  }

  @Test
  void preferLocalXml_inParallelMode_stillWinsOverAFasterServer() throws Exception {
    Path f = file("contoso.xml", settings("https://local.contoso.com/EWS/Exchange.asmx"));
    net.host("contoso.com").https().enqueue(xml(settings("https://server.contoso.com/EWS/Exchange.asmx")));
    net.host("autodiscover.contoso.com").https().enqueue(status(404));
    net.host("autodiscover.contoso.com").http().enqueue(status(404));

    configure(b -> b.localXml("contoso.com", f));
    AutodiscoverResult result = request("jan@contoso.com").preferLocalXml(true).resolve();

    assertThat(result.method()).isEqualTo(DiscoveryMethod.LOCAL_XML);
  }

  @Test
  void localXml_perAddressFileWinsOverPerDomainFile() throws Exception {
    Path domain = file("domain.xml", settings("https://domain.contoso.com/EWS/Exchange.asmx"));
    Path user = file("user.xml", settings("https://user.contoso.com/EWS/Exchange.asmx"));

    configure(b -> b.localXml("contoso.com", domain).localXml("jan@contoso.com", user));
    AutodiscoverResult result = request("Jan@Contoso.com").only(DiscoveryMethod.LOCAL_XML).resolve();

    assertThat(result.endpoint()).isEqualTo(user.toAbsolutePath().toUri());
  }

  @Test
  void localXml_whenNothingConfiguredOrFileMissing_recordsOutlooks8004010F() throws Exception {
    assertThatThrownBy(() -> request("jan@contoso.com").only(DiscoveryMethod.LOCAL_XML).resolve())
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e -> {
          Attempt a = attempt(e, DiscoveryMethod.LOCAL_XML, AttemptOutcome.NOT_CONFIGURED);
          assertThat(a.outlookStatus()).isEqualTo("0x8004010F");
          assertThat(e.trace().toOutlookStyleLog()).contains("local XML lookup for jan@contoso.com Failed (0x8004010F)");
        });
    Path missing = dir.resolve("nope.xml");
    configure(b -> b.localXml("contoso.com", missing));
    assertThatThrownBy(() -> request("jan@contoso.com").only(DiscoveryMethod.LOCAL_XML).resolve())
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e -> assertThat(
            attempt(e, DiscoveryMethod.LOCAL_XML, AttemptOutcome.NOT_CONFIGURED).detail()).hasValue("file not found"));
  }

  @Test
  void localXml_withDoctype_isRefusedByTheHardenedParser() throws Exception {
    Path f = file("evil.xml", "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        + "<Autodiscover>&x;</Autodiscover>");

    configure(b -> b.localXml("contoso.com", f));
    assertThatThrownBy(() -> request("jan@contoso.com").only(DiscoveryMethod.LOCAL_XML).resolve())
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e -> assertThat(
            attempt(e, DiscoveryMethod.LOCAL_XML, AttemptOutcome.NOT_FOUND).detail().orElseThrow())
            .contains("not an Autodiscover answer"));
  }

  @Test
  void localXml_redirectAddr_restartsDiscoveryForTheNewAddress() throws Exception {
    Path f = file("contoso.xml", redirectAddrXml("jan@fabrikam.com"));
    net.host("fabrikam.com").https().enqueue(xml(settingsXml("Jan", "jan@fabrikam.com",
        "https://mail.fabrikam.com/EWS/Exchange.asmx", null)));

    configure(b -> b.localXml("contoso.com", f));
    AutodiscoverResult result = request("jan@contoso.com").preferLocalXml(true)
        .only(DiscoveryMethod.LOCAL_XML, DiscoveryMethod.HTTPS_ROOT_DOMAIN).sequential().resolve();

    assertThat(result.finalAddress().toString()).isEqualTo("jan@fabrikam.com");
    assertThat(result.method()).isEqualTo(DiscoveryMethod.HTTPS_ROOT_DOMAIN);
    assertThat(attempt(result, DiscoveryMethod.LOCAL_XML, AttemptOutcome.REDIRECT_ADDRESS)).isNotNull();
  }

  @Test
  void localXml_redirectUrl_toAHosterIsFollowedBecauseTheCallerWroteTheFile() throws Exception {
    Path f = file("contoso.xml", redirectUrlXml("https://mail.litware.com/autodiscover/autodiscover.xml"));
    net.host("mail.litware.com").https().enqueue(xml(settings("https://mail.litware.com/EWS/Exchange.asmx")));

    configure(b -> b.localXml("contoso.com", f));
    AutodiscoverResult result = request("jan@contoso.com").only(DiscoveryMethod.LOCAL_XML).resolve();

    assertThat(result.endpoint()).isEqualTo(URI.create("https://mail.litware.com/autodiscover/autodiscover.xml"));
    assertThat(result.method()).isEqualTo(DiscoveryMethod.LOCAL_XML);
  }

  @Test
  void localXml_redirectUrl_toPlainHttpIsRefused() throws Exception {
    Path f = file("contoso.xml", redirectUrlXml("http://mail.litware.com/autodiscover/autodiscover.xml"));

    configure(b -> b.localXml("contoso.com", f));
    assertThatThrownBy(() -> request("jan@contoso.com").only(DiscoveryMethod.LOCAL_XML).resolve())
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e -> assertThat(
            attempt(e, DiscoveryMethod.LOCAL_XML, AttemptOutcome.REJECTED_BY_TRUST_POLICY).detail().orElseThrow())
            .contains("not https"));
  }
}
