package dev.hitl.system;

import java.util.Map;
import java.util.Set;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code HITL_ROLE}: {@code all} (default) or {@code worker}. A worker node keeps the
 * engine, its REST API for the workers and the job executor, and turns off the Camunda
 * webapps; {@link NotOnWorkerNodes} turns off the rest.
 */
class NodeRoleEnvironment implements EnvironmentPostProcessor {

	private static final Set<String> ROLES = Set.of("all", "worker");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String role = environment.getProperty("hitl.role", "all");
		if (!ROLES.contains(role)) {
			throw new IllegalStateException("HITL_ROLE must be 'all' or 'worker', not '" + role + "'");
		}
		if (role.equals("worker")) {
			environment.getPropertySources()
				.addFirst(new MapPropertySource("hitlWorkerRole", Map.of("camunda.bpm.webapp.enabled", "false")));
		}
	}

}
