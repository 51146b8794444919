package dev.autodiscover.internal.strategy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import dev.autodiscover.internal.pipeline.SettingsUrls;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.InvalidEmailAddressException;
import dev.autodiscover.internal.engine.ChainResult;
import dev.autodiscover.internal.engine.DiscoveryStrategy;
import dev.autodiscover.internal.engine.StrategyContext;
import dev.autodiscover.internal.xml.NotAutodiscoverException;
import dev.autodiscover.internal.pox.PoxCodec;
import dev.autodiscover.internal.pox.PoxResponse;
import dev.autodiscover.internal.trust.TrustPolicy;

/**
 * Method 4, Outlook's local XML file (protocol.md §2.6): the file configured for the address, else for its
 * domain, holds an Autodiscover answer. It is parsed by the same hardened POX codec as a network answer,
 * and its {@code redirectAddr} / {@code redirectUrl} are followed like a server's. The file is the caller's
 * own configuration, so a {@code redirectUrl} host it names is trusted like one the caller approved (after
 * the https, path and public-suffix checks). Reading happens on the engine's blocking executor.
 */
public final class LocalXmlStrategy implements DiscoveryStrategy {
  @Override
  public DiscoveryMethod method() {
    return DiscoveryMethod.LOCAL_XML;
  }

  @Override
  public CompletableFuture<ChainResult> run(StrategyContext context) {
    EmailAddress address = context.address();
    Optional<Path> configured = context.run().env().localXmlFile(address);
    if (configured.isEmpty()) {
      context.record(AttemptOutcome.NOT_CONFIGURED, null,
          "no local XML file configured for " + address + " or " + address.domain());
      return ChainResult.Failed.notFound("no local XML file for " + address);
    }
    Path file = configured.get().toAbsolutePath();
    URI fileUri = file.toUri();
    long started = System.nanoTime();
    return CompletableFuture.supplyAsync(() -> read(file), context.run().blocking()).thenCompose(read -> {
      List<String> inputs = List.of("file " + file, read.bytes == null ? "not read" : read.bytes.length + " bytes");
      if (read.bytes == null) {
        context.recordWith(read.missing ? AttemptOutcome.NOT_CONFIGURED : AttemptOutcome.NOT_FOUND, fileUri,
            read.problem, inputs, started);
        return ChainResult.Failed.notFound("local XML " + file + ": " + read.problem);
      }
      PoxResponse answer;
      try {
        answer = context.run().codec().parse(read.bytes, "text/xml");
      } catch (NotAutodiscoverException e) {
        context.recordWith(AttemptOutcome.NOT_FOUND, fileUri, "not an Autodiscover answer: " + e.getMessage(), inputs, started);
        return ChainResult.Failed.notFound("local XML " + file + " is not an Autodiscover answer: " + e.getMessage());
      }
      if (answer instanceof PoxResponse.Settings s) {
        context.recordWith(AttemptOutcome.SETTINGS, fileUri,
            SettingsUrls.join("settings from the local file", SettingsUrls.refused(s.settings(), null)), inputs, started);
        return CompletableFuture.completedFuture(new ChainResult.Settings(s.settings(), fileUri, method()));
      }
      if (answer instanceof PoxResponse.Error e) {
        context.recordWith(AttemptOutcome.ERROR_RESPONSE, fileUri, "the local file holds an Autodiscover error", inputs, started);
        return CompletableFuture.completedFuture(new ChainResult.ErrorResponse(e, fileUri));
      }
      if (answer instanceof PoxResponse.RedirectAddress r) {
        context.recordWith(AttemptOutcome.REDIRECT_ADDRESS, fileUri, "redirectAddr to " + r.address(), inputs, started);
        try {
          return CompletableFuture.completedFuture(
              new ChainResult.RedirectAddress(EmailAddress.parse(r.address()), fileUri, 0, method()));
        } catch (InvalidEmailAddressException ex) {
          return ChainResult.Failed.notFound("local XML " + file + " redirects to an unusable address: " + ex.getMessage());
        }
      }
      String target = ((PoxResponse.RedirectUrl) answer).url();
      context.recordWith(AttemptOutcome.REDIRECT_URL, fileUri, "redirectUrl to " + target, inputs, started);
      URI targetUri;
      try {
        targetUri = URI.create(target.strip());
      } catch (IllegalArgumentException e) {
        context.record(AttemptOutcome.REJECTED_BY_TRUST_POLICY, null, "malformed redirectUrl in " + file);
        return ChainResult.Failed.notFound("local XML " + file + " has a malformed redirectUrl");
      }
      TrustPolicy.Decision decision =
          context.run().trust().configuredEndpoint(targetUri, "the local XML file", context.run().approvedHosts());
      if (!decision.allowed()) {
        context.run().recorder().redirect(method(), fileUri.toString(), target, false, decision.reason());
        context.record(AttemptOutcome.REJECTED_BY_TRUST_POLICY, targetUri, decision.reason());
        return ChainResult.Failed.notFound("redirectUrl " + target + " in " + file + " refused: " + decision.reason());
      }
      return context.followRedirect(fileUri, target, 0);
    });
  }

  private record Read(byte @org.jspecify.annotations.Nullable [] bytes, boolean missing, String problem) {}

  private static Read read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(PoxCodec.MAX_BODY_BYTES + 1);
      if (bytes.length > PoxCodec.MAX_BODY_BYTES) {
        return new Read(null, false, "file larger than " + PoxCodec.MAX_BODY_BYTES + " bytes");
      }
      return new Read(bytes, false, "");
    } catch (NoSuchFileException e) {
      return new Read(null, true, "file not found");
    } catch (IOException | SecurityException e) {
      return new Read(null, false, "cannot read the file: " + e.getClass().getSimpleName());
    }
  }

}
