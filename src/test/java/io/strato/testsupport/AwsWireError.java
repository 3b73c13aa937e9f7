package io.strato.testsupport;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * An AWS error answer written in the envelope of the protocol the call used, so the SDK (or
 * Strato's own JSON transport) parses and classifies it exactly as it would a real one: EC2's query
 * {@code <Response><Errors>}, the other query services' {@code <ErrorResponse>}, and the JSON ones'
 * {@code __type} body with the {@code x-amzn-ErrorType} header (EKS's REST-JSON reads the header).
 */
public record AwsWireError(int status, String code, String message) {

  public static AwsWireError of(int status, String code) {
    return new AwsWireError(status, code, code + " (injected by the fault proxy)");
  }

  void write(HttpExchange ex, ProxiedCall call) throws IOException {
    String contentType = String.valueOf(call.header("Content-Type"));
    String payload;
    String type;
    if (contentType.contains("json") || call.service().equals("eks")) {
      payload = "{\"__type\": \"" + code + "\", \"message\": \"" + message + "\"}";
      type = "application/x-amz-json-1.1";
      ex.getResponseHeaders().add("x-amzn-ErrorType", code);
    } else if (call.text().contains("Version=2016-11-15")) {
      // EC2's query protocol has its own error envelope.
      payload =
          "<Response><Errors><Error><Code>"
              + code
              + "</Code><Message>"
              + message
              + "</Message></Error></Errors><RequestID>fault</RequestID></Response>";
      type = "text/xml";
    } else {
      payload =
          "<ErrorResponse><Error><Type>Sender</Type><Code>"
              + code
              + "</Code><Message>"
              + message
              + "</Message></Error><RequestId>fault</RequestId></ErrorResponse>";
      type = "text/xml";
    }
    byte[] out = payload.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, out.length);
    ex.getResponseBody().write(out);
  }
}
