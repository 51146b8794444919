package dev.autodiscover.internal.cache;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
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
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import dev.autodiscover.AutodiscoverProtocol;
import dev.autodiscover.CacheEntry;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.SettingsCache;
import org.jspecify.annotations.Nullable;

/**
 * {@link SettingsCache#file(Path)}: a {@link CacheTable} mirrored to a properties file.
 *
 * <p>Every operation first compares the file's identity, modification time and size with what it last saw and
 * re-reads the file when they differ, so changes by other instances and processes are picked up; every change
 * then rewrites the whole file (temp file and atomic move). Instances in one JVM that use the same path share
 * one lock, so their read-modify-write cycles do not interleave.
 *
 * <p>The file format is {@link CacheFileFormat}'s.
 */
public final class FileSettingsCache implements SettingsCache {
  /** Far above 10,000 entries of the longest kind; anything bigger is not ours. */
  static final int MAX_FILE_BYTES = 32 << 20;

  /** Where warnings about the file go unless a test says otherwise; looked up when first used. */
  public static final System.Logger DEFAULT_LOG = new LazyLogger(SettingsCache.class.getName());
  private static final ConcurrentHashMap<Path, Object> LOCKS = new ConcurrentHashMap<>();

  /** What the file looked like when last read or written; a different stamp means someone changed it. */
  private record Stamp(boolean exists, @Nullable Object fileKey, FileTime modified, long size) {
    static final Stamp MISSING = new Stamp(false, null, FileTime.fromMillis(0), -1);
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

  /**
   * Makes a cache for a file; does no I/O.
   *
   * @param path the cache file; made absolute and normalised
   * @param endpointTtl how long an endpoint stays fresh; positive, at most {@link SettingsCache#MAX_TTL}
   * @param failureTtl how long a failure stays fresh; positive, at most {@link SettingsCache#MAX_TTL}
   * @param maxEntries how many entries to keep; positive
   * @param clock the time source for storing and expiring entries
   * @param log where warnings about the file go
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a TTL or {@code maxEntries} is out of range, or {@code path} names no file
   */
  public FileSettingsCache(
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
  public void storeAddressEndpoint(
      EmailAddress address, URI endpoint, AutodiscoverProtocol protocol, DiscoveryMethod foundBy) {
    URI clean = CacheTable.checkEndpointArguments(address, endpoint, protocol, foundBy);
    synchronized (lock) {
      refresh();
      table.putAddressEndpoint(address, clean, protocol, foundBy, clock.instant(), endpointTtl);
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
        throw new CacheFileFormat.UnusableFileException("it is larger than " + (MAX_FILE_BYTES >> 20) + " MiB");
      }
      List<CacheEntry> loaded = CacheFileFormat.parse(bytes, clock.instant(), endpointTtl, failureTtl);
      loaded.sort(Comparator.comparing(CacheEntry::storedAt));
      loaded.forEach(table::put);
    } catch (CacheFileFormat.UnusableFileException e) {
      table.clear();
      warnUnusable(e.getMessage());
    }
  }

  private void warnUnusable(String problem) {
    log.log(Level.WARNING, "Ignoring Autodiscover settings cache file " + path + ": " + problem
        + ". It will be replaced on the next write.");
  }

  // ---- writing ----

  private void write() {
    table.removeExpired(clock.instant());
    Path dir = Objects.requireNonNull(path.getParent());
    @Nullable Path temp = null;
    try {
      byte[] bytes = CacheFileFormat.serialize(table.entries());
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
}
