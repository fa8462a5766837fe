package io.hookyard.dispatch.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.schemas.destination.DestinationCatalog;
import org.junit.jupiter.api.Test;

/** Control validates endpoints against the catalog; dispatch must run exactly those actions. */
class VendorsTest {

  @Test
  void everyCatalogActionHasOneImplementationAndNoMore() {
    assertThat(Vendors.actions().stream().map(a -> a.type() + " " + a.name()))
        .containsExactlyInAnyOrderElementsOf(
            DestinationCatalog.actions().stream().map(a -> a.type() + " " + a.name()).toList());
  }
}
