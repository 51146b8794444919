package dev.autodiscover.examples.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import dev.autodiscover.AutodiscoverClient;
import dev.autodiscover.AutodiscoverException;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.InvalidEmailAddressException;
import dev.autodiscover.examples.demo.ContosoDemo;

/**
 * The {@code autodiscover} command-line tool: finds where a mailbox lives and prints the Outlook-style
 * trace, the EWS URL or a typed error.
 *
 * <pre>{@code
 * java -jar autodiscover-cli.jar resolve jan.novak@contoso.com --exclude scp --attempt-timeout 5s
 * java -jar autodiscover-cli.jar resolve jan.novak@contoso.com --json
 * java -jar autodiscover-cli.jar batch mailboxes.csv --format jsonl --output results.jsonl
 * java -jar autodiscover-cli.jar demo
 * }</pre>
 *
 * <p>{@link #run} does all the work against the streams it is given, so tests run the tool in-process.
 * The exit codes are listed in {@link ExitCode}. No secret (password, token) is ever printed.
 */
public final class Main {
  private Main() {}

  /**
   * Runs the tool and exits the JVM with its exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    int code = run(args, System.in, System.out, System.err, System.getenv());
    System.out.flush();
    System.err.flush();
    System.exit(code);
  }

  /**
   * Runs the tool without exiting the JVM.
   *
   * @param args the command line
   * @param in standard input (read only for {@code --password-stdin})
   * @param out standard output
   * @param err standard error
   * @param env the environment variables ({@code --password-env}, {@code --token-env})
   * @return the exit code, see {@link ExitCode}
   */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
    if (args.length == 0) {
      err.println("Error: missing command");
      err.print(usage());
      return ExitCode.USAGE.code();
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    switch (args[0]) {
      case "resolve":
        return resolve(rest, in, out, err, env);
      case "domain-settings":
        return DomainSettingsCommand.run(rest, in, out, err, env);
      case "batch":
        return BatchCommand.run(rest, in, out, err, env, System.console() != null);
      case "demo":
        if (!rest.isEmpty() && (rest.contains("-h") || rest.contains("--help"))) {
          out.print(usage());
          return ExitCode.OK.code();
        }
        if (!rest.isEmpty()) {
          return usageError(err, "demo takes no arguments, got: " + String.join(" ", rest));
        }
        return ContosoDemo.run(out, err);
      case "help":
      case "-h":
      case "--help":
        out.print(usage());
        return ExitCode.OK.code();
      default:
        return usageError(err, "unknown command: " + args[0]);
    }
  }

  private static int resolve(List<String> args, InputStream in, PrintStream out, PrintStream err,
      Map<String, String> env) {
    boolean json = args.contains("--json");
    ResolveCommandLine cmd;
    try {
      cmd = ResolveCommandLine.parse(args, in, env);
    } catch (UsageException e) {
      if (json) {
        out.println(JsonReport.usage(firstPositional(args), e.getMessage()));
      }
      return usageError(err, e.getMessage());
    }
    if (cmd.help) {
      out.print(usage());
      return ExitCode.OK.code();
    }
    AutodiscoverClient client;
    try {
      client = cmd.newClient();
    } catch (UsageException e) {
      cmd.wipeSecrets();
      if (json) {
        out.println(JsonReport.usage(cmd.email, e.getMessage()));
      }
      return usageError(err, e.getMessage());
    } catch (RuntimeException e) { // no implementation
      cmd.wipeSecrets();
      return failed(cmd.email, json, e, out, err);
    }
    try (client) {
      AutodiscoverRequest request;
      try {
        request = cmd.applyTo(client.forEmail(cmd.email));
      } catch (UsageException e) {
        if (json) {
          out.println(JsonReport.usage(cmd.email, e.getMessage()));
        }
        return usageError(err, e.getMessage());
      } catch (InvalidEmailAddressException e) {
        return failed(cmd.email, json, e, out, err);
      }
      AutodiscoverResult result = request.resolve();
      if (json) {
        out.println(JsonReport.success(cmd.email, result));
      } else {
        TextReport.success(result, out);
      }
      return ExitCode.OK.code();
    } catch (RuntimeException e) { // AutodiscoverException, CancellationException
      return failed(cmd.email, json, e, out, err);
    } finally {
      cmd.wipeSecrets();
    }
  }

  /** Reports a failed run (JSON, or the trace and an error line) and returns its exit code. */
  static int failed(String email, boolean json, RuntimeException e, PrintStream out, PrintStream err) {
    ExitCode code = ExitCode.of(e);
    if (json) {
      out.println(JsonReport.failure(email, code, e));
    } else if (e instanceof AutodiscoverException ae) {
      out.print(ae.trace().toOutlookStyleLog());
    }
    err.println("Error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    return code.code();
  }

  private static String firstPositional(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (ResolveCommandLine.VALUE_OPTIONS.contains(a)) {
        i++;
      } else if (!a.startsWith("-")) {
        return a;
      }
    }
    return null;
  }

