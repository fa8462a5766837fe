package io.hookyard.dispatch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.Slice;
import java.util.List;

/**
 * The module's shape, as STYLE.md asks: dispatch stands on {@code schemas} alone, its features
 * ({@code io.hookyard.dispatch.<feature>}) are plain Java that expose one or two public types and
 * depend on each other in one direction only, and each outside library stays in the feature that
 * owns it. The root package is the Spring wiring, and nothing depends on it.
 */
@AnalyzeClasses(
    packages = "io.hookyard.dispatch",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  private static final String FEATURES = "io.hookyard.dispatch.(*)..";
  private static final String IN_A_FEATURE = "io.hookyard.dispatch.*..";

  @ArchTest
  static final ArchRule dispatchDoesNotDependOnOtherRoles =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.hookyard.ingest..",
              "io.hookyard.streams..",
              "io.hookyard.control..",
              "io.hookyard.app..",
              "io.hookyard.http..");

  @ArchTest
  static final ArchRule featuresAreFreeOfCycles =
      slices().matching(FEATURES).should().beFreeOfCycles();

  @ArchTest
  static final ArchRule featuresExposeAtMostTwoPublicTypes =
      slices()
          .matching(FEATURES)
          .should(exposeAtMostPublicTypes(2, "io.hookyard.dispatch.vendor."));

  /** Each vendor's folder exposes one type: its list of actions, for {@code Vendors}. */
  @ArchTest
  static final ArchRule eachVendorExposesItsActionsOnly =
      slices()
          .matching("io.hookyard.dispatch.vendor.(*)..")
          .should(exposeAtMostPublicTypes(1, null));

  @ArchTest
  static final ArchRule adaptersStayPackagePrivate =
      classes()
          .that()
          .haveSimpleNameStartingWith("ReactorKafka")
          .should()
          .notBePublic()
          .because(
              "the rest of dispatch sees Kafka only through DeliverySource and AttemptPublisher");

  @ArchTest
  static final ArchRule featuresDoNotDependOnTheWiring =
      noClasses()
          .that()
          .resideInAPackage(IN_A_FEATURE)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.hookyard.dispatch");

  @ArchTest
  static final ArchRule onlyTheWiringKnowsSpringsContainer =
      noClasses()
          .that()
          .resideInAPackage(IN_A_FEATURE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.springframework.context..",
              "org.springframework.beans..",
              "org.springframework.boot..");

  @ArchTest
  static final ArchRule kafkaClientsStayInTheKafkaFeature =
      noClasses()
          .that()
          .resideOutsideOfPackage("io.hookyard.dispatch.kafka")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("reactor.kafka..", "org.apache.kafka..");

  @ArchTest
  static final ArchRule noTransactionalOffsetsThatNoLongerLink =
      noClasses()
          .should()
          .callMethod(
              "reactor.kafka.sender.TransactionManager",
              "sendOffsets",
              "java.util.Map",
              "java.lang.String")
          .because("it calls a producer method Kafka 4 removed (NoSuchMethodError)");

  @ArchTest
  static final ArchRule httpClientStaysInTheSendingFeature =
      noClasses()
          .that()
          .resideOutsideOfPackage("io.hookyard.dispatch.sending")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "reactor.netty..",
              "io.netty..",
              "org.springframework.web.reactive.function.client..");

  @ArchTest
  static final ArchRule nothingBlocks =
      noClasses()
          .should()
          .callMethodWhere(
              DescribedPredicate.describe(
                  "a blocking Reactor or Thread call",
                  call -> {
                    String owner = call.getTargetOwner().getName();
                    String name = call.getName();
                    boolean reactor =
                        (owner.equals("reactor.core.publisher.Mono")
                                || owner.equals("reactor.core.publisher.Flux"))
                            && (name.startsWith("block")
                                || name.equals("toIterable")
                                || name.equals("toStream")
                                || name.equals("toFuture"));
                    boolean sleep = owner.equals("java.lang.Thread") && name.equals("sleep");
                    return reactor || sleep;
                  }));

  /**
   * @param ownSlicesUnder a package prefix whose sub-packages are counted by a rule of their own
   *     (each vendor's folder), or null
   */
  private static ArchCondition<Slice> exposeAtMostPublicTypes(int max, String ownSlicesUnder) {
    return new ArchCondition<>("expose at most " + max + " public top-level types") {
      @Override
      public void check(Slice slice, ConditionEvents events) {
        List<String> exposed =
            slice.stream()
                .filter(JavaClass::isTopLevelClass)
                .filter(
                    c -> ownSlicesUnder == null || !c.getPackageName().startsWith(ownSlicesUnder))
                .filter(c -> c.getModifiers().contains(JavaModifier.PUBLIC))
                .map(JavaClass::getSimpleName)
                .sorted()
                .toList();
        events.add(
            new SimpleConditionEvent(
                slice, exposed.size() <= max, slice.getDescription() + " exposes " + exposed));
      }
    };
  }
}
