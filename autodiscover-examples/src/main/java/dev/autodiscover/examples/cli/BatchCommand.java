package dev.autodiscover.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodiscover.AutodiscoverErrorResponseException;
import dev.autodiscover.AutodiscoverException;
import dev.autodiscover.AutodiscoverClient;
import dev.autodiscover.BatchItem;
import dev.autodiscover.BatchProgress;
import dev.autodiscover.BatchRequest;
import dev.autodiscover.UserSettingName;

/**
 * {@code batch <file> [--format csv|jsonl] [--output FILE] [--concurrency N] [--chunk-size N] [resolve options]}:
 * discovers every address of a file at once and writes one line per address, in input order.
 *
 * <p>Input: one address per line, or CSV whose first column is the address; a first line without {@code @}
 * is a header; lines starting with {@code #} and blank lines are skipped. Exit code 0 when every address
 * succeeded, 4 when some failed, 2 for usage errors (including an unreadable input file).
 */
final class BatchCommand {
  private static final ObjectMapper MAPPER = SafeJson.mapper();
  private static final Set<String> VALUE_OPTIONS = Set.of("--format", "--output", "--concurrency", "--chunk-size");
  private static final int BAR_WIDTH = 30;

  private BatchCommand() {}

  static int run(List<String> args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env,
      boolean interactive) {
    String file = null;
    String format = "csv";
    Path output = null;
    int concurrency = BatchRequest.DEFAULT_CONCURRENCY;
    int chunkSize = BatchRequest.DEFAULT_CHUNK_SIZE;
    List<String> shared = new ArrayList<>();
    ResolveCommandLine options;
    try {
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        String name = arg;
        String value = null;
        if (arg.startsWith("--") && arg.indexOf('=') > 2) {
          name = arg.substring(0, arg.indexOf('='));
          value = arg.substring(arg.indexOf('=') + 1);
        }
        if (VALUE_OPTIONS.contains(name)) {
          if (value == null) {
            if (i + 1 >= args.size()) {
              throw new UsageException("option " + name + " needs a value");
            }
            value = args.get(++i);
          }
          switch (name) {
            case "--format" -> {
              format = value.toLowerCase(Locale.ROOT);
              if (!format.equals("csv") && !format.equals("jsonl")) {
                throw new UsageException("--format must be csv or jsonl, got '" + value + "'");
              }
            }
            case "--output" -> output = Path.of(value);
            case "--concurrency" -> concurrency = OptionValues.count(name, value, 1, BatchRequest.MAX_CONCURRENCY);
            default -> chunkSize = OptionValues.count(name, value, 1, BatchRequest.MAX_CHUNK_SIZE);
          }
        } else if (name.equals("-h") || name.equals("--help")) {
          out.print(Main.usage());
          return ExitCode.OK.code();
        } else if (name.equals("--json")) {
          throw new UsageException("batch writes CSV or JSON lines: use --format jsonl instead of --json");
        } else if (ResolveCommandLine.VALUE_OPTIONS.contains(name)) {
          shared.add(arg);
          if (value == null && i + 1 < args.size()) {
            shared.add(args.get(++i));
          }
        } else if (!arg.startsWith("-") && file == null) {
          file = arg;
        } else {
          shared.add(arg);
        }
      }
      if (file == null) {
        throw new UsageException("missing input file: batch <file> [options]");
      }
      options = ResolveCommandLine.parseOptions(shared, in, env);
    } catch (UsageException e) {
      return usageError(err, e.getMessage());
    }
    try {
      List<String> addresses;
      try {
        addresses = readAddresses(Path.of(file));
      } catch (IOException | UncheckedIOException e) {
        return usageError(err, "cannot read input file " + file + ": " + e.getMessage());
      }
      List<BatchItem> items;
      try (AutodiscoverClient client = options.newClient()) {
        BatchRequest batch = options.applyTo(client.forEmails(addresses))
            .concurrency(concurrency)
            .chunkSize(chunkSize);
        if (interactive) {
          batch = batch.progressListener(p -> bar(err, p));
        }
        items = batch.resolve();
      }
      try (OutputStream target = output == null ? null : Files.newOutputStream(output)) {
        PrintStream sink = target == null ? out : new PrintStream(target, false, StandardCharsets.UTF_8);
        write(items, format, sink);
        sink.flush();
      } catch (IOException e) {
        err.println("Error: cannot write " + output + ": " + e.getMessage());
        return ExitCode.OTHER.code();
      }
      long failed = items.stream().filter(i -> !i.isSuccess()).count();
      err.println(items.size() + " addresses: " + (items.size() - failed) + " succeeded, " + failed + " failed");
      return failed == 0 ? ExitCode.OK.code() : ExitCode.NOT_FOUND.code();
    } catch (UsageException e) {
      return usageError(err, e.getMessage());
    } catch (RuntimeException e) { // no implementation, cancellation
      err.println("Error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      return ExitCode.OTHER.code();
    } finally {
      options.wipeSecrets();
    }
  }

