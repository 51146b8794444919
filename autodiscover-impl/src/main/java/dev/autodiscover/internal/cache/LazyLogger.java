package dev.autodiscover.internal.cache;

import dev.autodiscover.internal.Lazy;
import java.util.Objects;
import java.util.ResourceBundle;

/**
 * A {@link System.Logger} that looks up the JDK's logger of its name at its first use, not when it is made:
 * looking one up starts the JDK's logging, which costs a fresh JVM tens of milliseconds, and a settings cache
 * whose file never misbehaves never logs. Thread-safe.
 */
final class LazyLogger implements System.Logger {
  private final String name;
  private final Lazy<System.Logger> logger;

  /**
   * A logger for {@code name}, looked up at first use.
   *
   * @param name the logger's name
   * @throws NullPointerException if {@code name} is null
   */
  LazyLogger(String name) {
    this.name = Objects.requireNonNull(name, "name");
    this.logger = Lazy.of(() -> System.getLogger(name));
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public boolean isLoggable(Level level) {
    return logger.get().isLoggable(level);
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
    logger.get().log(level, bundle, msg, thrown);
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String format, Object... params) {
    logger.get().log(level, bundle, format, params);
  }
}
