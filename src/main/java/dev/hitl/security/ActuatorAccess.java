package dev.hitl.security;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Component;

/**
 * Which actuator endpoints answer without credentials. On a separate management port
 * ({@code MANAGEMENT_SERVER_PORT}, kept inside the cluster network) health and Prometheus
 * always do; on the main port the health probes do (status only, no details) and
 * Prometheus only when {@code hitl.management.anonymous-endpoints} lists it. Every other
 * actuator endpoint needs an admin.
 */
@Component
class ActuatorAccess {

	static final String HEALTH = "health";

	static final String PROMETHEUS = "prometheus";

	private static final PathPatternRequestMatcher.Builder PATHS = PathPatternRequestMatcher.withDefaults();

	private final ManagementSettings settings;

	private volatile int managementPort = -1;

	ActuatorAccess(ManagementSettings settings) {
		this.settings = settings;
	}

	/** Learns the management server's port, which may be chosen at random. */
	@EventListener
	void onWebServerReady(WebServerInitializedEvent event) {
		if ("management".equals(event.getApplicationContext().getServerNamespace())) {
			this.managementPort = event.getWebServer().getPort();
		}
	}

	RequestMatcher anonymous() {
		List<RequestMatcher> matchers = new ArrayList<>();
		RequestMatcher onManagementPort = this::isManagementPort;
		matchers.add(all(onManagementPort, PATHS.matcher("/actuator/health")));
		matchers.add(all(onManagementPort, PATHS.matcher("/actuator/health/**")));
		matchers.add(all(onManagementPort, PATHS.matcher("/actuator/prometheus")));
		if (this.settings.anonymousEndpoints().contains(HEALTH)) {
			matchers.add(PATHS.matcher("/actuator/health"));
			matchers.add(PATHS.matcher("/actuator/health/liveness"));
			matchers.add(PATHS.matcher("/actuator/health/readiness"));
		}
		if (this.settings.anonymousEndpoints().contains(PROMETHEUS)) {
			matchers.add(PATHS.matcher("/actuator/prometheus"));
		}
		return new OrRequestMatcher(matchers);
	}

	private boolean isManagementPort(HttpServletRequest request) {
		return this.managementPort > 0 && request.getLocalPort() == this.managementPort;
	}

	private static RequestMatcher all(RequestMatcher first, RequestMatcher second) {
		return (request) -> first.matches(request) && second.matches(request);
	}

}
