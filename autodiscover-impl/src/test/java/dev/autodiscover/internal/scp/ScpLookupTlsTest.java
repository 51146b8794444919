package dev.autodiscover.internal.scp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodiscover.ActiveDirectory;
import dev.autodiscover.testkit.DirectoryForest;
import dev.autodiscover.internal.scp.ScpResult.Status;
import com.unboundid.asn1.ASN1StreamReader;
import com.unboundid.ldap.protocol.ExtendedResponseProtocolOp;
import com.unboundid.ldap.protocol.LDAPMessage;
import com.unboundid.ldap.sdk.LDAPException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Binds with credentials: the password only ever crosses a verified TLS connection (StartTLS or LDAPS), and a
 * rejected bind is not replayed. Real TLS with a throw-away CA whose leaf names {@code dc1.corp.contoso.com}.
 */
final class ScpLookupTlsTest {
  private static final String PASSWORD = "Corr3ct-H0rse!";
  private static final String BASE = "DC=corp,DC=contoso,DC=com";
  private static final URI EX01 = URI.create("https://ex01.corp.contoso.com/Autodiscover/Autodiscover.xml");

  private static ExecutorService executor;
  private static HandshakeCertificates serverTls;
  private static SSLContext clientTrust;

  private final List<DirectoryForest> forests = new ArrayList<>();

