package io.hookyard.app.support.vendor;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A vendor's OAuth authorize page for the fakes run on their own: the user "signs in and consents"
 * at once, so the page sends the browser back to {@code redirect_uri} with the fake's code and the
 * {@code state} it was given, as the real page does after consent.
 */
public final class ConsentPage {
  private ConsentPage() {}

  /** The {@code Location} of the redirect back to the app, or null without a redirect_uri. */
  public static String location(String rawQuery, String code) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : rawQuery == null ? new String[0] : rawQuery.split("&")) {
      String[] kv = pair.split("=", 2);
      params.put(
          URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
          kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    String back = params.get("redirect_uri");
    if (back == null) {
      return null;
    }
    return back
        + (back.contains("?") ? "&" : "?")
        + "code="
        + URLEncoder.encode(code, StandardCharsets.UTF_8)
        + "&state="
        + URLEncoder.encode(params.getOrDefault("state", ""), StandardCharsets.UTF_8);
  }
}
