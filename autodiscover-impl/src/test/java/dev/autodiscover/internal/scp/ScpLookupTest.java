package dev.autodiscover.internal.scp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autodiscover.ActiveDirectory;
import dev.autodiscover.testkit.DirectoryForest;
import dev.autodiscover.internal.scp.ScpResult.Status;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The §2.3.2 procedure against real LDAP servers (UnboundID in-memory) on loopback, anonymous binds. */
final class ScpLookupTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static ExecutorService executor;

  private final List<DirectoryForest> forests = new ArrayList<>();
  private final List<String> locatorCalls = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startExecutor() {
    executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "scp-test");
      t.setDaemon(true);
      return t;
    });
  }

  @AfterAll
  static void stopExecutor() {
    executor.shutdownNow();
  }

  @AfterEach
  void stopForests() {
    forests.forEach(DirectoryForest::close);
  }

  private DirectoryForest forest(String host, String baseDn) throws Exception {
    DirectoryForest forest = DirectoryForest.start(host, baseDn);
    forests.add(forest);
    return forest;
  }

  private DirectoryForest contoso() throws Exception {
    return forest("dc1.corp.contoso.com", "DC=corp,DC=contoso,DC=com");
  }

  private DirectoryForest fabrikam() throws Exception {
    return forest("dc1.fabrikam.com", "DC=fabrikam,DC=com");
  }

  private ScpLookup lookup() {
    return new ScpLookup((domain, site) -> {
      locatorCalls.add(domain + "/" + site);
      return CompletableFuture.failedFuture(new IllegalStateException("no DNS in this test"));
    }, executor);
  }

  private static ScpResult run(ScpLookup lookup, ActiveDirectory ad) throws Exception {
    return lookup.lookup(new ScpQuery("contoso.com", ad, TIMEOUT, null), () -> false).get(20, TimeUnit.SECONDS);
  }

  private static String ad(String host) {
    return "https://" + host + "/Autodiscover/Autodiscover.xml";
  }

  @Test
  void workedExampleInSiteLondonOrdersSiteThenUnscopedThenOtherSites() throws Exception {
    DirectoryForest contoso = contoso();
    workedExample(contoso);

    ScpResult result = run(lookup(), ActiveDirectory.servers(contoso.url()).site("London"));

    assertThat(result.status()).isEqualTo(Status.FOUND);
    assertThat(result.urls()).containsExactly(
        URI.create(ad("lon-cas.corp.contoso.com")),
        URI.create(ad("mail.contoso.com")),
        URI.create(ad("tyo-cas.corp.contoso.com")));
    assertThat(result.log()).anySatisfy(l -> assertThat(l).contains("LDAP " + contoso.url()).contains("connected"));
    assertThat(result.log()).anySatisfy(l -> assertThat(l)
        .contains("configurationNamingContext = CN=Configuration,DC=corp,DC=contoso,DC=com"));
    assertThat(result.log()).anySatisfy(l -> assertThat(l).contains("CN=LON-EX01").contains("bucket 1"));
    assertThat(result.log()).anySatisfy(l -> assertThat(l).contains("CN=MAIL").contains("bucket 2"));
    assertThat(result.log()).anySatisfy(l -> assertThat(l).contains("CN=TYO-EX01").contains("bucket 3"));
    assertThat(result.log()).anySatisfy(l -> assertThat(l).contains("CN=Fabrikam")
        .contains("ignored (other domain)"));
  }

  @Test
  void workedExampleWithoutSitePutsEverySiteScopedUrlLast() throws Exception {
    DirectoryForest contoso = contoso();
    workedExample(contoso);

    ScpResult result = run(lookup(), ActiveDirectory.servers(contoso.url()));

    assertThat(result.status()).isEqualTo(Status.FOUND);
    assertThat(result.urls()).hasSize(3);
    assertThat(result.urls().get(0)).isEqualTo(URI.create(ad("mail.contoso.com")));
    assertThat(result.urls().subList(1, 3)).containsExactlyInAnyOrder(
        URI.create(ad("lon-cas.corp.contoso.com")), URI.create(ad("tyo-cas.corp.contoso.com")));
    assertThat(result.log()).anySatisfy(l -> assertThat(l).contains("CN=LON-EX01").contains("bucket 3")
        .contains("client site unknown"));
  }

  /** protocol.md §2.3.2 worked example: objects A, B, C, D. */
  private static void workedExample(DirectoryForest contoso) throws Exception {
    contoso.addScpUrl("TYO-EX01", ad("tyo-cas.corp.contoso.com"), "Site=Tokyo");
    contoso.addScpUrl("MAIL", ad("mail.contoso.com"));
    contoso.addScpUrl("LON-EX01", ad("lon-cas.corp.contoso.com"), "Site=London");
    contoso.addScpPointer("Fabrikam", "LDAP://dc1.fabrikam.net", "Domain=fabrikam.com");
    contoso.addOtherService("printers");
  }

  @Test
  void pointerForTheUsersDomainDiscardsThisForestAndSearchesTheOther() throws Exception {
    DirectoryForest contoso = contoso();
    DirectoryForest fabrikam = fabrikam();
    contoso.addScpUrl("EX01", ad("ex01.corp.contoso.com"));
    contoso.addScpPointer("Resource forest", fabrikam.url().replace("ldap://", "LDAP://"), "Domain=Contoso.com");
    fabrikam.addScpUrl("FAB-EX01", ad("mail.fabrikam.com"));

    ScpResult result = run(lookup(), ActiveDirectory.servers(contoso.url()));

    assertThat(result.status()).isEqualTo(Status.FOUND);
    assertThat(result.urls()).containsExactly(URI.create(ad("mail.fabrikam.com")));
    assertThat(fabrikam.requests()).anySatisfy(r -> assertThat(r).contains("search CN=Configuration,DC=fabrikam"));
    assertThat(result.log()).anySatisfy(l -> assertThat(l).contains("SCP hop 1 of at most 10"));
    assertThat(result.log()).anySatisfy(l -> assertThat(l).contains("Domain=contoso.com matches"));
  }

  @Test
  void fallbackPointerIsFollowedOnlyWhenTheForestHasNoUrl() throws Exception {
    DirectoryForest contoso = contoso();
    DirectoryForest fabrikam = fabrikam();
    contoso.addScpPointer("Any domain", fabrikam.url());
    fabrikam.addScpUrl("FAB-EX01", ad("mail.fabrikam.com"));

    ScpResult viaFallback = run(lookup(), ActiveDirectory.servers(contoso.url()));

    assertThat(viaFallback.status()).isEqualTo(Status.FOUND);
    assertThat(viaFallback.urls()).containsExactly(URI.create(ad("mail.fabrikam.com")));
    assertThat(viaFallback.log()).anySatisfy(l -> assertThat(l).contains("following the fallback pointer"));

    contoso.addScpUrl("EX01", ad("ex01.corp.contoso.com"));
    int fabrikamRequests = fabrikam.requests().size();

    ScpResult local = run(lookup(), ActiveDirectory.servers(contoso.url()));

    assertThat(local.urls()).containsExactly(URI.create(ad("ex01.corp.contoso.com")));
    assertThat(fabrikam.requests()).hasSize(fabrikamRequests);
  }

  @Test
  void pointerLoopEndsWithLoop() throws Exception {
    DirectoryForest contoso = contoso();
    DirectoryForest fabrikam = fabrikam();
    contoso.addScpPointer("To fabrikam", fabrikam.url(), "Domain=contoso.com");
    fabrikam.addScpPointer("Back to contoso", contoso.url(), "Domain=contoso.com");

    ScpResult result = run(lookup(), ActiveDirectory.servers(contoso.url()));

    assertThat(result.status()).isEqualTo(Status.LOOP);
    assertThat(result.urls()).isEmpty();
    assertThat(result.detail()).contains(contoso.url());
  }

  @Test
  void hopLimitStopsAChainOfPointers() throws Exception {
    DirectoryForest contoso = contoso();
    DirectoryForest fabrikam = fabrikam();
    DirectoryForest tailspin = forest("dc1.tailspin.example", "DC=tailspin,DC=example");
    contoso.addScpPointer("To fabrikam", fabrikam.url(), "Domain=contoso.com");
    fabrikam.addScpPointer("To tailspin", tailspin.url(), "Domain=contoso.com");
    tailspin.addScpUrl("TS-EX01", ad("mail.tailspin.example"));

    ScpResult limited = run(lookup(), ActiveDirectory.servers(contoso.url()).maxPointerHops(1));
    ScpResult unlimited = run(lookup(), ActiveDirectory.servers(contoso.url()));
    ScpResult none = run(lookup(), ActiveDirectory.servers(contoso.url()).maxPointerHops(0));

    assertThat(limited.status()).isEqualTo(Status.HOP_LIMIT);
    assertThat(limited.detail()).contains(tailspin.url()).contains("limit of 1");
    assertThat(unlimited.status()).isEqualTo(Status.FOUND);
    assertThat(unlimited.urls()).containsExactly(URI.create(ad("mail.tailspin.example")));
    assertThat(none.status()).isEqualTo(Status.HOP_LIMIT);
  }

  @Test
  void keywordsMatchCaseInsensitivelyAndDuplicatesKeepTheFirst() throws Exception {
    DirectoryForest contoso = contoso();
    contoso.addScpWithKeywords("EX01", ad("ex01.corp.contoso.com"), URL.toLowerCase(), "site=LONDON");
    contoso.addScpWithKeywords("EX02", "https://EX01.corp.contoso.com/autodiscover/autodiscover.xml",
        URL.toUpperCase());
    contoso.addScpUrl("EX03", ad("ex03.corp.contoso.com"));
    contoso.addScpUrl("EX04", ad("ex03.corp.contoso.com").toUpperCase().replace("HTTPS", "https"), "Site=Paris");

    ScpResult result = run(lookup(), ActiveDirectory.servers(contoso.url()).site("London"));

    assertThat(result.urls()).containsExactly(URI.create(ad("ex01.corp.contoso.com")),
        URI.create(ad("ex03.corp.contoso.com")));
    assertThat(result.log()).filteredOn(l -> l.startsWith("duplicate")).hasSize(2);
  }

  private static final String URL = DirectoryForest.URL_KEYWORD;

  @Test
  void onlyHttpsAutodiscoverUrlsAreReturned() throws Exception {
    DirectoryForest contoso = contoso();
    contoso.addScpUrl("HTTP", "http://ex01.corp.contoso.com/Autodiscover/Autodiscover.xml");
    contoso.addScpUrl("OWA", "https://ex01.corp.contoso.com/owa/");
    contoso.addScpUrl("USERINFO", "https://user:Pa55@ex01.corp.contoso.com/Autodiscover/Autodiscover.xml");
    contoso.addScpUrl("JUNK", "not a url at all");

    ScpResult onlyBad = run(lookup(), ActiveDirectory.servers(contoso.url()));

    assertThat(onlyBad.status()).isEqualTo(Status.NO_SCP);
    assertThat(onlyBad.log()).filteredOn(l -> l.startsWith("dropped")).hasSize(4);
    assertThat(onlyBad.log()).noneSatisfy(l -> assertThat(l).contains("Pa55"));

    contoso.addScpUrl("GOOD", ad("good.corp.contoso.com"));
    assertThat(run(lookup(), ActiveDirectory.servers(contoso.url())).urls())
        .containsExactly(URI.create(ad("good.corp.contoso.com")));
  }

  @Test
  void directoryWithoutScpObjectsIsNoScp() throws Exception {
    DirectoryForest contoso = contoso();
    contoso.addOtherService("printers");

    ScpResult result = run(lookup(), ActiveDirectory.servers(contoso.url()));

    assertThat(result.status()).isEqualTo(Status.NO_SCP);
    assertThat(result.log()).anySatisfy(l -> assertThat(l).contains("returned 0 SCP object(s)"));
  }

  @Test
  void deadFirstServerIsSkipped() throws Exception {
    DirectoryForest contoso = contoso();
    contoso.addScpUrl("EX01", ad("ex01.corp.contoso.com"));
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String dead = "ldap://dc2.corp.contoso.com:" + closedPort;

    ScpResult result = run(lookup(), ActiveDirectory.servers(dead, contoso.url()));

    assertThat(result.status()).isEqualTo(Status.FOUND);
    assertThat(result.log()).anySatisfy(l -> assertThat(l).startsWith("LDAP " + dead + ": not reachable, skipped"));
  }

  @Test
  void silentServerCostsAtMostTheTimeout() throws Exception {
    DirectoryForest contoso = contoso();
    contoso.addScpUrl("EX01", ad("ex01.corp.contoso.com"));
    // Accepts TCP connections (the kernel completes the handshake into the backlog) but never answers.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String url = "ldap://dc2.corp.contoso.com:" + silent.getLocalPort();
      Duration timeout = Duration.ofMillis(300);
      long start = System.nanoTime();

      ScpResult result = lookup().lookup(new ScpQuery("contoso.com", ActiveDirectory.servers(url), timeout, null),
          () -> false).get(20, TimeUnit.SECONDS);
      ScpResult next = lookup().lookup(new ScpQuery("contoso.com", ActiveDirectory.servers(url, contoso.url()),
          timeout, null), () -> false).get(20, TimeUnit.SECONDS);

      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      assertThat(result.status()).isEqualTo(Status.NO_DIRECTORY);
      assertThat(result.log()).anySatisfy(l -> assertThat(l).contains("not reachable").contains("timed out"));
      assertThat(next.status()).isEqualTo(Status.FOUND);
      // Two lookups, each waiting out one 300 ms read timeout; generous bound so a busy machine cannot flake.
      assertThat(elapsed).isLessThan(Duration.ofSeconds(4));
    }
  }

  @Test
  void noServerAtAllIsNoDirectory() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }

    ScpResult result = run(lookup(), ActiveDirectory.servers("ldap://dc1.corp.contoso.com:" + closedPort,
        "ldap://dc2.corp.contoso.com:" + closedPort));

    assertThat(result.status()).isEqualTo(Status.NO_DIRECTORY);
    assertThat(result.detail()).contains("none of the directory servers");
  }

  @Test
  void serverWithoutConfigurationNamingContextIsAnError() throws Exception {
    // A plain LDAP server (not AD): RootDSE lacks configurationNamingContext.
    com.unboundid.ldap.listener.InMemoryDirectoryServerConfig config =
        new com.unboundid.ldap.listener.InMemoryDirectoryServerConfig("dc=example,dc=org");
    config.setListenerConfigs(com.unboundid.ldap.listener.InMemoryListenerConfig.createLDAPConfig("ldap",
        InetAddress.getLoopbackAddress(), 0, null));
    com.unboundid.ldap.listener.InMemoryDirectoryServer plain =
        new com.unboundid.ldap.listener.InMemoryDirectoryServer(config);
    plain.startListening();
    try {
      ScpResult result = run(lookup(), ActiveDirectory.servers("ldap://dc2.corp.contoso.com:" + plain.getListenPort()));

      assertThat(result.status()).isEqualTo(Status.ERROR);
      assertThat(result.detail()).contains("configurationNamingContext");
    } finally {
      plain.shutDown(true);
    }
  }

  @Test
  void locatorIsAskedWhenNoServerIsConfigured() throws Exception {
    DirectoryForest contoso = contoso();
    contoso.addScpUrl("EX01", ad("ex01.corp.contoso.com"));
    ScpLookup lookup = new ScpLookup((domain, site) -> {
      locatorCalls.add(domain + "/" + site);
      return CompletableFuture.completedFuture(List.of(URI.create(contoso.url())));
    }, executor);

    ScpResult result = run(lookup, ActiveDirectory.locatedByDns().site("London").adDomain("Corp.Contoso.com"));

    assertThat(result.status()).isEqualTo(Status.FOUND);
    assertThat(locatorCalls).containsExactly("corp.contoso.com/London");
  }

  @Test
  void locatorFailureOrEmptyAnswerIsNoDirectory() throws Exception {
    ScpResult failed = run(lookup(), ActiveDirectory.locatedByDns());
    ScpResult empty = run(new ScpLookup((d, s) -> CompletableFuture.completedFuture(List.of()), executor),
        ActiveDirectory.locatedByDns());
    ScpResult silent = lookup(new ScpLookup((d, s) -> new CompletableFuture<>(), executor),
        ActiveDirectory.locatedByDns(), Duration.ofMillis(100));

    assertThat(locatorCalls).containsExactly("contoso.com/null");
    assertThat(failed.status()).isEqualTo(Status.NO_DIRECTORY);
    assertThat(failed.log()).anySatisfy(l -> assertThat(l).contains("no DNS in this test"));
    assertThat(empty.status()).isEqualTo(Status.NO_DIRECTORY);
    assertThat(silent.status()).isEqualTo(Status.NO_DIRECTORY);
    assertThat(silent.log()).anySatisfy(l -> assertThat(l).contains("did not answer within 100 ms"));
  }

  private static ScpResult lookup(ScpLookup lookup, ActiveDirectory ad, Duration timeout) throws Exception {
    return lookup.lookup(new ScpQuery("contoso.com", ad, timeout, null), () -> false).get(20, TimeUnit.SECONDS);
  }

  @Test
  void cancelledLookupStopsBeforeTouchingTheDirectory() throws Exception {
    DirectoryForest contoso = contoso();
    contoso.addScpUrl("EX01", ad("ex01.corp.contoso.com"));

    CompletableFuture<ScpResult> future = lookup().lookup(
        new ScpQuery("contoso.com", ActiveDirectory.servers(contoso.url()), TIMEOUT, null), () -> true);

    assertThatThrownBy(() -> future.get(20, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
    assertThat(contoso.requests()).isEmpty();
  }

  @Test
  void rejectedTaskFailsTheFuture() {
    ScpLookup lookup = new ScpLookup((d, s) -> new CompletableFuture<>(), r -> {
      throw new java.util.concurrent.RejectedExecutionException("shut down");
    });

    assertThat(lookup.lookup(new ScpQuery("contoso.com", ActiveDirectory.locatedByDns(), TIMEOUT, null),
        () -> false)).isCompletedExceptionally();
  }

  @Test
  void queryValidatesItsInput() throws IOException {
    assertThatThrownBy(() -> new ScpQuery(" ", ActiveDirectory.locatedByDns(), TIMEOUT, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("emailDomain");
    assertThatThrownBy(() -> new ScpQuery("contoso.com", ActiveDirectory.locatedByDns(), Duration.ZERO, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
    assertThat(new ScpQuery(" Contoso.COM ", ActiveDirectory.locatedByDns(), TIMEOUT, null).emailDomain())
        .isEqualTo("contoso.com");
  }
}
