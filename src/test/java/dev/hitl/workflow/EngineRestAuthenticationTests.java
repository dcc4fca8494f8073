package dev.hitl.workflow;

import dev.hitl.system.ProblemResponses;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * The filter's own check, behind Spring Security's: the workers (the role their token
 * gives) run without engine authorization checks on the external task routes and are
 * refused on any other; no account name makes a caller a worker.
 */
class EngineRestAuthenticationTests {

	private final IdentityService identity = mock(IdentityService.class);

	private final ProblemResponses problems = mock(ProblemResponses.class);

	private final EngineRestAuthentication filter = new EngineRestAuthentication(this.identity, this.problems);

	@ParameterizedTest
	@CsvSource({ "POST, /engine-rest/external-task/fetchAndLock", "POST, /engine-rest/external-task/abc/complete",
			"POST, /engine-rest/external-task/abc/failure", "POST, /engine-rest/external-task/abc/bpmnError",
			"POST, /engine-rest/external-task/abc/extendLock", "POST, /engine-rest/external-task/abc/unlock" })
	void theWorkersRoutesPassWithoutEngineAuthentication(String method, String path) throws Exception {
		MockFilterChain chain = new MockFilterChain();
		this.filter.doFilter(workerRequest(method, path), new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).isNotNull();
		verify(this.identity).clearAuthentication();
		verify(this.identity, never()).setAuthentication(anyString(), any());
	}

	@ParameterizedTest
	@CsvSource({ "GET, /engine-rest/external-task", "GET, /engine-rest/external-task/fetchAndLock",
			"POST, /engine-rest/external-task/retries", "POST, /engine-rest/external-task/abc/retries",
			"POST, /engine-rest/task/abc/complete", "POST, /engine-rest/process-definition/key/consultation/start",
			"POST, /engine-rest/engine/default/external-task/fetchAndLock",
			"POST, /engine-rest/external-task/a/b/complete" })
	void anyOtherRouteIsRefusedToTheWorkers(String method, String path) throws Exception {
		MockFilterChain chain = new MockFilterChain();
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(workerRequest(method, path), response, chain);
		assertThat(chain.getRequest()).isNull();
		verify(this.problems).write(eq(response), eq(HttpStatus.FORBIDDEN), anyString());
	}

	private static MockHttpServletRequest workerRequest(String method, String path) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, path);
		request.setUserPrincipal(() -> "hitl-worker");
		request.addUserRole(ExternalTaskWorkers.ROLE);
		return request;
	}

}
