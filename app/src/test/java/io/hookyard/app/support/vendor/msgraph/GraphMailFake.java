package io.hookyard.app.support.vendor.msgraph;

import com.sun.net.httpserver.HttpServer;
import io.hookyard.app.support.vendor.VendorFake;
import io.hookyard.app.support.vendor.entra.EntraIdTokens;
import io.hookyard.schemas.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Microsoft Graph's {@code POST /v1.0/users/{id | userPrincipalName}/sendMail} on loopback
 * (vendors.md §20.7, learn.microsoft.com "user: sendMail"), with Entra ID's token endpoint ({@link
 * EntraIdTokens}) on a server of its own, as {@code login.microsoftonline.com} is.
 *
 * <ul>
 *   <li>Bearer tokens Entra did not issue, or that expired ({@link #entra()}{@code
 *       .expireTokens()}): 401 {@code InvalidAuthenticationToken}.
 *   <li>Unknown mailbox: 404 {@code ErrorInvalidUser}; no or unresolvable recipients: 400 {@code
 *       ErrorInvalidRecipients}; a body {@code contentType} other than Text/HTML or no {@code
 *       message}: 400 {@code ErrorInvalidRequest}. Errors are {@code {"error": {"code", "message",
 *       "innerError": {"date", "request-id", "client-request-id"}}}}.
 *   <li>Accepted: 202 with no body; the message joins {@link #sent()}. Every answer carries {@code
 *       request-id} and {@code client-request-id}.
 *   <li>{@link #throttleNext}: 429 {@code ApplicationThrottled} ("over its MailboxConcurrency
 *       limit") with {@code Retry-After}; {@link #unavailableNext}: 503 with {@code Retry-After}.
 * </ul>
 */
public final class GraphMailFake extends VendorFake {
  public static final String SCOPE = "https://graph.microsoft.com/.default";
  public static final String MAILBOX = "alerts@contoso.example";
  public static final String MAILBOX_ID = "87d349ed-44d7-43e1-9a83-5f2406dee5bd";
  private static final Pattern SEND = Pattern.compile("/v1\\.0/users/([^/]+)/sendMail");
  private static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  private final EntraIdTokens entra = new EntraIdTokens(SCOPE);
  private final HttpServer login;
  private final List<Sent> sent = new CopyOnWriteArrayList<>();

  /** One mail Graph accepted: the sending mailbox and the request's {@code message}. */
  public record Sent(String from, JsonNode message, boolean saveToSentItems) {}

  /** On any free ports, as the tests use it. */
  public GraphMailFake() {
    this(0);
  }

  /** Graph on {@code port} of 127.0.0.1 and Entra ID on the next (any free ones for 0). */
  public GraphMailFake(int port) {
    super(port);
    try {
      login =
          HttpServer.create(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), port == 0 ? 0 : port + 1), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    login.setExecutor(Executors.newSingleThreadExecutor());
    login.createContext("/", entra::handle);
    login.start();
  }

  public EntraIdTokens entra() {
    return entra;
  }

  /** The token URL to configure for {@code ms-graph}, with the {@code {tenant_id}} placeholder. */
  public String tokenUrl() {
    return EntraIdTokens.tokenUrl("http://127.0.0.1:" + login.getAddress().getPort());
  }

  /** The mails accepted so far. */
  public List<Sent> sent() {
    return List.copyOf(sent);
  }

  public List<Call> sendCalls() {
    return calls().stream().filter(c -> SEND.matcher(c.path()).matches()).toList();
  }

  @Override
  public synchronized void reset() {
    super.reset();
    sent.clear();
  }

  /** The next call answers 429 as Outlook's per-mailbox limit does. */
  public void throttleNext(int retryAfterSeconds) {
    failNext(
        429,
        Map.of(
            "Retry-After", Integer.toString(retryAfterSeconds), "Content-Type", "application/json"),
        error("ApplicationThrottled", "Application is over its MailboxConcurrency limit."));
  }

  /** The next call answers 503 with {@code Retry-After}. */
  public void unavailableNext(int retryAfterSeconds) {
    failNext(
        503,
        Map.of(
            "Retry-After", Integer.toString(retryAfterSeconds), "Content-Type", "application/json"),
        error("ServiceUnavailable", "Service is unavailable. Please try again later."));
  }

  @Override
  protected Answer answer(Call call) {
    if (call.method().equals("GET") && call.path().equals("/_fake/mails")) {
      return json(200, GraphMailByHand.listing(sent));
    }
    Matcher send = SEND.matcher(call.path());
    if (!send.matches() || !call.method().equals("POST")) {
      return graph(400, "BadRequest", "Resource not found for the segment '" + call.path() + "'.");
    }
    if (!entra.valid(call.header("authorization"))) {
      return graph(
          401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid.");
    }
    String user = URLDecoder.decode(send.group(1), StandardCharsets.UTF_8);
    if (!user.equalsIgnoreCase(MAILBOX) && !user.equals(MAILBOX_ID)) {
      return graph(404, "ErrorInvalidUser", "The requested user '" + user + "' is invalid.");
    }
    JsonNode body = call.json();
    JsonNode message = body.path("message");
    if (!message.isObject()) {
      return graph(400, "ErrorInvalidRequest", "The message parameter is required.");
    }
    String contentType = message.path("body").path("contentType").asString("Text");
    if (!Set.of("text", "html").contains(contentType.toLowerCase())) {
      return graph(
          400, "ErrorInvalidRequest", "Requested value '" + contentType + "' was not found.");
    }
    JsonNode to = message.path("toRecipients");
    if (!to.isArray() || to.isEmpty()) {
      return graph(
          400,
          "ErrorInvalidRecipients",
          "At least one recipient is not valid., A message can't be sent because it contains no recipients.");
    }
    for (JsonNode r : to) {
      String address = r.path("emailAddress").path("address").asString("");
      if (!ADDRESS.matcher(address).matches()) {
        return graph(
            400,
            "ErrorInvalidRecipients",
            "At least one recipient is not valid., Recipient '"
                + address
                + "' is not resolved. All recipients must be resolved before a message can be submitted.");
      }
    }
    sent.add(new Sent(user, message, body.path("saveToSentItems").asBoolean(true)));
    return new Answer(202, ids(), null);
  }

  /**
   * Runs the fake on its own next to a Hookyard started by hand ({@code java -cp … GraphMailFake
   * 9310}, Entra ID on 9311): prints its URLs, credentials, the settings Hookyard needs and the
   * calls to make.
   */
  public static void main(String[] args) {
    GraphMailFake fake = new GraphMailFake(args.length > 0 ? Integer.parseInt(args[0]) : 9310);
    System.out.println(GraphMailByHand.instructions(fake.baseUrl(), fake.tokenUrl()));
  }

  private static Map<String, String> ids() {
    return Map.of(
        "request-id",
        UUID.randomUUID().toString(),
        "client-request-id",
        UUID.randomUUID().toString());
  }

  private static Answer graph(int status, String code, String message) {
    Map<String, String> headers = new java.util.HashMap<>(ids());
    headers.put("Content-Type", "application/json");
    return new Answer(status, headers, error(code, message));
  }

  private static String error(String code, String message) {
    return Json.writeString(
        Map.of(
            "error",
            Map.of(
                "code",
                code,
                "message",
                message,
                "innerError",
                Map.of(
                    "date", Instant.now().toString(),
                    "request-id", UUID.randomUUID().toString(),
                    "client-request-id", UUID.randomUUID().toString()))));
  }

  @Override
  public void close() {
    super.close();
    login.stop(0);
  }
}
