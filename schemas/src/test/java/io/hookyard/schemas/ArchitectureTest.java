package io.hookyard.schemas;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.hookyard.schemas.archunit.ModuleRules;

@AnalyzeClasses(
    packages = "io.hookyard.schemas",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule noSpringOrRoles =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework..", "io.hookyard.http..")
          .because("schemas is the small shared contract every role depends on");

  @ArchTest
  static void keepsTheModuleRules(JavaClasses classes) {
    ModuleRules.of("schemas").check(classes);
  }
}
