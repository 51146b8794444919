package dev.autodiscover.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * The loopback Autodiscover deployment of {@code warmUp()}'s rehearsal, driven by the JDK's HTTP client through it
 * as a proxy (CONNECT, then TLS as the named host), and by raw sockets for what a client must not be able to make
 * it do. Raw sockets wait at most half the server's read timeout, so that a server that waits for more input fails
 * a test instead of passing it when its own timeout ends the connection.
 */
class RehearsalServerTest {
  private static final byte[] ANSWER = "<Autodiscover>settings</Autodiscover>".getBytes(StandardCharsets.UTF_8);
  private static final String ANSWER_URL = "https://autodiscover.example.com/autodiscover/autodiscover.xml";
  private static final int CLIENT_WAIT_MS = RehearsalServer.READ_TIMEOUT_MS / 2;

  @Test
  void answersThePoxPostAtTheAutodiscoverHost_andGives404ForEverythingElse() throws Exception {
    try (RehearsalServer server = start(CompletableFuture.completedFuture(null), Duration.ofSeconds(30))) {
      HttpClient client = client(server);

      List<String> seen = new ArrayList<>();
      for (String[] call : new String[][] {
          {"POST", "https://example.com/autodiscover/autodiscover.xml"},
          {"POST", "https://example.com/autodiscover/autodiscover.svc"},
          {"GET", "http://autodiscover.example.com/autodiscover/autodiscover.xml"},
          {"POST", "http://autodiscover.example.com/autodiscover/autodiscover.xml"},
          {"POST", ANSWER_URL},
          {"POST", "https://autodiscover.example.com/Autodiscover/Autodiscover.xml?x=1"},
          {"POST", "https://autodiscover.example.com/autodiscover/autodiscover.svc"},
          {"GET", ANSWER_URL}}) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(call[1])).timeout(Duration.ofSeconds(10));
        request = call[0].equals("POST")
            ? request.POST(HttpRequest.BodyPublishers.ofString("<Autodiscover/>")).header("Content-Type", "text/xml")
            : request.GET();
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        seen.add(call[0] + " " + call[1] + " -> " + response.statusCode() + " "
            + response.headers().firstValue("content-type").orElse("-") + " " + response.body());
      }

