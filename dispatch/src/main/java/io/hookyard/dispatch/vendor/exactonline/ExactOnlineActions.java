package io.hookyard.dispatch.vendor.exactonline;

import io.hookyard.dispatch.destination.Action;
import java.util.List;

/** Exact Online's destination actions. */
public final class ExactOnlineActions {
  private ExactOnlineActions() {}

  public static List<Action> all() {
    return List.of(new UpsertAccount(), new CreateSalesInvoice());
  }
}
