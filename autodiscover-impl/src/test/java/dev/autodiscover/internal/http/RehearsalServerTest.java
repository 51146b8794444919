package dev.autodiscover.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProxySelector;
import java.net.Socket;
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
 * it do.
 */
class RehearsalServerTest {
  private static final byte[] ANSWER = "<Autodiscover>settings</Autodiscover>".getBytes(StandardCharsets.UTF_8);

  @Test
  void answersThePoxPostAtTheAutodiscoverHost_andGives404ForEverythingElse() throws Exception {
    try (RehearsalServer server = RehearsalServer.start("example.com", ANSWER)) {
      HttpClient client = HttpClient.newBuilder().proxy(ProxySelector.of(server.proxyAddress()))
          .sslContext(server.clientContext()).connectTimeout(Duration.ofSeconds(5)).build();

      List<String> seen = new ArrayList<>();
      for (String[] call : new String[][] {
          {"POST", "https://example.com/autodiscover/autodiscover.xml"},
          {"POST", "https://example.com/autodiscover/autodiscover.svc"},
          {"POST", "https://autodiscover.example.com/autodiscover/autodiscover.xml"},
          {"POST", "https://autodiscover.example.com/Autodiscover/Autodiscover.xml?x=1"},
          {"POST", "https://autodiscover.example.com/autodiscover/autodiscover.svc"},
          {"GET", "https://autodiscover.example.com/autodiscover/autodiscover.xml"},
          {"GET", "http://autodiscover.example.com/autodiscover/autodiscover.xml"},
          {"POST", "http://autodiscover.example.com/autodiscover/autodiscover.xml"}}) {
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
          "POST https://autodiscover.example.com/autodiscover/autodiscover.xml -> 200 text/xml; charset=utf-8 "
              + "<Autodiscover>settings</Autodiscover>",
          "POST https://autodiscover.example.com/Autodiscover/Autodiscover.xml?x=1 -> 200 text/xml; charset=utf-8 "
              + "<Autodiscover>settings</Autodiscover>",
          "POST https://autodiscover.example.com/autodiscover/autodiscover.svc -> 404 - ",
          "GET https://autodiscover.example.com/autodiscover/autodiscover.xml -> 404 - ",
          "GET http://autodiscover.example.com/autodiscover/autodiscover.xml -> 404 - ",
          "POST http://autodiscover.example.com/autodiscover/autodiscover.xml -> 404 - ");
    }
  }

  @Test
  void holdsTheAnswerUntilTheRootDomainHasRefusedSoap() throws Exception {
    try (RehearsalServer server = RehearsalServer.start("example.com", ANSWER)) {
      HttpClient client = HttpClient.newBuilder().proxy(ProxySelector.of(server.proxyAddress()))
          .sslContext(server.clientContext()).build();
      HttpRequest answering = HttpRequest.newBuilder(URI.create("https://autodiscover.example.com/autodiscover/"
          + "autodiscover.xml")).POST(HttpRequest.BodyPublishers.ofString("x")).build();
      HttpRequest rootSoap = HttpRequest.newBuilder(URI.create("https://example.com/autodiscover/autodiscover.svc"))
          .POST(HttpRequest.BodyPublishers.ofString("x")).build();

      CompletableFuture<HttpResponse<String>> answer =
          client.sendAsync(answering, HttpResponse.BodyHandlers.ofString());
      Thread.sleep(300);
      boolean answeredBeforeTheRoot = answer.isDone();
      int rootStatus = client.send(rootSoap, HttpResponse.BodyHandlers.ofString()).statusCode();

      assertThat(answeredBeforeTheRoot).isFalse();
      assertThat(rootStatus).isEqualTo(404);
      assertThat(answer.get(RehearsalServer.HOLD_MS / 2, TimeUnit.MILLISECONDS).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void itsCertificatesAreTrustedByItsOwnClientContextOnly() throws Exception {
    try (RehearsalServer server = RehearsalServer.start("example.com", ANSWER);
        RehearsalServer other = RehearsalServer.start("example.com", ANSWER)) {
      HttpRequest request = HttpRequest.newBuilder(URI.create("https://autodiscover.example.com/autodiscover/"
          + "autodiscover.xml")).POST(HttpRequest.BodyPublishers.ofString("x")).build();
      for (SSLContext wrong : List.of(SSLContext.getDefault(), other.clientContext())) {
        HttpClient client =
            HttpClient.newBuilder().proxy(ProxySelector.of(server.proxyAddress())).sslContext(wrong).build();

        assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
            .isInstanceOf(SSLHandshakeException.class);
      }
    }
  }

  @Test
  void aHeadLongerThanTheLimit_endsTheConnection() throws Exception {
    try (RehearsalServer server = RehearsalServer.start("example.com", ANSWER);
        Socket socket = new Socket(server.proxyAddress().getAddress(), server.proxyAddress().getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      String start = "GET http://example.com/ HTTP/1.1\r\nX: ";
      // One byte over the limit, all of which the server reads before it gives up (so that it ends the
      // connection with a FIN, not a reset).
      out.write((start + "a".repeat(RehearsalServer.MAX_HEAD_BYTES + 1 - start.length()))
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();

      assertThat(socket.getInputStream().readAllBytes()).isEmpty();
    }
  }

  @Test
  void aChunkedOrOversizedBody_gets4xxAndTheConnectionEnds() throws Exception {
    try (RehearsalServer server = RehearsalServer.start("example.com", ANSWER)) {
      List<String> replies = new ArrayList<>();
      for (String field : List.of("Transfer-Encoding: chunked",
          "Content-Length: " + (RehearsalServer.MAX_BODY_BYTES + 1), "Content-Length: many")) {
        try (Socket socket = new Socket(server.proxyAddress().getAddress(), server.proxyAddress().getPort())) {
          socket.setSoTimeout(10_000);
          socket.getOutputStream().write(("POST http://autodiscover.example.com/autodiscover/autodiscover.xml "
              + "HTTP/1.1\r\nHost: autodiscover.example.com\r\n" + field + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
          replies.add(new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
        }
      }

      assertThat(replies).containsExactly(
          "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
          "HTTP/1.1 413 Content Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
          "HTTP/1.1 413 Content Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    }
  }

  @Test
  void servesAtMostItsConnectionLimit_andCloseEndsOpenConnections() throws Exception {
    RehearsalServer server = RehearsalServer.start("example.com", ANSWER);
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i <= RehearsalServer.MAX_CONNECTIONS; i++) {
        Socket socket = new Socket(server.proxyAddress().getAddress(), server.proxyAddress().getPort());
        socket.setSoTimeout(10_000);
        sockets.add(socket);
      }
      // The connection over the limit is closed at once; the others are served (a request gets its answer).
      Socket over = sockets.get(RehearsalServer.MAX_CONNECTIONS);
      assertThat(over.getInputStream().read()).isEqualTo(-1);
      Socket served = sockets.get(0);
      served.getOutputStream().write("GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      InputStream in = served.getInputStream();
      byte[] reply = new byte["HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".length()];
      assertThat(in.readNBytes(reply, 0, reply.length)).isEqualTo(reply.length);
      assertThat(new String(reply, StandardCharsets.US_ASCII))
          .isEqualTo("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");

      server.close();

      assertThat(in.read()).isEqualTo(-1); // kept alive until close() ended it
      assertThat(sockets.get(1).getInputStream().read()).isEqualTo(-1);
    } finally {
      server.close();
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }
}
