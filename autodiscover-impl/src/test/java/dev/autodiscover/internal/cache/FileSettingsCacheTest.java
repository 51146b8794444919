package dev.autodiscover.internal.cache;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static dev.autodiscover.internal.cache.CacheEntries.endpoint;
import static dev.autodiscover.internal.cache.CacheEntries.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.lang.System.Logger.Level;
import java.util.ResourceBundle;
import java.util.stream.Stream;
import dev.autodiscover.AutodiscoverProtocol;
import dev.autodiscover.CacheEntry;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.SettingsCache;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileSettingsCacheTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private static final EmailAddress JAN = EmailAddress.parse("Jan.Novak@contoso.com");
  private static final EmailAddress BOB = EmailAddress.parse("bob@contoso.com");
  private static final EmailAddress EVE = EmailAddress.parse("eve@fabrikam.com");
  private static final URI CONTOSO = URI.create("https://autodiscover.contoso.com/autodiscover/autodiscover.xml");
  private static final String VALID_ENTRY =
      "endpoint|2025-03-01T10:00:00Z|2025-03-08T10:00:00Z|POX|SCP|https://autodiscover.contoso.com/a";

  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(T0);
  private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
  private final System.Logger recorder = new System.Logger() {
    @Override
    public String getName() {
      return "recorder";
    }

    @Override
    public boolean isLoggable(Level level) {
      return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      logged.add(new LogRecord(level, msg));
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      logged.add(new LogRecord(level, format));
    }
  };
  private Path file;

  /** One message given to the logger. */
  private record LogRecord(Level level, String message) {}

  @BeforeEach
  void setUp() {
    file = dir.resolve("settings-cache.properties");
  }

  private FileSettingsCache open(Path path) {
    return open(path, SettingsCache.DEFAULT_ENDPOINT_TTL, SettingsCache.DEFAULT_MAX_ENTRIES);
  }

  private FileSettingsCache open(Path path, Duration endpointTtl, int maxEntries) {
    return new FileSettingsCache(path, endpointTtl, SettingsCache.DEFAULT_FAILURE_TTL, maxEntries, clock, recorder);
  }

  private List<LogRecord> warnings() {
    return logged.stream().filter(r -> r.level() == Level.WARNING).toList();
  }

  @Test
  void entries_surviveANewInstance() {
    FileSettingsCache first = open(file);
    first.storeEndpoint(JAN, CONTOSO, AutodiscoverProtocol.SOAP, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
    first.storeFailure(EVE, "every method failed | 404 | timeout");

    FileSettingsCache second = open(file);
    assertThat(second.lookup(JAN)).contains(first.lookup(JAN).orElseThrow());
    assertThat(second.lookup(BOB).orElseThrow())
        .isEqualTo(new CacheEntry.Endpoint(CacheEntry.Scope.DOMAIN, "contoso.com", "jan.novak@contoso.com", CONTOSO,
            AutodiscoverProtocol.SOAP, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, T0, T0.plus(Duration.ofDays(7))));
    assertThat(failure(second.lookup(EVE)).reason()).isEqualTo("every method failed | 404 | timeout");
    assertThat(second).hasToString("SettingsCache[kind=file, path=" + file + ", entries=3]");
    assertThat(warnings()).isEmpty();
  }

  @Test
  void addressOnlyEntry_survivesANewInstance_withoutADomainEntry() {
    open(file).storeAddressEndpoint(JAN, CONTOSO, AutodiscoverProtocol.POX, DiscoveryMethod.SCP);

    FileSettingsCache reread = open(file);
    assertThat(reread.lookup(JAN)).contains(new CacheEntry.Endpoint(CacheEntry.Scope.ADDRESS, "contoso.com",
        "jan.novak@contoso.com", CONTOSO, AutodiscoverProtocol.POX, DiscoveryMethod.SCP, T0, T0.plus(Duration.ofDays(7))));
    assertThat(reread.lookup(BOB)).isEmpty();
    assertThat(reread).hasToString("SettingsCache[kind=file, path=" + file + ", entries=1]");
  }

  @ParameterizedTest
  // Every character a dot-atom address may hold that means something in a properties file or to the cache.
  @ValueSource(strings = {"o|dd=x#z!@contoso.com", "Jan.O'Hara+{x}~^`$%&*/?@contoso.com"})
  void unusualAddresses_roundTripThroughTheFile(String raw) {
    EmailAddress address = EmailAddress.parse(raw);
    open(file).storeEndpoint(address, CONTOSO, AutodiscoverProtocol.POX, DiscoveryMethod.SCP);
    open(file).storeFailure(EmailAddress.parse("other|x@fabrikam.com"), "a | b");

    FileSettingsCache reread = open(file);
    assertThat(reread.lookup(address).orElseThrow().scope()).isEqualTo(CacheEntry.Scope.ADDRESS);
    assertThat(reread.lookup(BOB).orElseThrow().identity()).isEqualTo(CacheEntry.identityOf(address));
    assertThat(failure(reread.lookup(EmailAddress.parse("other|x@fabrikam.com"))).reason()).isEqualTo("a | b");
    assertThat(warnings()).isEmpty();
  }

  @Test
  void entries_expireWithTheClock_andAShorterTtlOfTheReaderApplies() {
    open(file).storeEndpoint(JAN, CONTOSO, AutodiscoverProtocol.POX, DiscoveryMethod.DNS_SRV);
    clock.advance(Duration.ofDays(2));

    FileSettingsCache shortLived = open(file, Duration.ofDays(1), 100);
    assertThat(shortLived.lookup(JAN)).isEmpty();
    FileSettingsCache normal = open(file);
    assertThat(normal.lookup(JAN).orElseThrow().expiresAt()).isEqualTo(T0.plus(Duration.ofDays(7)));

    clock.advance(Duration.ofDays(5));
    assertThat(open(file).lookup(JAN)).isEmpty();
    assertThat(normal.lookup(JAN)).isEmpty();
  }

  @Test
  void failures_expireAfterFailureTtlAcrossInstances() {
    open(file).storeFailure(JAN, "not found");
    clock.advance(Duration.ofMinutes(4));
    failure(open(file).lookup(JAN));
    clock.advance(Duration.ofMinutes(1));
    assertThat(open(file).lookup(JAN)).isEmpty();
  }

  @Test
  void writes_leaveOnlyTheCacheFile() throws IOException {
    FileSettingsCache cache = open(file);
    for (int i = 0; i < 5; i++) {
      cache.storeEndpoint(EmailAddress.parse("u" + i + "@contoso.com"), CONTOSO, AutodiscoverProtocol.POX,
          DiscoveryMethod.SCP);
    }
    cache.storeFailure(EVE, "not found");
    cache.invalidate(JAN);

    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
    assertThat(Files.readString(file, ISO_8859_1)).contains("format=dev.autodiscover.SettingsCache", "version=1");
  }

  @Test
  void file_andCreatedParentAreOwnerOnlyOnPosix() throws IOException {
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");
    Path nested = dir.resolve("new").resolve("cache.properties");
    open(nested).storeEndpoint(JAN, CONTOSO, AutodiscoverProtocol.POX, DiscoveryMethod.SCP);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nested))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nested.getParent())))
        .isEqualTo("rwx------");

    Files.writeString(file, "");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    open(file).storeEndpoint(JAN, CONTOSO, AutodiscoverProtocol.POX, DiscoveryMethod.SCP);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // foreign: no marker, or the wrong one
      "[mail]\nsecret-token=abc\n",
      "format=something.else\nversion=1\n",
      "# only a comment secret-token\n",
      // unknown version
      "format=dev.autodiscover.SettingsCache\nversion=99\n",
      // unparseable properties
      "format=dev.autodiscover.SettingsCache\nversion=1\nsecret-token=\\uZZZZ\n",
      // wrong types, bad URIs, bad times, bad keys, bad addresses
      "format=dev.autodiscover.SettingsCache\nversion=1\naddress.jan@contoso.com="
          + "endpoint|2025-03-01T10:00:00Z|2025-03-08T10:00:00Z|GOPHER|SCP|https://a.contoso.com/secret-token\n",
      "format=dev.autodiscover.SettingsCache\nversion=1\naddress.jan@contoso.com="
          + "endpoint|2025-03-01T10:00:00Z|2025-03-08T10:00:00Z|POX|SCP|http://a.contoso.com/secret-token\n",
      "format=dev.autodiscover.SettingsCache\nversion=1\naddress.jan@contoso.com="
          + "endpoint|2025-03-01T10:00:00Z|2025-03-08T10:00:00Z|POX|SCP|https://a.contoso.com/?secret-token\n",
      "format=dev.autodiscover.SettingsCache\nversion=1\naddress.jan@contoso.com="
          + "endpoint|2025-03-01T10:00:00Z|2025-03-08T10:00:00Z|POX|SCP|https://a.contoso.com/ bad secret-token\n",
      "format=dev.autodiscover.SettingsCache\nversion=1\naddress.jan@contoso.com="
          + "endpoint|yesterday|2025-03-08T10:00:00Z|POX|SCP|https://a.contoso.com/secret-token\n",
      "format=dev.autodiscover.SettingsCache\nversion=1\naddress.jan@contoso.com=endpoint|secret-token\n",
      "format=dev.autodiscover.SettingsCache\nversion=1\ndomain.contoso.com="
          + "failure|2025-03-01T10:00:00Z|2025-03-01T10:05:00Z|secret-token\n",
      "format=dev.autodiscover.SettingsCache\nversion=1\ndomain.contoso.com="
          + "endpoint|2025-03-01T10:00:00Z|2025-03-08T10:00:00Z|POX|SCP|https://a.contoso.com/|jan@fabrikam.com\n",
      "format=dev.autodiscover.SettingsCache\nversion=1\naddress.Jan@contoso.com="
          + "endpoint|2025-03-01T10:00:00Z|2025-03-08T10:00:00Z|POX|SCP|https://a.contoso.com/secret-token\n",
      "format=dev.autodiscover.SettingsCache\nversion=1\nmailbox.jan@contoso.com=secret-token\n",
  })
  void unusableFile_isIgnoredWithOneWarningAndReplacedOnNextWrite(String content) throws IOException {
    Files.writeString(file, content, ISO_8859_1);
    FileSettingsCache cache = open(file);

    assertThat(cache.lookup(EmailAddress.parse("jan@contoso.com"))).isEmpty();
    assertThat(cache.lookup(BOB)).isEmpty();
    assertThat(warnings()).singleElement().satisfies(r -> assertThat(r.message())
        .contains(file.toString())
        .doesNotContain("secret-token"));

    cache.storeEndpoint(EVE, CONTOSO, AutodiscoverProtocol.POX, DiscoveryMethod.SCP);
    assertThat(Files.readString(file, ISO_8859_1)).contains("format=dev.autodiscover.SettingsCache")
        .doesNotContain("secret-token");
    assertThat(open(file).lookup(EVE)).isPresent();
    assertThat(warnings()).hasSize(1);
  }

  @Test
  void binaryGarbage_isIgnoredAndReplaced() throws IOException {
    byte[] garbage = new byte[4096];
    new java.util.Random(42).nextBytes(garbage);
    Files.write(file, garbage);
    FileSettingsCache cache = open(file);

    assertThat(cache.lookup(JAN)).isEmpty();
    assertThat(warnings()).singleElement().satisfies(r -> assertThat(r.message()).contains(file.toString()));
    cache.storeEndpoint(JAN, CONTOSO, AutodiscoverProtocol.POX, DiscoveryMethod.SCP);
    assertThat(open(file).lookup(JAN)).isPresent();
  }

  @Test
  void validHandWrittenFile_isAccepted() throws IOException {
    Files.writeString(file, "format=dev.autodiscover.SettingsCache\nversion=1\naddress.jan@contoso.com=" + VALID_ENTRY
        + "\n", ISO_8859_1);

    CacheEntry.Endpoint entry = endpoint(open(file).lookup(EmailAddress.parse("JAN@contoso.com")));
    assertThat(entry.endpoint()).isEqualTo(URI.create("https://autodiscover.contoso.com/a"));
    assertThat(entry.foundBy()).isEqualTo(DiscoveryMethod.SCP);
    assertThat(warnings()).isEmpty();
  }

  @Test
  void emptyFile_isAnEmptyCacheWithoutWarningAndIsReplaced() throws IOException {
    Files.writeString(file, "");
    FileSettingsCache cache = open(file);

    assertThat(cache.lookup(JAN)).isEmpty();
    cache.storeEndpoint(JAN, CONTOSO, AutodiscoverProtocol.POX, DiscoveryMethod.SCP);
    assertThat(Files.size(file)).isPositive();
    assertThat(open(file).lookup(JAN)).isPresent();
    assertThat(warnings()).isEmpty();
  }

  @Test
  void changesByAnotherInstance_areSeen() {
    FileSettingsCache a = open(file);
    FileSettingsCache b = open(file);
    assertThat(b.lookup(JAN)).isEmpty();

    a.storeEndpoint(JAN, CONTOSO, AutodiscoverProtocol.POX, DiscoveryMethod.SCP);
    assertThat(b.lookup(BOB)).isPresent();

    b.storeFailure(EVE, "not found");
    b.invalidate(JAN);
    assertThat(a.lookup(JAN)).isEmpty();
    assertThat(a.lookup(EVE)).isPresent();

    a.clear();
    assertThat(b.lookup(EVE)).isEmpty();
    assertThat(b).hasToString("SettingsCache[kind=file, path=" + file + ", entries=0]");
  }

  @Test
  void unwritableLocation_keepsWorkingFromMemoryWithOneWarning() throws IOException {
    Path notADirectory = dir.resolve("plain-file");
    Files.writeString(notADirectory, "x");
    Path impossible = notADirectory.resolve("cache.properties");
    FileSettingsCache cache = open(impossible);

    cache.storeEndpoint(JAN, CONTOSO, AutodiscoverProtocol.POX, DiscoveryMethod.SCP);
    cache.storeFailure(EVE, "not found");

    assertThat(endpoint(cache.lookup(JAN)).endpoint()).isEqualTo(CONTOSO);
    failure(cache.lookup(EVE));
    assertThat(warnings()).singleElement().satisfies(r -> assertThat(r.message())
        .contains(impossible.toString())
        .contains("memory"));
  }

  @Test
  void pathThatIsADirectory_isNotReplaced() throws IOException {
    Path directory = Files.createDirectory(dir.resolve("cache-dir"));
    FileSettingsCache cache = open(directory);

    cache.storeEndpoint(JAN, CONTOSO, AutodiscoverProtocol.POX, DiscoveryMethod.SCP);

    assertThat(directory).isDirectory();
    assertThat(cache.lookup(JAN)).isPresent();
    assertThat(warnings()).isNotEmpty();
  }

  @Test
  void credentialsQueriesAndFragments_neverReachTheFile() throws IOException {
    FileSettingsCache cache = open(file);
    cache.storeEndpoint(JAN,
        URI.create("https://jan:Pa55word@autodiscover.contoso.com/autodiscover/autodiscover.json"
            + "?Email=jan@contoso.com&access_token=eyJtoken#frag"),
        AutodiscoverProtocol.JSON_V2, DiscoveryMethod.O365_ENDPOINT);

    String content = Files.readString(file, ISO_8859_1);
    assertThat(content)
        .contains("https\\://autodiscover.contoso.com/autodiscover/autodiscover.json")
        .doesNotContain("Pa55word", "jan:", "access_token", "eyJtoken", "Email=", "frag", "?");
    assertThat(cache.toString()).doesNotContain("jan", "contoso.com/");
  }

  @Test
  void maxEntries_boundsTheFile() {
    FileSettingsCache cache = open(file, Duration.ofDays(7), 4);
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(1));
      cache.storeEndpoint(EmailAddress.parse("u@d" + i + ".example"), CONTOSO, AutodiscoverProtocol.POX,
          DiscoveryMethod.SCP);
    }

    FileSettingsCache reread = open(file, Duration.ofDays(7), 100);
    assertThat(reread.lookup(EmailAddress.parse("x@d0.example"))).isEmpty();
    assertThat(reread.lookup(EmailAddress.parse("u@d3.example"))).isPresent();
    assertThat(reread.lookup(EmailAddress.parse("u@d4.example"))).isPresent();
    assertThat(reread).hasToString("SettingsCache[kind=file, path=" + file + ", entries=4]");
  }

  @Test
  void concurrentStoresFromSeveralThreadsAndInstances_loseNothing() throws Exception {
    int threads = 6;
    int perThread = 20;
    FileSettingsCache[] instances = {open(file), open(file)};
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          FileSettingsCache cache = instances[thread % 2];
          for (int i = 0; i < perThread; i++) {
            cache.storeEndpoint(EmailAddress.parse("user" + i + "@t" + thread + ".example"), CONTOSO,
                AutodiscoverProtocol.POX, DiscoveryMethod.SCP);
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    FileSettingsCache reread = open(file);
    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < perThread; i++) {
        assertThat(reread.lookup(EmailAddress.parse("user" + i + "@t" + t + ".example")))
            .hasValueSatisfying(e -> assertThat(e.scope()).isEqualTo(CacheEntry.Scope.ADDRESS));
      }
    }
    assertThat(reread).hasToString("SettingsCache[kind=file, path=" + file + ", entries=" + (threads * perThread
        + threads) + "]");
    assertThat(warnings()).isEmpty();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }
}
