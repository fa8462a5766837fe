package io.hookyard.app.support.vendor.teams;

import io.hookyard.app.support.vendor.VendorFake;
import java.util.Map;

/**
 * A Teams Workflows webhook trigger on loopback (vendors.md §20.3): {@code POST
 * /workflows/{id}/triggers/manual/paths/invoke?…&sig=…}; 202 with an empty body when the {@code
 * sig} matches, 401 otherwise, 400 for a body without {@code attachments}.
 */
public final class TeamsWorkflowFake extends VendorFake {
  public static final String SIG = "s3cr3t-sig";
  public static final String PATH = "/workflows/wf1/triggers/manual/paths/invoke";

  /** The webhook URL a tenant copies from Teams. */
  public String webhookUrl() {
    return baseUrl()
        + PATH
        + "?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig="
        + SIG;
  }

  @Override
  protected Answer answer(Call call) {
    if (!call.path().equals(PATH) || call.query() == null || !call.query().endsWith("sig=" + SIG)) {
      return json(
          401,
          Map.of("error", Map.of("code", "DirectApiAuthorizationRequired", "message", "bad sig")));
    }
    if (!call.json().path("attachments").isArray()) {
      return json(
          400,
          Map.of("error", Map.of("code", "InvalidRequestContent", "message", "no attachments")));
    }
    return new Answer(202, Map.of(), null);
  }
}
