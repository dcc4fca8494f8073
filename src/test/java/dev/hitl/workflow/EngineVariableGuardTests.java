package dev.hitl.workflow;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hitl.system.ProblemResponses;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

class EngineVariableGuardTests {

	private final ProblemResponses problems = mock(ProblemResponses.class);

	private final EngineVariableGuard guard = new EngineVariableGuard(new ObjectMapper(), this.problems);

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "PUT|/engine-rest/task/t1/variables/hitlRespondedBy|{}",
			"PUT|/engine-rest/task/t1/localVariables/HitlChannel|{}", "POST|/engine-rest/task/t1/variables/hitlX/data|",
			"PUT|/engine-rest/process-instance/p1/variables/hitlRespondedBy|{}",
			"PUT|/engine-rest/engine/default/execution/e1/localVariables/hitlX|{}",
			"POST|/engine-rest/task/t1/complete|{\"variables\": {\"hitlRespondedBy\": {\"value\": \"ceo\"}}}",
			"POST|/camunda/api/engine/engine/default/task/t1/submit-form|{\"variables\": {\"hitlChannel\": {}}}",
			"POST|/engine-rest/task/t1/variables|{\"modifications\": {}, \"deletions\": [\"hitlCompletedBy\"]}",
			"POST|/engine-rest/process-definition/key/p/start|{\"startInstructions\": [{\"variables\": {\"hitlX\": {}}}]}",
			"POST|/engine-rest/message|{\"messageName\": \"m\", \"processVariablesLocal\": {\"hitlX\": {}}}",
			"POST|/engine-rest/task/t1/complete|{\"variables\": {\"consultationId\": {\"value\": \"other\"}}}",
			"PUT|/engine-rest/task/t1/variables/reviewerGroups|{}",
			"POST|/engine-rest/task/t1/resolve|{\"variables\": {\"timeout\": {\"value\": \"P30D\"}}}",
			"POST|/engine-rest/task/t1/complete|{not json" })
	void refusesWhatNoCallerMaySet(String method, String path, String body) throws Exception {
		MockFilterChain chain = new MockFilterChain();
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.guard.doFilter(request(method, path, body), response, chain);
		assertThat(chain.getRequest()).isNull();
		verify(this.problems).write(eq(response), eq(HttpStatus.BAD_REQUEST), anyString());
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "POST|/engine-rest/task/t1/complete|{\"variables\": {\"decision\": {\"value\": \"approved\"}}}",
					"PUT|/engine-rest/task/t1|{\"name\": \"n\", \"priority\": 50}",
					"PUT|/engine-rest/process-instance/p1/variables/consultationId|{}",
					"GET|/engine-rest/task/t1/variables/hitlRespondedBy|",
					"DELETE|/engine-rest/task/t1/variables/hitlRespondedBy|",
					"POST|/api/v1/consultations/c1/respond|{\"variables\": {\"hitlX\": {}}}" })
	void letsEverythingElseThroughWithItsBody(String method, String path, String body) throws Exception {
		MockFilterChain chain = new MockFilterChain();
		this.guard.doFilter(request(method, path, body), new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).isNotNull();
		if (body != null && !method.equals("GET") && !method.equals("DELETE")) {
			assertThat(chain.getRequest().getInputStream().readAllBytes())
				.isEqualTo(body.getBytes(StandardCharsets.UTF_8));
		}
		verify(this.problems, never()).write(org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.any(),
				anyString());
	}

	private static MockHttpServletRequest request(String method, String path, String body) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, path);
		if (body != null) {
			request.setContentType("application/json");
			request.setContent(body.getBytes(StandardCharsets.UTF_8));
		}
		return request;
	}

}
