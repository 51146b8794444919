package dev.autodiscover.examples.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodiscover.AutodiscoverClient;
import dev.autodiscover.AutodiscoverException;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.DomainSettingError;
import dev.autodiscover.DomainSettingName;
import dev.autodiscover.DomainSettingsResult;
import dev.autodiscover.InvalidEmailAddressException;
import dev.autodiscover.PrintableText;

/**
 * {@code domain-settings <address> [--setting NAME ...] [resolve options]}: finds the address's Autodiscover
 * endpoint and asks its SOAP service for the domain's settings with {@code GetDomainSettings}. Without
 * {@code --setting} it asks for {@code ExternalEwsUrl} and {@code ExternalEwsVersion}. Text output is the
 * trace, a blank line, then one {@code Name: value} line per setting; {@code --json} prints one JSON object.
 * Exit codes are those of {@code resolve} ({@link ExitCode}).
 */
final class DomainSettingsCommand {
  private static final Set<DomainSettingName> DEFAULT_SETTINGS =
      EnumSet.of(DomainSettingName.EXTERNAL_EWS_URL, DomainSettingName.EXTERNAL_EWS_VERSION);

  private DomainSettingsCommand() {}

  static int run(List<String> args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
    boolean json = args.contains("--json");
    Set<DomainSettingName> names = EnumSet.noneOf(DomainSettingName.class);
    List<String> rest = new ArrayList<>();
    ResolveCommandLine cmd;
    try {
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        if (arg.equals("--setting")) {
          if (i + 1 >= args.size()) {
            throw new UsageException("option --setting needs a value");
          }
          names.add(settingName(args.get(++i)));
        } else if (arg.startsWith("--setting=")) {
          names.add(settingName(arg.substring("--setting=".length())));
        } else {
          rest.add(arg);
          if (ResolveCommandLine.VALUE_OPTIONS.contains(arg) && i + 1 < args.size()) {
            rest.add(args.get(++i)); // an option value is never taken for --setting or the address
          }
        }
      }
      cmd = ResolveCommandLine.parse(rest, in, env);
    } catch (UsageException e) {
      return usageError(json, null, e.getMessage(), out, err);
    }
    if (cmd.help) {
      out.print(Main.usage());
      return ExitCode.OK.code();
    }
    AutodiscoverClient client;
    try {
      client = cmd.newClient();
    } catch (UsageException e) {
      cmd.wipeSecrets();
      return usageError(json, cmd.email, e.getMessage(), out, err);
    } catch (RuntimeException e) { // no implementation
      cmd.wipeSecrets();
      return Main.failed(cmd.email, json, e, out, err);
    }
    try (client) {
      AutodiscoverRequest request;
      try {
        request = cmd.applyTo(client.forEmail(cmd.email));
      } catch (UsageException e) {
        return usageError(json, cmd.email, e.getMessage(), out, err);
      } catch (InvalidEmailAddressException e) {
        return Main.failed(cmd.email, json, e, out, err);
      }
      DomainSettingsResult result = request.resolveDomainSettings(names.isEmpty() ? DEFAULT_SETTINGS : names);
      if (json) {
        out.println(success(cmd.email, result));
      } else {
        out.print(result.trace().toOutlookStyleLog());
        out.println();
        out.println("Domain: " + result.domain());
        out.println("Endpoint: " + PrintableText.escape(result.endpoint().toString()));
        // Names and values come from the server: printed escaped, so they cannot add lines or control sequences.
        result.settings().raw().forEach((name, value) ->
            out.println(PrintableText.escape(name) + ": " + PrintableText.escape(value)));
        for (DomainSettingError e : result.settings().settingErrors()) {
          out.println(PrintableText.escape(e.settingName() + ": not available (" + e.errorCode()
              + (e.message().isBlank() ? "" : ": " + e.message()) + ")"));
        }
      }
      return ExitCode.OK.code();
    } catch (RuntimeException e) { // AutodiscoverException, CancellationException
      return Main.failed(cmd.email, json, e, out, err);
    } finally {
      cmd.wipeSecrets();
    }
  }

  private static DomainSettingName settingName(String value) throws UsageException {
    String wanted = value.strip().replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    for (DomainSettingName name : DomainSettingName.values()) {
      if (name.wireName().toLowerCase(Locale.ROOT).equals(wanted)) {
        return name;
      }
    }
    throw new UsageException("unknown domain setting '" + value + "'; known: " + Arrays.stream(
        DomainSettingName.values()).map(DomainSettingName::wireName).collect(Collectors.joining(", ")));
  }

  private static String success(String email, DomainSettingsResult result) {
    ObjectNode root = JsonReport.envelope(email, true);
    root.put("domain", result.domain());
    root.put("endpoint", result.endpoint().toString());
    ObjectNode settings = root.putObject("settings");
    result.settings().raw().forEach(settings::put);
    ArrayNode errors = root.putArray("settingErrors");
    for (DomainSettingError e : result.settings().settingErrors()) {
      errors.addObject().put("setting", e.settingName()).put("errorCode", e.errorCode()).put("message", e.message());
    }
    root.putNull("error");
    root.set("trace", JsonReport.trace(result.trace()));
    return JsonReport.write(root);
  }

  private static int usageError(boolean json, String email, String message, PrintStream out, PrintStream err) {
    if (json) {
      out.println(JsonReport.usage(email, message));
    }
    err.println("Error: " + message);
    err.println();
    err.print(Main.usage());
    return ExitCode.USAGE.code();
  }
}
