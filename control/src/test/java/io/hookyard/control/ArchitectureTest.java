package io.hookyard.control;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import io.hookyard.schemas.archunit.ModuleRules;

@AnalyzeClasses(
    packages = "io.hookyard.control",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static void keepsTheModuleRules(JavaClasses classes) {
    ModuleRules.of("control").check(classes);
  }
}