  private static int usageError(PrintStream err, String message) {
    err.println("Error: " + message);
    err.println();
    err.print(usage());
    return ExitCode.USAGE.code();
  }

  /**
   * Returns the help text.
   *
   * @return the usage, options and exit codes
   */
  static String usage() {
    return """
        Usage:
          autodiscover resolve <email> [options]   find the mailbox's settings and EWS URL
          autodiscover batch <file> [options]      resolve every address in a file (one per line, or CSV)
          autodiscover domain-settings <email> [--setting N]   the domain's SOAP GetDomainSettings (default N:
                                   ExternalEwsUrl and ExternalEwsVersion; also takes the options of resolve)
          autodiscover demo                        resolve addresses in an embedded offline Contoso network
          autodiscover help                        show this text

        Options of resolve:
          --exclude M[,M]          do not use these discovery methods (repeatable)
          --only M[,M]             use only these discovery methods (repeatable)
                                   methods: %s
          --attempt-timeout D      time budget of one attempt (5s, 500ms, PT5S; default 10s)
          --deadline D             overall time budget of the run (default 60s)
          --retries N              retries of an attempt that timed out, 0..10 (default 1)
          --trust-host H           also accept redirects to host H (repeatable)
          --private-domain D       treat D (outside the public suffix list, e.g. corp.local) as an
                                   organisation's own domain (repeatable)
          --user U                 user for Basic authentication; needs one of:
            --password-env VAR       read the password from environment variable VAR
            --password-stdin         read the password from the first line of standard input
          --token-env VAR          answer Bearer challenges with the token in environment variable VAR
          --token-audience H[,H]   hosts the token may go to (default: Microsoft 365 Autodiscover hosts)
          --pre-auth               send credentials with the first request to trusted hosts
          --sequential             try one method at a time, as Outlook does
          --stagger D              parallel mode, start each method D after the one before (0 = all at once)
          --priority-window D      parallel mode, a lower-priority answer waits at most D for higher-priority
                                   methods still running (default 1s; 0 = the first answer wins)
          --strict-priority        parallel mode, wait for every higher-priority method as Outlook does
          --max-redirects N        redirect budget of the run, 0..50 (default 10)
          --proxy HOST:PORT        connect through this HTTP proxy
          --ca-cert FILE.pem       trust only the certificate(s) in this PEM file
          --method-timeout M=D     time budget of one attempt of method M (repeatable)
          --method-retries M=N     retries after a timeout for method M (repeatable)
          --dns-server IP[:PORT]   DNS server for SRV and AD locator lookups (repeatable; default: the system's)
          --dns-timeout D          time to wait for one DNS answer (default 3s)
          --dns-retries N          DNS retries after a timeout, 0..5 (default 1)
          --ad-server URL          look up SCP objects at this LDAP server (ldap://dc1.corp.contoso.com; repeatable)
          --ad-dns                 look up SCP objects at domain controllers found through DNS
            --ad-site NAME           the client's Active Directory site (site-scoped SCP URLs first)
            --ad-bind-dn DN          simple bind as DN (needs --ad-password-env VAR and ldaps:// or --ad-starttls)
            --ad-password-env VAR    read the directory password from environment variable VAR
            --ad-starttls            upgrade ldap:// connections with StartTLS
            --ad-gssapi              bind with Kerberos (the JVM's JAAS/krb5 configuration)
          --local-xml KEY=FILE     answer for a domain or address from this XML file (method 4; repeatable)
          --prefer-local-xml       consult the local XML file first, not fourth
          --cache-file FILE        keep last-known-good endpoints in this file (owner-only permissions)
          --no-cache               do not read or write the last-known-good cache
          --cache-first            try the last-known-good endpoint before anything else
          --protocol P             auto (default: the protocol each URL names, the other one where it is not
                                   served), pox, soap (GetUserSettings) or v2 (anonymous JSON, EWS URL only)
          --v2-protocol P          what v2 requests ask for: EWS (default), ActiveSync, AutodiscoverV1 or Rest
          --json                   print exactly one JSON object on standard output
          -h, --help               show this text

        Options of batch (plus every option of resolve except --json):
          --format csv|jsonl       output CSV (email,ok,ewsUrl,endpoint,error; default) or one JSON object
                                   per address with its trace
          --output FILE            write the results to FILE instead of standard output
          --concurrency N          requests in flight at once, 1..64 (default 8)
          --chunk-size N           users per SOAP GetUserSettings request, 1..100 (default 100)
          The input has one address per line or CSV with the address in the first column; a header line,
          lines starting with # and blank lines are skipped. Exit code 0 when all succeeded, 4 when some
          failed. A progress bar is drawn on standard error when it is a terminal.

        Passwords and tokens are never accepted on the command line and never printed.

        """.formatted(OptionValues.knownMethods()) + ExitCode.helpText();
  }
}
