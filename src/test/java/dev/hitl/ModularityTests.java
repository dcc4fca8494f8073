package dev.hitl;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Keeps the package-by-feature structure true as the code grows. */
class ModularityTests {

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.hitl");

	@Test
	void onlyTheWorkflowModuleTalksToTheEngine() {
		noClasses().that()
			.resideOutsideOfPackage("dev.hitl.workflow..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.camunda.bpm..", "org.camunda.spin..")
			.because("a move to a maintained Camunda 7 fork must stay mechanical")
			.check(MAIN);
	}

	@Test
	void modulesHaveNoCycles() {
		slices().matching("dev.hitl.(*)..").should().beFreeOfCycles().check(MAIN);
	}

}
