package dev.hitl.system;

import java.util.List;

/**
 * Where the process engine serves its web surface, as the module that runs it says (this
 * module cannot depend on it): the path prefixes of the engine's REST APIs, which answer
 * in JSON, and the page where reviewers find their tasks.
 *
 * @param apiPrefixes request paths that start with one of these are the engine's APIs
 * @param tasklistHome the path of the engine's task list, linked from error pages
 */
public record EngineWebSurface(List<String> apiPrefixes, String tasklistHome) {

	public EngineWebSurface {
		apiPrefixes = List.copyOf(apiPrefixes);
	}

	/** Whether a request path (within the application) is on one of the engine's APIs. */
	boolean isApi(String path) {
		return this.apiPrefixes.stream().anyMatch(path::startsWith);
	}

}
