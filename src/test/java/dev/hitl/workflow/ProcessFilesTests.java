package dev.hitl.workflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks every process file in {@code processes/} against the rules of
 * {@code processes/README.md}: the file name is the process id, history is cleaned up,
 * and ids are meaningful rather than the Modeler's generated ones.
 */
class ProcessFilesTests {

	private static final Path PROCESSES = Path.of("processes");

	private static final Pattern MODELER_DEFAULT_ID = Pattern
		.compile("^((Activity|Event|Gateway|Flow|StartEvent|EndEvent|Task)_[0-9a-z]{7}|StartEvent_1)$");

	static Stream<Path> processFiles() throws IOException {
		try (Stream<Path> files = Files.list(PROCESSES)) {
			List<Path> bpmn = files.filter((file) -> file.getFileName().toString().endsWith(".bpmn")).sorted().toList();
			assertThat(bpmn).as("BPMN files in %s", PROCESSES.toAbsolutePath()).isNotEmpty();
			return bpmn.stream();
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("processFiles")
	void fileHoldsOneExecutableProcessNamedAfterTheFile(Path file) {
		String fileName = file.getFileName().toString();
		List<String> executable = read(file).getModelElementsByType(Process.class)
			.stream()
			.filter(Process::isExecutable)
			.map(Process::getId)
			.toList();
		assertThat(executable).containsExactly(fileName.substring(0, fileName.length() - ".bpmn".length()));
	}

	/**
	 * Each file has its process tests: a test class deploys it and measures coverage with
	 * the process-test-coverage extension, whose floor fails the build.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("processFiles")
	void fileIsDrivenByProcessTestsWithACoverageFloor(Path file) throws ClassNotFoundException {
		String resource = "processes/" + file.getFileName();
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(Deployment.class));
		List<Class<?>> covering = new ArrayList<>();
		for (BeanDefinition candidate : scanner.findCandidateComponents("dev.hitl")) {
			Class<?> type = Class.forName(candidate.getBeanClassName());
			boolean deploys = List.of(type.getAnnotation(Deployment.class).resources()).contains(resource);
			boolean measured = Stream.of(type.getDeclaredFields())
				.anyMatch((field) -> ProcessEngineCoverageExtension.class.isAssignableFrom(field.getType()));
			if (deploys && measured) {
				covering.add(type);
			}
		}
		assertThat(covering).as("process test classes deploying %s with a coverage extension", resource).isNotEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("processFiles")
	void processSetsHistoryTimeToLive(Path file) {
		assertThat(read(file).getModelElementsByType(Process.class)).allSatisfy(
				(process) -> assertThat(process.getCamundaHistoryTimeToLiveString()).as(process.getId()).isNotBlank());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("processFiles")
	void flowNodesAndSequenceFlowsHaveMeaningfulIds(Path file) {
		BpmnModelInstance model = read(file);
		Stream<BaseElement> elements = Stream.concat(model.getModelElementsByType(FlowNode.class).stream(),
				model.getModelElementsByType(SequenceFlow.class).stream());
		List<String> generated = elements.map(BaseElement::getId)
			.filter((id) -> MODELER_DEFAULT_ID.matcher(id).matches())
			.toList();
		assertThat(generated).as("ids left as Camunda Modeler generated them").isEmpty();
	}

	private static BpmnModelInstance read(Path file) {
		return Bpmn.readModelFromFile(file.toFile());
	}

}
