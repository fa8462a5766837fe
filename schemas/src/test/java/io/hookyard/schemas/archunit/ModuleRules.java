package io.hookyard.schemas.archunit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.List;

/**
 * The rules every Hookyard module keeps, shared through the schemas test jar: its feature packages
 * are free of cycles, it reaches no other role module, and reactor-kafka (discontinued upstream)
 * appears only in adapter classes named {@code ReactorKafka…} behind one small interface each.
 */
public final class ModuleRules {
  private static final List<String> ROLES = List.of("ingest", "streams", "dispatch", "control");

  private ModuleRules() {}

  /** All rules for the module in package {@code io.hookyard.<module>}. */
  public static ArchRule of(String module) {
    ArchRule rules = featuresFreeOfCycles(module).and(reactorKafkaOnlyInAdapters());
    String[] others =
        ROLES.stream()
            .filter(role -> !role.equals(module) && !module.equals("app"))
            .map(role -> "io.hookyard." + role + "..")
            .toArray(String[]::new);
    if (others.length == 0) {
      return rules;
    }
    return CompositeArchRule.of(rules)
        .and(
            noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(others)
                .because("roles deploy separately and share only schemas and http"));
  }

  static CompositeArchRule featuresFreeOfCycles(String module) {
    return CompositeArchRule.of(
        slices().matching("io.hookyard." + module + ".(*)..").should().beFreeOfCycles());
  }

  static ArchRule reactorKafkaOnlyInAdapters() {
    return noClasses()
        .that()
        .haveSimpleNameNotStartingWith("ReactorKafka")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("reactor.kafka..")
        .because("reactor-kafka is discontinued: one small interface per use keeps it swappable");
  }
}