  @BeforeAll
  static void setUp() {
    executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "scp-tls-test");
      t.setDaemon(true);
      return t;
    });
    HeldCertificate root = new HeldCertificate.Builder().commonName("SCP Test Root").certificateAuthority(0)
        .duration(1, TimeUnit.DAYS).build();
    HeldCertificate leaf = new HeldCertificate.Builder().commonName("dc1.corp.contoso.com")
        .addSubjectAlternativeName("dc1.corp.contoso.com").signedBy(root).duration(1, TimeUnit.DAYS).build();
    serverTls = new HandshakeCertificates.Builder().heldCertificate(leaf).build();
    clientTrust = new HandshakeCertificates.Builder().addTrustedCertificate(root.certificate()).build().sslContext();
  }

  @AfterAll
  static void tearDown() {
    executor.shutdownNow();
  }

  @AfterEach
  void stopForests() {
    forests.forEach(DirectoryForest::close);
  }

  private DirectoryForest startTlsForest(String password) throws Exception {
    DirectoryForest forest = DirectoryForest.startWithStartTls("dc1.corp.contoso.com", BASE, password,
        serverTls.sslSocketFactory());
    forest.addScpUrl("EX01", EX01.toString());
    forests.add(forest);
    return forest;
  }

  private DirectoryForest ldapsForest() throws Exception {
    DirectoryForest forest = DirectoryForest.startLdaps("dc1.corp.contoso.com", BASE, PASSWORD,
        serverTls.sslContext().getServerSocketFactory());
    forest.addScpUrl("EX01", EX01.toString());
    forests.add(forest);
    return forest;
  }

  private static ScpResult run(ActiveDirectory ad, @Nullable SSLContext trust) throws Exception {
    ScpLookup lookup = new ScpLookup((d, s) -> CompletableFuture.completedFuture(List.of()), executor);
    ScpResult result = lookup.lookup(new ScpQuery("contoso.com", ad, Duration.ofSeconds(3), trust), () -> false)
        .get(20, TimeUnit.SECONDS);
    assertThat(String.join("\n", result.log()) + result.detail()).doesNotContain(PASSWORD);
    return result;
  }

  private static ActiveDirectory simpleBind(ActiveDirectory ad, DirectoryForest forest) {
    return ad.simpleBind(forest.bindDn(), PASSWORD.toCharArray());
  }

  @Test
  void simpleBindWithStartTlsBindsOnTheUpgradedConnection() throws Exception {
    DirectoryForest forest = startTlsForest(PASSWORD);

    ScpResult result = run(simpleBind(ActiveDirectory.servers(forest.url()).startTls(true), forest), clientTrust);

    assertThat(result.status()).isEqualTo(Status.FOUND);
    assertThat(result.urls()).containsExactly(EX01);
    // The upgrade happens before the bind, and everything after it stays on that one connection.
    List<String> requests = forest.requests();
    assertThat(requests).hasSizeGreaterThanOrEqualTo(3);
    assertThat(requests.get(0)).isEqualTo("- starttls");
    String connection = requests.get(1).split(" ")[0];
    assertThat(requests.get(1)).isEqualTo(connection + " bind " + forest.bindDn());
    assertThat(requests.subList(1, requests.size())).allSatisfy(r -> assertThat(r).startsWith(connection + " "));
    assertThat(result.log()).anySatisfy(l -> assertThat(l).contains("StartTLS negotiated"));
  }

  @Test
  void simpleBindOverPlainLdapIsRefusedBeforeAnythingIsSent() throws Exception {
    DirectoryForest forest = startTlsForest(PASSWORD);

    ScpResult result = run(simpleBind(ActiveDirectory.servers(forest.url()), forest), clientTrust);

    assertThat(result.status()).isEqualTo(Status.BIND_REFUSED);
    assertThat(result.detail()).startsWith("simple bind refused for " + forest.url())
        .contains("clear text").contains("ldaps://").contains("StartTLS").doesNotContain("gave no answer");
    assertThat(forest.requests()).isEmpty();
  }

  @Test
  void refusalIsStillTheReasonWhenTheNextServerIsDead() throws Exception {
    DirectoryForest forest = startTlsForest(PASSWORD);
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    // An ldaps:// server is tried (the password would be protected), but nothing listens there.
    String dead = "ldaps://dc2.corp.contoso.com:" + closedPort;

    ScpResult result = run(simpleBind(ActiveDirectory.servers(forest.url(), dead), forest), clientTrust);

    assertThat(result.status()).isEqualTo(Status.BIND_REFUSED);
    assertThat(result.detail()).contains("could be used").contains("clear text").contains("last: ")
        .contains("Connection refused");
    assertThat(forest.requests()).isEmpty();
  }

  @Test
  void refusedPlainServerIsSkippedForAnLdapsOne() throws Exception {
    DirectoryForest plain = startTlsForest(PASSWORD);
    DirectoryForest ldaps = ldapsForest();

    ScpResult result = run(simpleBind(ActiveDirectory.servers(plain.url(), ldaps.url()), ldaps), clientTrust);

    assertThat(result.status()).isEqualTo(Status.FOUND);
    assertThat(plain.requests()).isEmpty();
    assertThat(ldaps.requests()).anySatisfy(r -> assertThat(r).contains(" bind " + ldaps.bindDn()));
  }

  @Test
  void simpleBindOverLdapsUsesTheGivenTrust() throws Exception {
    DirectoryForest forest = ldapsForest();

    ScpResult trusted = run(simpleBind(ActiveDirectory.servers(forest.url()), forest), clientTrust);
    ScpResult jdkDefaultTrust = run(simpleBind(ActiveDirectory.servers(forest.url()), forest), null);

    assertThat(trusted.status()).isEqualTo(Status.FOUND);
    assertThat(trusted.urls()).containsExactly(EX01);
    assertThat(jdkDefaultTrust.status()).isNotEqualTo(Status.FOUND);
    assertThat(forest.requests()).filteredOn(r -> r.contains(" bind ")).hasSize(1);
  }

  @Test
  void ldapsCertificateMustNameTheServer() throws Exception {
    DirectoryForest forest = ldapsForest();
    String otherName = forest.url().replace("dc1.corp", "dc2.corp");

    ScpResult result = run(simpleBind(ActiveDirectory.servers(otherName), forest), clientTrust);

    assertThat(result.status()).isNotEqualTo(Status.FOUND);
    assertThat(forest.requests()).isEmpty();
  }

  @Test
  void startTlsWithUntrustedOrMismatchedCertificateNeverSendsThePassword() throws Exception {
    DirectoryForest forest = startTlsForest(PASSWORD);
    String otherName = forest.url().replace("dc1.corp", "dc2.corp");

    ScpResult untrusted = run(simpleBind(ActiveDirectory.servers(forest.url()).startTls(true), forest), null);
    ScpResult mismatched = run(simpleBind(ActiveDirectory.servers(otherName).startTls(true), forest), clientTrust);

    assertThat(untrusted.status()).isEqualTo(Status.ERROR);
    assertThat(mismatched.status()).isEqualTo(Status.ERROR);
    assertThat(forest.requests()).noneSatisfy(r -> assertThat(r).contains(" bind "));
  }

  @Test
  void serverWithoutStartTlsIsNotUsedInClearText() throws Exception {
    DirectoryForest forest = DirectoryForest.start("dc1.corp.contoso.com", BASE);
    forests.add(forest);
    forest.addScpUrl("EX01", EX01.toString());

    ScpResult result = run(simpleBind(ActiveDirectory.servers(forest.url()).startTls(true), forest), clientTrust);

    assertThat(result.status()).isEqualTo(Status.ERROR);
    assertThat(forest.requests()).noneSatisfy(r -> assertThat(r).contains(" bind "));
    assertThat(forest.requests()).noneSatisfy(r -> assertThat(r).contains(" search "));
  }

  @Test
  void stalledStartTlsHandshakeCostsAtMostTheTimeout() throws Exception {
    // A server that says yes to StartTLS and then never speaks TLS: JNDI's read timeout does not cover this.
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread fake = new Thread(() -> answerStartTlsThenStall(server), "stalled-starttls");
      fake.setDaemon(true);
      fake.start();
      ActiveDirectory ad = ActiveDirectory.servers("ldap://dc1.corp.contoso.com:" + server.getLocalPort())
          .startTls(true).simpleBind("CN=svc", PASSWORD.toCharArray());
      ScpLookup lookup = new ScpLookup((d, s) -> CompletableFuture.completedFuture(List.of()), executor);
      long start = System.nanoTime();

      ScpResult result = lookup.lookup(new ScpQuery("contoso.com", ad, Duration.ofMillis(300), clientTrust),
          () -> false).get(20, TimeUnit.SECONDS);

      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      assertThat(result.status()).isEqualTo(Status.ERROR);
      assertThat(result.detail()).contains("StartTLS negotiation failed");
      assertThat(elapsed).isLessThan(Duration.ofSeconds(3));
    }
  }

  private static void answerStartTlsThenStall(ServerSocket server) {
    try (Socket socket = server.accept()) {
      LDAPMessage request = LDAPMessage.readFrom(new ASN1StreamReader(socket.getInputStream()), true);
      LDAPMessage response = new LDAPMessage(request.getMessageID(),
          new ExtendedResponseProtocolOp(0, null, null, null, "1.3.6.1.4.1.1466.20037", null));
      socket.getOutputStream().write(response.encode().encode());
      socket.getOutputStream().flush();
      socket.getInputStream().transferTo(OutputStream.nullOutputStream());  // until the client gives up
    } catch (IOException | LDAPException e) {
      // The client closed the connection: that is the point of the test.
    }
  }

  @Test
  void rejectedBindEndsTheLookupWithoutTryingOtherServers() throws Exception {
    DirectoryForest first = startTlsForest("a-different-password");
    DirectoryForest second = startTlsForest(PASSWORD);

    ScpResult result = run(simpleBind(ActiveDirectory.servers(first.url(), second.url()).startTls(true), first),
        clientTrust);

    assertThat(result.status()).isEqualTo(Status.BIND_REFUSED);
    assertThat(result.detail()).contains("bind rejected by " + first.url());
    assertThat(second.requests()).isEmpty();
  }
}