  /** The first CSV column of each data line; a first line without '@' is a header. */
  static List<String> readAddresses(Path file) throws IOException {
    List<String> addresses = new ArrayList<>();
    boolean first = true;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      String column = firstColumn(trimmed);
      if (first && !column.contains("@")) {
        first = false;
        continue;
      }
      first = false;
      addresses.add(column);
    }
    return addresses;
  }

  private static String firstColumn(String line) {
    if (line.startsWith("\"")) {
      StringBuilder value = new StringBuilder();
      for (int i = 1; i < line.length(); i++) {
        char c = line.charAt(i);
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            value.append('"');
            i++;
          } else {
            break;
          }
        } else {
          value.append(c);
        }
      }
      return value.toString().strip();
    }
    int comma = line.indexOf(',');
    return (comma < 0 ? line : line.substring(0, comma)).strip();
  }

  private static void write(List<BatchItem> items, String format, PrintStream sink) {
    if (format.equals("csv")) {
      sink.print("email,ok,ewsUrl,endpoint,error\r\n");
      for (BatchItem item : items) {
        sink.print(String.join(",", csv(item.input()), Boolean.toString(item.isSuccess()),
            csv(item.ewsUrl().map(u -> u.uri().toString()).orElse("")),
            csv(item.endpoint().map(Object::toString).orElse("")),
            csv(item.failure().map(f -> f.getClass().getSimpleName() + ": " + f.getMessage()).orElse(""))) + "\r\n");
      }
      return;
    }
    for (BatchItem item : items) {
      sink.println(jsonLine(item));
    }
  }

  private static String jsonLine(BatchItem item) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("email", item.input());
    root.put("ok", item.isSuccess());
    root.put("address", item.address().map(Object::toString).orElse(null));
    root.put("ewsUrl", item.ewsUrl().map(u -> u.uri().toString()).orElse(null));
    root.put("endpoint", item.endpoint().map(Object::toString).orElse(null));
    if (item.userSettings().isPresent()) {
      ObjectNode settings = root.putObject("settings");
      for (Map.Entry<UserSettingName, String> e : item.userSettings().get().asMap().entrySet()) {
        settings.put(e.getKey().wireName(), e.getValue());
      }
    } else {
      root.putNull("settings");
    }
    if (item.failure().isPresent()) {
      AutodiscoverException f = item.failure().get();
      ObjectNode error = root.putObject("error");
      error.put("type", ExitCode.of(f).errorType());
      error.put("exception", f.getClass().getSimpleName());
      error.put("message", String.valueOf(f.getMessage()));
      if (f instanceof AutodiscoverErrorResponseException e) {
        error.put("errorCode", e.errorCode());
        error.put("endpoint", e.endpoint().toString());
      }
    } else {
      root.putNull("error");
    }
    root.set("trace", JsonReport.trace(item.trace()));
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON", e);
    }
  }

  private static String csv(String value) {
    if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  private static void bar(PrintStream err, BatchProgress p) {
    int filled = p.total() == 0 ? BAR_WIDTH : (int) ((long) p.done() * BAR_WIDTH / p.total());
    err.print("\r[" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] " + p.done() + "/" + p.total()
        + "  ok " + p.succeeded() + "  failed " + p.failed() + (p.isComplete() ? "\n" : ""));
    err.flush();
  }

  private static int usageError(PrintStream err, String message) {
    err.println("Error: " + message);
    err.println();
    err.print(Main.usage());
    return ExitCode.USAGE.code();
  }
}
