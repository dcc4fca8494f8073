package dev.hitl.system;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSON logs are one setting away: with {@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs}
 * every console line is an ECS JSON document, and the request id the filter puts in the
 * MDC is a field of it. The logging system is put back to the readable default
 * afterwards, so later tests in this JVM see the usual lines.
 */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLoggingTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	@AfterEach
	void restoreTheReadableDefault() {
		startLogging().close();
	}

	@Test
	void oneSettingTurnsConsoleLinesIntoEcsJsonWithTheRequestId(CapturedOutput output) throws Exception {
		try (var context = startLogging("logging.structured.format.console=ecs")) {
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/consultations");
			request.addHeader(RequestIdFilter.HEADER, "agent-run-9");
			new RequestIdFilter().doFilter(request, new MockHttpServletResponse(),
					new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
					}, (req, res, chain) -> LoggerFactory.getLogger(StructuredLoggingTests.class)
						.info("Serving a probe request")));
		}
		List<JsonNode> lines = output.getOut()
			.lines()
			.filter((line) -> line.contains("Serving a probe request"))
			.map(StructuredLoggingTests::json)
			.toList();
		assertThat(lines).hasSize(1);
		JsonNode line = lines.get(0);
		assertThat(line.get("message").asText()).isEqualTo("Serving a probe request");
		assertThat(line.get("log").get("level").asText()).isEqualTo("INFO");
		assertThat(line.has("@timestamp")).isTrue();
		assertThat(line.get("requestId").asText()).isEqualTo("agent-run-9");
	}

	@Test
	void theDefaultStaysReadable(CapturedOutput output) {
		try (var context = startLogging()) {
			LoggerFactory.getLogger(StructuredLoggingTests.class).info("A readable line");
		}
		String line = output.getOut().lines().filter((l) -> l.contains("A readable line")).findFirst().orElseThrow();
		assertThat(line).doesNotStartWith("{").contains(" INFO ");
	}

	private static org.springframework.context.ConfigurableApplicationContext startLogging(String... properties) {
		return new SpringApplicationBuilder(Empty.class).web(WebApplicationType.NONE)
			.properties(properties)
			.logStartupInfo(false)
			.run();
	}

	private static JsonNode json(String line) {
		try {
			return JSON.readTree(line);
		}
		catch (Exception ex) {
			throw new AssertionError("Not a JSON line: " + line, ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
