package dev.autodiscover.internal.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * One complete TLS handshake in memory, between a client engine and a server engine of its own, followed by one
 * application record each way: the JDK's handshake, key agreement, certificate path validation (PKIX, with host
 * name check), signature and record-protection code has then run once before the first real connection, which in
 * a fresh JVM otherwise pays for all of it (measured: the first resolve after {@code warmUp()} about a quarter
 * faster). The server uses a {@link ThrowawayPki}; the client trusts only its CA, through the JDK's own PKIX trust
 * manager. Nothing touches the network, the caller's SSL context or the JDK's default one. Stateless and
 * thread-safe.
 */
public final class TlsWarmUp {
  /** Rounds of (client wraps, server unwraps, server wraps, client unwraps); a TLS 1.3 exchange needs about 4. */
  static final int MAX_ROUNDS = 32;
  private static final byte[] PING = "ping".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PONG = "pong".getBytes(StandardCharsets.US_ASCII);

  private TlsWarmUp() {}

  /**
   * Runs the handshake and the exchange.
   *
   * @return the client's session (negotiated protocol, suite, the server's certificate chain as validated)
   * @throws GeneralSecurityException if the JDK lacks what the throw-away PKI needs
   * @throws SSLException if the handshake fails or does not finish within {@value #MAX_ROUNDS} rounds
   */
  public static SSLSession run() throws GeneralSecurityException, SSLException {
    ThrowawayPki pki = ThrowawayPki.create();
    SSLContext clientContext = pki.clientContext();
    SSLContext serverContext = pki.serverContext();

    SSLEngine client = clientContext.createSSLEngine(ThrowawayPki.HOST, 443);
    client.setUseClientMode(true);
    SSLParameters parameters = client.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS"); // as the JDK's HttpClient does
    client.setSSLParameters(parameters);
    SSLEngine server = serverContext.createSSLEngine();
    server.setUseClientMode(false);

    int packet = 2 * Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
    int app = Math.max(client.getSession().getApplicationBufferSize(),
        server.getSession().getApplicationBufferSize());
    ByteBuffer toServer = ByteBuffer.allocate(packet);
    ByteBuffer toClient = ByteBuffer.allocate(packet);
    ByteBuffer atServer = ByteBuffer.allocate(app);
    ByteBuffer atClient = ByteBuffer.allocate(app);
    ByteBuffer ping = ByteBuffer.wrap(PING);
    ByteBuffer pong = ByteBuffer.wrap(PONG);
    client.beginHandshake();
    server.beginHandshake();
    for (int round = 0; round < MAX_ROUNDS; round++) {
      send(client, ping, toServer); // handshake records until the handshake is done, then the ping
      receive(server, toServer, atServer);
      send(server, atServer.position() >= PING.length ? pong : ByteBuffer.allocate(0), toClient);
      receive(client, toClient, atClient);
      if (atClient.position() >= PONG.length) {
        client.closeOutbound();
        server.closeOutbound();
        return client.getSession();
      }
    }
    throw new SSLException("the in-memory TLS handshake did not finish in " + MAX_ROUNDS + " rounds");
  }

  /** Wraps while the engine has something to send. */
  private static void send(SSLEngine engine, ByteBuffer data, ByteBuffer out) throws SSLException {
    do {
      SSLEngineResult result = engine.wrap(data, out);
      runTasks(engine);
      if (result.getStatus() != SSLEngineResult.Status.OK) {
        throw new SSLException("in-memory TLS: wrap gave " + result.getStatus());
      }
    } while (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP);
  }

  /** Unwraps every whole record in {@code in} (left ready for more writing). */
  private static void receive(SSLEngine engine, ByteBuffer in, ByteBuffer app) throws SSLException {
    in.flip();
    try {
      while (in.hasRemaining()) {
        SSLEngineResult result = engine.unwrap(in, app);
        runTasks(engine);
        if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW || result.bytesConsumed() == 0) {
          return; // part of a record: the rest comes in a later round
        }
        if (result.getStatus() != SSLEngineResult.Status.OK) {
          throw new SSLException("in-memory TLS: unwrap gave " + result.getStatus());
        }
      }
    } finally {
      in.compact();
    }
  }

  /** Runs the engine's delegated tasks (key agreement, certificate checks) on this thread, as they come. */
  static void runTasks(SSLEngine engine) {
    for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
      task.run();
    }
  }
}
