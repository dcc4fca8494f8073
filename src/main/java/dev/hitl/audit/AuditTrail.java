package dev.hitl.audit;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hitl.security.Agent;
import dev.hitl.security.Reviewer;
import dev.hitl.workflow.CamundaWeb;
import dev.hitl.workflow.ReviewerDirectory;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Writes audit rows with the JdbcTemplate of the caller's transaction. The actor is the
 * one an event names, else whoever the current request is authenticated as (Spring
 * Security, then the engine's own authentication as in Tasklist and Cockpit), else the
 * system (timers, workers).
 */
@Component
class AuditTrail {

	static final String CONSULTATION = "consultation";

	static final String API_KEY = "api_key";

	static final String USER = "user";

	private final AuditRepository repository;

	private final ReviewerDirectory directory;

	private final ObjectMapper json;

	private final Clock clock;

	AuditTrail(AuditRepository repository, ReviewerDirectory directory, ObjectMapper json, Clock clock) {
		this.repository = repository;
		this.directory = directory;
		this.json = json;
		this.clock = clock;
	}

	void consultation(String action, UUID consultationId, Actor actor, String channel, Object... details) {
		record(action, actor, CONSULTATION, (consultationId != null) ? consultationId.toString() : null, consultationId,
				channel, details);
	}

	void record(String action, Actor actor, String targetType, String targetId, UUID consultationId, String channel,
			Object... details) {
		HttpServletRequest request = currentRequest();
		recordFrom((request != null) ? request.getRemoteAddr() : null, action, actor, targetType, targetId,
				consultationId, channel, details);
	}

	/**
	 * As {@link #record}, from the given client address (e.g. one a security filter saw).
	 */
	void recordFrom(String clientAddress, String action, Actor actor, String targetType, String targetId,
			UUID consultationId, String channel, Object... details) {
		HttpServletRequest request = currentRequest();
		this.repository.insert(new NewAuditEvent(this.clock.instant().truncatedTo(ChronoUnit.MILLIS),
				(actor != null) ? actor : currentActor(), action, targetType, targetId, consultationId,
				(channel != null) ? channel : channelOf(request), clientAddress, details(details)));
	}

	private Actor currentActor() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.isAuthenticated()
				&& !(authentication instanceof AnonymousAuthenticationToken)) {
			Object principal = authentication.getPrincipal();
			if (principal instanceof Agent agent) {
				return Actor.agent(agent.owner());
			}
			if (principal instanceof Reviewer reviewer) {
				return Actor.user(reviewer.id());
			}
			return Actor.user(authentication.getName());
		}
		return this.directory.currentEngineUser().map(Actor::user).orElse(Actor.SYSTEM);
	}

	/** Where a request came in when the event does not say. */
	private static String channelOf(HttpServletRequest request) {
		if (request == null) {
			return null;
		}
		String path = request.getRequestURI();
		if (path.startsWith("/api/")) {
			return "api";
		}
		if (CamundaWeb.isEngineRest(path)) {
			return "engine-rest";
		}
		if (CamundaWeb.isWebapp(path)) {
			return "webapp";
		}
		return "portal";
	}

	private String details(Object... pairs) {
		Map<String, Object> details = new LinkedHashMap<>();
		for (int i = 0; i + 1 < pairs.length; i += 2) {
			if (pairs[i + 1] != null) {
				details.put((String) pairs[i], pairs[i + 1]);
			}
		}
		try {
			return this.json.writeValueAsString(details);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static HttpServletRequest currentRequest() {
		return (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)
				? attributes.getRequest() : null;
	}

}
