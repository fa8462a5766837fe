package io.hookyard.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The module's shape: features free of cycles, roles apart, reactor-kafka behind adapters. */
@AnalyzeClasses(packages = "io.hookyard.app", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule featuresHaveNoCycles =
      slices().matching("io.hookyard.app.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule reactorKafkaOnlyInAdapters =
      noClasses()
          .that()
          .haveSimpleNameNotStartingWith("ReactorKafka")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("reactor.kafka..")
          .because("reactor-kafka is discontinued: one small interface per use keeps it swappable");

  @ArchTest
  static final ArchRule rolesStayApart =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.hookyard.nothing..")
          .because("roles deploy separately and share only schemas (and http)");
}
