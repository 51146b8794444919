package dev.autodiscover.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodiscover.testkit.PoxResponses;
import dev.autodiscover.testkit.SoapResponses;
import dev.autodiscover.testkit.VirtualNetwork;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code batch} in-process against a virtual contoso.com that speaks POX and SOAP. */
class MainBatchTest {
  private static final Pattern POX_EMAIL = Pattern.compile("<EMailAddress>([^<]+)</EMailAddress>");

  @TempDir Path tmp;
  private VirtualNetwork network;
  private final AtomicInteger soapPosts = new AtomicInteger();

  @BeforeEach
  void start() {
    network = VirtualNetwork.start();
    network.host("autodiscover.contoso.com").respondHttps(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getUrl().encodedPath().toLowerCase();
        if (path.endsWith("/autodiscover.xml")) {
          Matcher m = POX_EMAIL.matcher(request.getBody().utf8());
          String email = m.find() ? m.group(1) : "x@contoso.com";
          return PoxResponses.xml(PoxResponses.settingsXml("POX", email, "https://mail.contoso.com/EWS/Exchange.asmx",
              null));
        }
        soapPosts.incrementAndGet();
        List<String> answers = new ArrayList<>();
        for (String user : SoapResponses.requestedMailboxes(request.getBody().toByteArray())) {
          answers.add(user.startsWith("gone") ? SoapResponses.userError("InvalidUser", "No such user.")
              : SoapResponses.userSettings("User " + user, user, "https://mail.contoso.com/EWS/Exchange.asmx", null));
        }
        return SoapResponses.xml(SoapResponses.userResponses(answers));
      }
    });
  }

  @AfterEach
  void stop() {
    network.close();
  }

  private CliRun batch(Path input, String... extra) {
    List<String> args = new ArrayList<>(List.of("batch", input.toString(), "--only", "https-autodiscover-domain"));
    args.addAll(CliRun.networkArgs(network, tmp));
    args.addAll(List.of(extra));
    return CliRun.run(Map.of(), "", args.toArray(String[]::new));
  }

  @Test
  void batch_csvWithHeaderCommentsAndAnInvalidAddress_writesCsvInInputOrderAndExits4() throws IOException {
    Path input = tmp.resolve("users.csv");
    Files.writeString(input, "Email,Name\n# migration wave 1\n\nb@contoso.com,Bea\n\"a@contoso.com\",Al\n"
        + "not-an-address,X\ngone@contoso.com,Gone\n");

    CliRun run = batch(input, "--chunk-size", "2");

    assertThat(run.exit()).as(run.toString()).isEqualTo(4);
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).isEqualTo("email,ok,ewsUrl,endpoint,error");
    assertThat(lines.get(1)).isEqualTo("b@contoso.com,true,https://mail.contoso.com/EWS/Exchange.asmx,"
        + "https://autodiscover.contoso.com/autodiscover/autodiscover.svc,");
    assertThat(lines.get(2)).startsWith("a@contoso.com,true,");
    assertThat(lines.get(3)).startsWith("not-an-address,false,,,InvalidEmailAddressException: ");
    assertThat(lines.get(4)).startsWith("gone@contoso.com,false,,,AutodiscoverErrorResponseException: ")
        .contains("InvalidUser");
    assertThat(soapPosts).hasValue(2);
    assertThat(run.err()).contains("4 addresses: 2 succeeded, 2 failed").doesNotContain("\r[");
  }

  @Test
  void batch_jsonlToFile_writesOneObjectPerAddressWithTraceAndExits0() throws IOException {
    Path input = tmp.resolve("users.txt");
    Files.writeString(input, "a@contoso.com\nb@contoso.com\n");
    Path output = tmp.resolve("out.jsonl");

    CliRun run = batch(input, "--format", "jsonl", "--output", output.toString(), "--concurrency", "2");

    assertThat(run.exit()).as(run.toString()).isEqualTo(0);
    assertThat(run.out()).isEmpty();
    List<String> lines = Files.readAllLines(output);
    assertThat(lines).hasSize(2);
    ObjectMapper mapper = new ObjectMapper();
    JsonNode first = mapper.readTree(lines.get(0));
    assertThat(first.get("email").asText()).isEqualTo("a@contoso.com");
    assertThat(first.get("ok").asBoolean()).isTrue();
    assertThat(first.at("/settings/UserDisplayName").asText()).isEqualTo("User a@contoso.com");
    assertThat(first.get("error").isNull()).isTrue();
    List<String> outcomes = new ArrayList<>();
    first.get("trace").forEach(a -> outcomes.add(a.path("outcome").asText()));
    assertThat(outcomes).endsWith("settings");
    assertThat(outcomes.stream().filter("settings"::equals)).hasSize(2); // domain discovery, then SOAP
  }

  @Test
  void batch_usageErrors_exit2() throws IOException {
    Path input = tmp.resolve("users.txt");
    Files.writeString(input, "a@contoso.com\n");
    assertThat(CliRun.run(Map.of(), "", "batch").exit()).isEqualTo(2);
    CliRun format = CliRun.run(Map.of(), "", "batch", input.toString(), "--format", "xml");
    assertThat(format.exit()).isEqualTo(2);
    assertThat(format.err()).contains("--format must be csv or jsonl");
    assertThat(CliRun.run(Map.of(), "", "batch", input.toString(), "--json").err()).contains("--format jsonl");
    assertThat(CliRun.run(Map.of(), "", "batch", input.toString(), "--concurrency", "65").exit()).isEqualTo(2);
    CliRun missing = CliRun.run(Map.of(), "", "batch", tmp.resolve("nope.txt").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("cannot read input file");
  }
}
