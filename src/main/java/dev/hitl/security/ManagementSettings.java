package dev.hitl.security;

import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hitl.management.*}.
 *
 * @param anonymousEndpoints actuator endpoints open without credentials on the main port:
 * {@code health} (the probes, status only) and {@code prometheus}
 * ({@code HITL_MANAGEMENT_ANONYMOUS_ENDPOINTS=health,prometheus})
 */
@ConfigurationProperties("hitl.management")
record ManagementSettings(@DefaultValue(ActuatorAccess.HEALTH) Set<String> anonymousEndpoints) {

	ManagementSettings {
		for (String endpoint : anonymousEndpoints) {
			if (!endpoint.isBlank() && !endpoint.equals(ActuatorAccess.HEALTH)
					&& !endpoint.equals(ActuatorAccess.PROMETHEUS)) {
				throw new IllegalArgumentException("hitl.management.anonymous-endpoints may list only '"
						+ ActuatorAccess.HEALTH + "' and '" + ActuatorAccess.PROMETHEUS + "', not '" + endpoint + "'");
			}
		}
	}

}
