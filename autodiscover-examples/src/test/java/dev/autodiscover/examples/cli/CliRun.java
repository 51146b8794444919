package dev.autodiscover.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodiscover.testkit.DnsResponder;
import dev.autodiscover.testkit.VirtualNetwork;

/** One in-process run of {@link Main}: exit code, captured streams and wall time. */
record CliRun(int exit, String out, String err, Duration elapsed) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Runs the tool with the given environment, standard input and arguments. */
  static CliRun run(Map<String, String> env, String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    long start = System.nanoTime();
    int exit;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exit = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), o, e, env);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), elapsed);
  }

  /** Runs {@code resolve <email> --json} through the network's proxy, trusting its root CA only. */
  static CliRun resolveJson(VirtualNetwork network, Path tmp, Map<String, String> env, String email, String... extra) {
    List<String> args = new ArrayList<>(List.of("resolve", email, "--json"));
    args.addAll(networkArgs(network, tmp));
    args.addAll(List.of(extra));
    return run(env, "", args.toArray(String[]::new));
  }

  /** A DNS server for every test run: unknown names are NXDOMAIN, so no run depends on the machine's DNS. */
  private static final DnsResponder NO_RECORDS = DnsResponder.start();

  /**
   * The {@code --proxy} and {@code --ca-cert} arguments for a network (writes the PEM file into tmp), a DNS
   * server that knows no names, and {@code --no-cache} so no run sees endpoints cached by another.
   */
  static List<String> networkArgs(VirtualNetwork network, Path tmp) {
    return networkArgs(network, tmp, NO_RECORDS);
  }

  /** Like {@link #networkArgs(VirtualNetwork, Path)}, with the given DNS server. */
  static List<String> networkArgs(VirtualNetwork network, Path tmp, DnsResponder dns) {
    Path pem = tmp.resolve("virtual-network-root.pem");
    try {
      Files.writeString(pem, network.rootCertificatePem());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.of("--proxy", "127.0.0.1:" + network.proxyAddress().getPort(), "--ca-cert", pem.toString(),
        "--dns-server", "127.0.0.1:" + dns.address().getPort(), "--no-cache");
  }

  /** Parses standard output, asserting it holds exactly one JSON object and nothing else. */
  JsonNode json() {
    try (JsonParser parser = MAPPER.getFactory().createParser(out)) {
      JsonNode node = MAPPER.readTree(parser);
      assertThat(node).as("stdout must hold a JSON object: %s", out).isNotNull();
      assertThat(node.isObject()).as("stdout must hold a JSON object: %s", out).isTrue();
      assertThat(parser.nextToken()).as("nothing may follow the JSON object on stdout").isNull();
      return node;
    } catch (IOException e) {
      throw new AssertionError("stdout is not one JSON object: " + out + "\nstderr: " + err, e);
    }
  }

  /** The {@code outcome} values of the trace, in order. */
  List<String> outcomes() {
    List<String> outcomes = new ArrayList<>();
    json().get("trace").forEach(a -> outcomes.add(a.path("outcome").asText()));
    return outcomes;
  }

  @Override
  public String toString() {
    return "exit " + exit + " after " + elapsed.toMillis() + " ms\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
