package io.hookyard.dispatch.vendor.http;

import io.hookyard.dispatch.destination.Action;
import java.util.List;

/** The generic HTTP destination: any API with OAuth 2.0 client credentials or a bearer token. */
public final class HttpActions {
  private HttpActions() {}

  public static List<Action> all() {
    return List.of(new HttpRequest());
  }
}
