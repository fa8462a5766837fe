package io.hookyard.ingest.webhook.vendor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/**
 * Adapters hold secrets and bodies in their hands: they may not log, touch files or the network, or
 * reach into each other, so what VendorAdapter promises ("pure, no logging") stays true.
 */
@AnalyzeClasses(
    packages = "io.hookyard.ingest.webhook.vendor",
    importOptions = ImportOption.DoNotIncludeTests.class)
class VendorAdaptersArchitectureTest {

  @ArchTest
  static void adaptersNeitherLogNorDoIo(JavaClasses classes) {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.slf4j..",
            "java.util.logging..",
            "org.apache.commons.logging..",
            "java.net.http..",
            "java.nio.file..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.io.File")
        .check(classes);
  }

  @ArchTest
  static void eachVendorKeepsToItsOwnPackage(JavaClasses classes) {
    slices()
        .matching("io.hookyard.ingest.webhook.vendor.(*)..")
        .should()
        .notDependOnEachOther()
        .check(classes);
  }
}
