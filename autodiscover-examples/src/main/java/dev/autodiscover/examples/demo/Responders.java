package dev.autodiscover.examples.demo;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.ByteString;

/**
 * Small helpers for answering requests in simulated environments: dispatchers from lambdas, canned
 * answers, and access to the POSTed Autodiscover request body.
 */
public final class Responders {
  private Responders() {}

  /**
   * Returns a dispatcher that answers every request with the function's response.
   *
   * @param answer called on server threads; must be thread-safe and not return null
   * @return the dispatcher
   */
  public static Dispatcher dispatcher(Function<RecordedRequest, MockResponse> answer) {
    Objects.requireNonNull(answer, "answer");
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return answer.apply(request);
      }
    };
  }

  /**
   * Returns a dispatcher that records every request in {@code log} and then answers like {@code answer}.
   *
   * @param log where to append requests; use a thread-safe list such as {@link CopyOnWriteArrayList}
   * @param answer called on server threads
   * @return the dispatcher
   */
  public static Dispatcher recording(List<RecordedRequest> log, Function<RecordedRequest, MockResponse> answer) {
    Objects.requireNonNull(log, "log");
    return dispatcher(request -> {
      log.add(request);
      return answer.apply(request);
    });
  }

  /**
   * Returns the request body as text (UTF-8).
   *
   * @param request the request
   * @return the body, empty when there is none
   */
  public static String body(RecordedRequest request) {
    ByteString body = request.getBody();
    return body == null ? "" : body.utf8();
  }

  /**
   * Returns whether the POSTed Autodiscover request names this address in its {@code EMailAddress}.
   *
   * @param request the request
   * @param address the SMTP address, compared case-insensitively
   * @return true if the body mentions the address
   */
  public static boolean asksFor(RecordedRequest request, String address) {
    return body(request).toLowerCase(java.util.Locale.ROOT).contains(address.toLowerCase(java.util.Locale.ROOT));
  }

  /**
   * Returns a plain status answer with an empty body, for example a 404.
   *
   * @param code the status
   * @return the response
   */
  public static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).build();
  }

  /**
   * Returns a {@code 200 text/html} page, as a corporate web site answers a POST it does not understand.
   *
   * @param title the page title
   * @return the response
   */
  public static MockResponse htmlPage(String title) {
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "text/html; charset=utf-8")
        .body("<!DOCTYPE html><html><head><title>" + title + "</title></head><body><h1>" + title
            + "</h1><p>Welcome to our web site.</p></body></html>")
        .build();
  }
}
