package dev.autodiscover.internal.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodiscover.Attempt;
import dev.autodiscover.AttemptTrace;

/** Renders a trace as a JSON array with Jackson. Thread-safe. */
public final class TraceJson {
  private final ObjectMapper mapper = new ObjectMapper();

  /** The trace as a JSON array; one object per attempt, absent values omitted. */
  public String render(AttemptTrace trace) {
    ArrayNode array = mapper.createArrayNode();
    for (Attempt a : trace.attempts()) {
      ObjectNode o = array.addObject();
      o.put("round", a.round());
      o.put("method", a.method().name());
      o.put("outcome", a.outcome().code());
      a.address().ifPresent(v -> o.put("address", v.toString()));
      a.protocol().ifPresent(v -> o.put("protocol", v.name()));
      a.httpMethod().ifPresent(v -> o.put("httpMethod", v));
      a.url().ifPresent(v -> o.put("url", v.toString()));
      a.httpStatus().ifPresent(v -> o.put("httpStatus", v));
      if (!a.authSchemes().isEmpty()) {
        ArrayNode schemes = o.putArray("authSchemes");
        a.authSchemes().forEach(schemes::add);
      }
      a.errorCode().ifPresent(v -> o.put("errorCode", v));
      a.errorMessage().ifPresent(v -> o.put("errorMessage", v));
      a.redirectTarget().ifPresent(v -> o.put("redirectTarget", v));
      a.authorizationUri().ifPresent(v -> o.put("authorizationUri", v.toString()));
      a.detail().ifPresent(v -> o.put("detail", v));
      if (!a.inputs().isEmpty()) {
        ArrayNode inputs = o.putArray("inputs");
        a.inputs().forEach(inputs::add);
      }
      o.put("retries", a.retries());
      o.put("startMillis", a.startOffset().toMillis());
      o.put("durationMillis", a.duration().toMillis());
      o.put("outlookStatus", a.outlookStatus());
    }
    try {
      return mapper.writeValueAsString(array);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot render trace as JSON", e);
    }
  }
}