      assertThat(seen).containsExactly(
          "POST https://example.com/autodiscover/autodiscover.xml -> 404 - ",
          "POST https://example.com/autodiscover/autodiscover.svc -> 404 - ",
          "GET http://autodiscover.example.com/autodiscover/autodiscover.xml -> 404 - ",
          "POST http://autodiscover.example.com/autodiscover/autodiscover.xml -> 404 - ",
          "POST " + ANSWER_URL + " -> 200 text/xml; charset=utf-8 <Autodiscover>settings</Autodiscover>",
          "POST https://autodiscover.example.com/Autodiscover/Autodiscover.xml?x=1 -> 200 text/xml; charset=utf-8 "
              + "<Autodiscover>settings</Autodiscover>",
          "POST https://autodiscover.example.com/autodiscover/autodiscover.svc -> 404 - ",
          "GET " + ANSWER_URL + " -> 404 - ");
    }
  }

  @Test
  void holdsTheAnswerUntilTheRootRefusedSoap_theProbeWasRefused_andTheGivenStageCompleted() throws Exception {
    CompletableFuture<Void> stage = new CompletableFuture<>();
    try (RehearsalServer server = start(stage, Duration.ofSeconds(60))) {
      HttpClient client = client(server);
      // The root's POX request first: TLS and the client are then set up, so an answer not held comes at once.
      int rootPox = client.send(post("https://example.com/autodiscover/autodiscover.xml"),
          HttpResponse.BodyHandlers.ofString()).statusCode();

      CompletableFuture<HttpResponse<String>> answer =
          client.sendAsync(post(ANSWER_URL), HttpResponse.BodyHandlers.ofString());
      Thread.sleep(300);
      boolean answeredBeforeTheRootsSoap = answer.isDone();
      int rootSoap = client.send(post("https://example.com/autodiscover/autodiscover.svc"),
          HttpResponse.BodyHandlers.ofString()).statusCode();
      int probe = client.send(HttpRequest.newBuilder(URI.create("http://autodiscover.example.com/autodiscover/"
          + "autodiscover.xml")).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
      Thread.sleep(300);
      boolean answeredBeforeTheStage = answer.isDone();
      stage.complete(null);

      assertThat(List.of(rootPox, rootSoap, probe)).containsExactly(404, 404, 404);
      assertThat(answeredBeforeTheRootsSoap).isFalse();
      assertThat(answeredBeforeTheStage).isFalse();
      assertThat(answer.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void itsCertificatesAreTrustedByItsOwnClientContextOnly() throws Exception {
    try (RehearsalServer server = start(CompletableFuture.completedFuture(null), Duration.ZERO);
        RehearsalServer other = start(CompletableFuture.completedFuture(null), Duration.ZERO)) {
      for (SSLContext wrong : List.of(SSLContext.getDefault(), other.clientContext())) {
        HttpClient client =
            HttpClient.newBuilder().proxy(ProxySelector.of(server.proxyAddress())).sslContext(wrong).build();

        assertThatThrownBy(() -> client.send(post(ANSWER_URL), HttpResponse.BodyHandlers.ofString()))
            .isInstanceOf(SSLHandshakeException.class);
      }
    }
  }

  @Test
  void refusesATunnelToAnyOtherHostOrPort() throws Exception {
    try (RehearsalServer server = start(CompletableFuture.completedFuture(null), Duration.ZERO)) {
      List<String> replies = new ArrayList<>();
      for (String target : List.of("mail.example.org:443", "example.com:8443", "autodiscover.example.com")) {
        replies.add(exchange(server, "CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n\r\n"));
      }

      assertThat(replies).containsOnly("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
          .hasSize(3);
    }
  }

  @Test
  void aHeadLongerThanTheLimit_endsTheConnectionWithoutAnAnswer() throws Exception {
    try (RehearsalServer server = start(CompletableFuture.completedFuture(null), Duration.ZERO)) {
      String start = "GET http://example.com/ HTTP/1.0\r\nX: ";
      String end = "\r\n\r\n";
      // A whole request, one byte over the limit: a server without the limit would answer it (and, for HTTP/1.0,
      // then end the connection).
      int filler = RehearsalServer.MAX_HEAD_BYTES + 1 - start.length() - end.length();
      String over = start + "a".repeat(filler) + end;
      String atTheLimit = start + "a".repeat(filler - 1) + end;

      assertThat(over).hasSize(RehearsalServer.MAX_HEAD_BYTES + 1);
      assertThat(exchange(server, over)).isEmpty();
      assertThat(exchange(server, atTheLimit)).startsWith("HTTP/1.1 404 Not Found\r\n");
    }
  }

  @Test
  void answersWhatItReadsStrictly() throws Exception {
    try (RehearsalServer server = start(CompletableFuture.completedFuture(null), Duration.ZERO)) {
      String probe = "POST http://autodiscover.example.com/autodiscover/autodiscover.xml HTTP/1.1\r\n"
          + "Host: autodiscover.example.com\r\n";
      List<String> replies = new ArrayList<>();
      for (String rest : List.of("Transfer-Encoding: chunked\r\n",
          "Content-Length: " + (RehearsalServer.MAX_BODY_BYTES + 1) + "\r\n", "Content-Length: many\r\n",
          "Content-Length: +5\r\n", "Content-Length: 1\r\nContent-Length: 2\r\n", "Content-Length : 0\r\n",
          "X-Folded: a\r\n b\r\n")) {
        replies.add(exchange(server, probe + rest + "\r\n"));
      }

      assertThat(replies).containsExactly(
          "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
          "HTTP/1.1 413 Content Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
          "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
          "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
          "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
          "", // white space before the colon: the connection ends
          ""); // a folded line: the same
    }
  }

  @Test
  void skipsEmptyLinesBeforeARequest_andHonoursConnectionCloseAndHttp10() throws Exception {
    try (RehearsalServer server = start(CompletableFuture.completedFuture(null), Duration.ZERO)) {
      List<String> replies = new ArrayList<>();
      for (String request : List.of("\r\n\r\nGET http://example.com/ HTTP/1.1\r\nHost: example.com\r\n"
          + "Connection: close\r\n\r\n", "GET http://example.com/ HTTP/1.0\r\n\r\n")) {
        replies.add(exchange(server, request));
      }

      assertThat(replies).containsOnly("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
          .hasSize(2);
    }
  }

  @Test
  void servesAtMostItsConnectionLimit_andCloseEndsOpenConnections() throws Exception {
    RehearsalServer server = start(CompletableFuture.completedFuture(null), Duration.ZERO);
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i <= RehearsalServer.MAX_CONNECTIONS; i++) {
        sockets.add(connect(server));
      }
      // The connection over the limit is closed at once; the others are served (a request gets its answer).
      assertThat(readAll(sockets.get(RehearsalServer.MAX_CONNECTIONS).getInputStream())).isEmpty();
      Socket served = sockets.get(0);
      served.getOutputStream().write("GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      InputStream in = served.getInputStream();
      String expected = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
      byte[] reply = new byte[expected.length()];
      assertThat(in.readNBytes(reply, 0, reply.length)).isEqualTo(reply.length);
      assertThat(new String(reply, StandardCharsets.US_ASCII)).isEqualTo(expected);

      server.close();

      // Both ended by close(), well before the server's own read timeout could end them.
      assertThat(readAll(in)).isEmpty();
      assertThat(readAll(sockets.get(1).getInputStream())).isEmpty();
    } finally {
      server.close();
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }

  @Test
  void aConnectionLivesAtMostItsTimeLimit_howeverItsClientTrickles() throws Exception {
    try (RehearsalServer server = start(CompletableFuture.completedFuture(null), Duration.ZERO);
        Socket socket = connect(server)) {
      socket.setSoTimeout(3 * RehearsalServer.CONNECTION_MS);
      CompletableFuture<Long> ended = CompletableFuture.supplyAsync(() -> {
        try {
          readAll(socket.getInputStream());
        } catch (IOException e) {
          // ended either way
        }
        return System.nanoTime();
      });
      long start = System.nanoTime();
      byte[] head = "GET http://example.com/ HTTP/1.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; !ended.isDone() && i < 3 * RehearsalServer.CONNECTION_MS / 500; i++) {
        try {
          socket.getOutputStream().write(head[Math.min(i, head.length - 1)]); // always less than a head
        } catch (IOException e) {
          break;
        }
        Thread.sleep(500);
      }

      long lived = TimeUnit.NANOSECONDS.toMillis(ended.get(10, TimeUnit.SECONDS) - start);
      assertThat(lived).isBetween((long) RehearsalServer.CONNECTION_MS - 500, 2L * RehearsalServer.CONNECTION_MS);
    }
  }

  private static RehearsalServer start(CompletableFuture<?> stage, Duration hold) throws Exception {
    return RehearsalServer.start("example.com", ANSWER, stage, hold);
  }

  private static HttpClient client(RehearsalServer server) {
    return HttpClient.newBuilder().proxy(ProxySelector.of(server.proxyAddress())).sslContext(server.clientContext())
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  private static HttpRequest post(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString("<Autodiscover/>")).header("Content-Type", "text/xml").build();
  }

  private static Socket connect(RehearsalServer server) throws IOException {
    Socket socket = new Socket(server.proxyAddress().getAddress(), server.proxyAddress().getPort());
    socket.setSoTimeout(CLIENT_WAIT_MS);
    return socket;
  }

  /** Sends raw bytes on a new connection and returns all that comes back until the server ends it. */
  private static String exchange(RehearsalServer server, String request) throws IOException {
    try (Socket socket = connect(server)) {
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return new String(readAll(socket.getInputStream()), StandardCharsets.ISO_8859_1);
    }
  }

  /**
   * Everything until the end of the stream; a reset (a server closing with input unread) ends it too. A read that
   * times out fails the test.
   */
  private static byte[] readAll(InputStream in) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    byte[] buffer = new byte[1024];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
      }
    } catch (SocketException e) {
      // reset: ended
    }
    return out.toByteArray();
  }
}
