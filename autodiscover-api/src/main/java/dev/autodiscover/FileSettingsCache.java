package dev.autodiscover;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * {@link SettingsCache#file(Path)}: a {@link CacheTable} mirrored to a properties file.
 *
 * <p>Every operation first compares the file's identity, modification time and size with what it last saw and
 * re-reads the file when they differ, so changes by other instances and processes are picked up; every change
 * then rewrites the whole file (temp file and atomic move). Instances in one JVM that use the same path share
 * one lock, so their read-modify-write cycles do not interleave.
 *
 * <p>File format, one {@link Properties} entry each: {@code format=dev.autodiscover.SettingsCache},
 * {@code version=1}, then {@code address.<identity>} or {@code domain.<domain>} mapped to
 * {@code endpoint|<storedAt>|<expiresAt>|<protocol>|<foundBy>|<uri>} (domain entries append
 * {@code |<identity>}) or {@code failure|<storedAt>|<expiresAt>|<reason>}. A URI cannot contain {@code |};
 * the identity and the reason come last, so they may.
 */
final class FileSettingsCache implements SettingsCache {
  static final String FORMAT_KEY = "format";
  static final String FORMAT = "dev.autodiscover.SettingsCache";
  static final String VERSION_KEY = "version";
  static final String VERSION = "1";
  /** Far above 10,000 entries of the longest kind; anything bigger is not ours. */
  static final int MAX_FILE_BYTES = 32 << 20;

  /** Where warnings about the file go unless a test says otherwise. */
  static final System.Logger DEFAULT_LOG = System.getLogger(SettingsCache.class.getName());
  private static final String ADDRESS_PREFIX = "address.";
  private static final String DOMAIN_PREFIX = "domain.";
  private static final String ENDPOINT = "endpoint";
  private static final String FAILURE = "failure";
  private static final ConcurrentHashMap<Path, Object> LOCKS = new ConcurrentHashMap<>();

  /** What the file looked like when last read or written; a different stamp means someone changed it. */
  private record Stamp(boolean exists, @Nullable Object fileKey, FileTime modified, long size) {
    static final Stamp MISSING = new Stamp(false, null, FileTime.fromMillis(0), -1);
  }

  /** Why a file was not accepted; the message never quotes the file's contents. */
  private static final class UnusableFileException extends Exception {
    private static final long serialVersionUID = 1L;

    UnusableFileException(String problem) {
      super(problem, null, false, false);
    }
  }

  private final Path path;
  private final Duration endpointTtl;
  private final Duration failureTtl;
  private final Clock clock;
  private final System.Logger log;
  private final Object lock;
  private final CacheTable table;
  private @Nullable Stamp seen;
  private boolean writeFailing;

  FileSettingsCache(
      Path path, Duration endpointTtl, Duration failureTtl, int maxEntries, Clock clock, System.Logger log) {
    Objects.requireNonNull(path, "path");
    this.log = Objects.requireNonNull(log, "log");
    this.endpointTtl = CacheTable.checkTtl(endpointTtl, "endpointTtl");
    this.failureTtl = CacheTable.checkTtl(failureTtl, "failureTtl");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.table = new CacheTable(maxEntries);
    this.path = path.toAbsolutePath().normalize();
    if (this.path.getFileName() == null || this.path.getParent() == null) {
      throw new IllegalArgumentException("path must name a file, not " + this.path);
    }
    this.lock = LOCKS.computeIfAbsent(this.path, p -> new Object());
  }

  @Override
  public Optional<CacheEntry> lookup(EmailAddress address) {
    Objects.requireNonNull(address, "address");
    synchronized (lock) {
      refresh();
      return table.lookup(address, clock.instant());
    }
  }

  @Override
  public void storeEndpoint(
      EmailAddress address, URI endpoint, AutodiscoverProtocol protocol, DiscoveryMethod foundBy) {
    URI clean = CacheTable.checkEndpointArguments(address, endpoint, protocol, foundBy);
    synchronized (lock) {
      refresh();
      table.putEndpoint(address, clean, protocol, foundBy, clock.instant(), endpointTtl);
      write();
    }
  }

  @Override
  public void storeFailure(EmailAddress address, String reason) {
    String clean = CacheTable.checkFailureArguments(address, reason);
    synchronized (lock) {
      refresh();
      table.putFailure(address, clean, clock.instant(), failureTtl);
      write();
    }
  }

  @Override
  public void invalidate(EmailAddress address) {
    Objects.requireNonNull(address, "address");
    synchronized (lock) {
      refresh();
      table.invalidate(address);
      write();
    }
  }

  @Override
  public void clear() {
    synchronized (lock) {
      refresh();
      table.clear();
      write();
    }
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "SettingsCache[kind=file, path=" + path + ", entries=" + table.size() + "]";
    }
  }

  // ---- reading ----

  private void refresh() {
    Stamp current = stamp();
    if (current.equals(seen)) {
      return;
    }
    seen = current;
    table.clear();
    if (current.exists()) {
      load();
    }
  }

  private Stamp stamp() {
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      return new Stamp(true, a.fileKey(), a.lastModifiedTime(), a.size());
    } catch (NoSuchFileException e) {
      return Stamp.MISSING;
    } catch (IOException | SecurityException e) {
      // Cannot tell whether it changed: keep working with what is in memory.
      return seen != null ? seen : Stamp.MISSING;
    }
  }

  private void load() {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(path)) {
      bytes = in.readNBytes(MAX_FILE_BYTES + 1);
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException | SecurityException e) {
      warnUnusable("it cannot be read (" + describe(e) + ")");
      return;
    }
    try {
      if (bytes.length > MAX_FILE_BYTES) {
        throw new UnusableFileException("it is larger than " + (MAX_FILE_BYTES >> 20) + " MiB");
      }
      List<CacheEntry> loaded = parse(bytes, clock.instant());
      loaded.sort(Comparator.comparing(CacheEntry::storedAt));
      loaded.forEach(table::put);
    } catch (UnusableFileException e) {
      table.clear();
      warnUnusable(e.getMessage());
    }
  }

  private void warnUnusable(String problem) {
    log.log(Level.WARNING, "Ignoring Autodiscover settings cache file " + path + ": " + problem
        + ". It will be replaced on the next write.");
  }

  private List<CacheEntry> parse(byte[] bytes, Instant now) throws UnusableFileException {
    Properties properties = new Properties();
    try {
      // ISO-8859-1 with unicode escapes, as Properties.store(OutputStream) writes it.
      properties.load(new ByteArrayInputStream(bytes));
    } catch (IOException | IllegalArgumentException e) {
      throw new UnusableFileException("it is not a readable properties file");
    }
    List<CacheEntry> entries = new ArrayList<>();
    if (bytes.length == 0) {
      return entries;
    }
    if (!FORMAT.equals(properties.getProperty(FORMAT_KEY))) {
      throw new UnusableFileException("it has no '" + FORMAT_KEY + "=" + FORMAT + "' line, so it is not ours");
    }
    if (!VERSION.equals(properties.getProperty(VERSION_KEY))) {
      throw new UnusableFileException("its format version is not " + VERSION);
    }
    for (String key : properties.stringPropertyNames()) {
      if (key.equals(FORMAT_KEY) || key.equals(VERSION_KEY)) {
        continue;
      }
      CacheEntry entry = parseEntry(key, properties.getProperty(key));
      // An entry written with a longer TTL (another configuration) is only as fresh as ours allows.
      Duration ttl = entry.isFailure() ? failureTtl : endpointTtl;
      Instant expiresAt = min(entry.expiresAt(), entry.storedAt().plus(ttl));
      if (now.isBefore(expiresAt)) {
        entries.add(new CacheEntry(entry.scope(), entry.domain(), entry.identity(), entry.endpoint(),
            entry.protocol(), entry.foundBy(), entry.failure(), entry.storedAt(), expiresAt));
      }
    }
    return entries;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static CacheEntry parseEntry(String key, String value) throws UnusableFileException {
    CacheEntry.Scope scope;
    String name;
    if (key.startsWith(ADDRESS_PREFIX)) {
      scope = CacheEntry.Scope.ADDRESS;
      name = key.substring(ADDRESS_PREFIX.length());
    } else if (key.startsWith(DOMAIN_PREFIX)) {
      scope = CacheEntry.Scope.DOMAIN;
      name = key.substring(DOMAIN_PREFIX.length());
    } else {
      throw new UnusableFileException("it has a key that is neither an address nor a domain entry");
    }
    String[] head = value.split("\\|", 4);
    if (head.length != 4) {
      throw new UnusableFileException("an entry has too few fields");
    }
    try {
      Instant storedAt = Instant.parse(head[1]);
      Instant expiresAt = Instant.parse(head[2]);
      if (head[0].equals(FAILURE) && scope == CacheEntry.Scope.ADDRESS) {
        String identity = checkedIdentity(name);
        return new CacheEntry(scope, domainOf(identity), identity, null, null, null,
            CacheEntry.sanitizeFailure(head[3]), storedAt, expiresAt);
      }
      if (!head[0].equals(ENDPOINT)) {
        throw new UnusableFileException("an entry is neither an endpoint nor an address failure");
      }
      String[] rest = head[3].split("\\|", scope == CacheEntry.Scope.ADDRESS ? 3 : 4);
      if (rest.length != (scope == CacheEntry.Scope.ADDRESS ? 3 : 4)) {
        throw new UnusableFileException("an endpoint entry has too few fields");
      }
      String identity = checkedIdentity(scope == CacheEntry.Scope.ADDRESS ? name : rest[3]);
      String domain = domainOf(identity);
      if (scope == CacheEntry.Scope.DOMAIN && !domain.equals(name)) {
        throw new UnusableFileException("a domain entry names an address of another domain");
      }
      return new CacheEntry(scope, domain, identity, new URI(rest[2]), AutodiscoverProtocol.valueOf(rest[0]),
          DiscoveryMethod.valueOf(rest[1]), null, storedAt, expiresAt);
    } catch (DateTimeException e) {
      throw new UnusableFileException("an entry has a malformed time");
    } catch (URISyntaxException e) {
      throw new UnusableFileException("an entry has a malformed URI");
    } catch (IllegalArgumentException e) {
      // Unknown enum constant, a non-https or unclean endpoint, a blank reason, times out of order.
      throw new UnusableFileException("an entry has an invalid value");
    }
  }

  /** Accepts only an identity in the normalised form the stores write. */
  private static String checkedIdentity(String identity) throws UnusableFileException {
    EmailAddress parsed;
    try {
      parsed = EmailAddress.parse(identity);
    } catch (InvalidEmailAddressException e) {
      throw new UnusableFileException("an entry's address is malformed");
    }
    if (!CacheEntry.identityOf(parsed).equals(identity)) {
      throw new UnusableFileException("an entry's address is not normalised");
    }
    return identity;
  }

  private static String domainOf(String identity) {
    return identity.substring(identity.lastIndexOf('@') + 1);
  }

  // ---- writing ----

  private void write() {
    table.removeExpired(clock.instant());
    Path dir = Objects.requireNonNull(path.getParent());
    @Nullable Path temp = null;
    try {
      byte[] bytes = serialize();
      boolean posix = path.getFileSystem().supportedFileAttributeViews().contains("posix");
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, posix ? ownerOnly("rwx------") : new FileAttribute<?>[0]);
      }
      if (Files.isDirectory(path)) {
        throw new FileSystemException(path.toString(), null, "is a directory");
      }
      String prefix = "." + path.getFileName() + ".";
      temp = Files.createTempFile(dir, prefix, ".tmp", posix ? ownerOnly("rw-------") : new FileAttribute<?>[0]);
      Files.write(temp, bytes);
      try {
        Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
      seen = stamp();
      if (writeFailing) {
        writeFailing = false;
        log.log(Level.INFO, "Autodiscover settings cache file " + path + " is writable again");
      }
    } catch (IOException | SecurityException e) {
      if (!writeFailing) {
        writeFailing = true;
        log.log(Level.WARNING, "Could not write Autodiscover settings cache file " + path + " ("
            + describe(e) + "); keeping entries in memory only until a write succeeds");
      }
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException | SecurityException e) {
          log.log(Level.DEBUG, "Could not delete temporary file " + temp);
        }
      }
    }
  }

  private static FileAttribute<?>[] ownerOnly(String permissions) {
    return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))};
  }

  private static String describe(Exception e) {
    String type = e.getClass().getSimpleName();
    return e.getMessage() == null ? type : type + ": " + e.getMessage();
  }

  private byte[] serialize() throws IOException {
    Properties properties = new Properties();
    properties.setProperty(FORMAT_KEY, FORMAT);
    properties.setProperty(VERSION_KEY, VERSION);
    for (CacheEntry e : table.entries()) {
      String times = "|" + e.storedAt() + "|" + e.expiresAt() + "|";
      if (e.isFailure()) {
        properties.setProperty(ADDRESS_PREFIX + e.identity(), FAILURE + times + e.failure());
      } else if (e.scope() == CacheEntry.Scope.ADDRESS) {
        properties.setProperty(ADDRESS_PREFIX + e.identity(),
            ENDPOINT + times + e.protocol() + "|" + e.foundBy() + "|" + e.endpoint());
      } else {
        properties.setProperty(DOMAIN_PREFIX + e.domain(),
            ENDPOINT + times + e.protocol() + "|" + e.foundBy() + "|" + e.endpoint() + "|" + e.identity());
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    properties.store(out, "Autodiscover SDK settings cache (last known good endpoints); rewritten by the SDK");
    return out.toByteArray();
  }
}
