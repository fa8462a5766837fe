package io.hookyard.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import io.hookyard.schemas.archunit.ModuleRules;

@AnalyzeClasses(packages = "io.hookyard.app", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static void keepsTheModuleRules(JavaClasses classes) {
    ModuleRules.of("app").check(classes);
  }
}
