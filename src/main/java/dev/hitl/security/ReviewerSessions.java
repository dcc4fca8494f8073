package dev.hitl.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.hitl.workflow.ReviewerAccountDeleted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The portal and webapp sessions of one user, kept by Spring Session in the database so
 * every node sees and ends the same ones. A session is named to its owner by a hash of
 * its id, never the id itself, which is a credential.
 */
@Service
public class ReviewerSessions {

	private static final Logger log = LoggerFactory.getLogger(ReviewerSessions.class);

	private final FindByIndexNameSessionRepository<? extends Session> sessions;

	ReviewerSessions(FindByIndexNameSessionRepository<? extends Session> sessions) {
		this.sessions = sessions;
	}

	/**
	 * @param currentSessionId the session the caller uses now, or null
	 */
	List<SessionView> list(String userId, String currentSessionId) {
		return sessionsOf(userId).values()
			.stream()
			.filter((session) -> !session.isExpired())
			.map((session) -> view(session, session.getId().equals(currentSessionId)))
			.sorted(Comparator.comparing(SessionView::lastAccessedAt).reversed())
			.toList();
	}

	/**
	 * @return false when the user has no session with that handle
	 */
	boolean end(String userId, String handle) {
		return sessionsOf(userId).keySet().stream().filter((id) -> handle(id).equals(handle)).findFirst().map((id) -> {
			this.sessions.deleteById(id);
			return true;
		}).orElse(false);
	}

	/** Ends every session of the user but the current one. */
	int endOthers(String userId, String currentSessionId) {
		List<String> others = sessionsOf(userId).keySet()
			.stream()
			.filter((id) -> !Objects.equals(id, currentSessionId))
			.toList();
		others.forEach(this.sessions::deleteById);
		return others.size();
	}

	/** A deleted account keeps no session, on any node. */
	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
	void on(ReviewerAccountDeleted event) {
		int ended = endOthers(event.userId(), null);
		if (ended > 0) {
			log.info("Ended {} session(s) of deleted account {}", ended, event.userId());
		}
	}

	private Map<String, ? extends Session> sessionsOf(String userId) {
		return this.sessions.findByPrincipalName(userId);
	}

	private static SessionView view(Session session, boolean current) {
		return new SessionView(handle(session.getId()), session.getCreationTime(), session.getLastAccessedTime(),
				session.getLastAccessedTime().plus(session.getMaxInactiveInterval()),
				session.getAttribute(WebappLoginFilter.CLIENT_ADDRESS),
				session.getAttribute(WebappLoginFilter.USER_AGENT),
				session.getAttribute(WebappLoginFilter.LOGIN_METHOD), current);
	}

	static String handle(String sessionId) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @param expiresAt when the session ends if unused (the absolute timeout may end it
	 * earlier)
	 */
	record SessionView(String id, Instant createdAt, Instant lastAccessedAt, Instant expiresAt, String clientAddress,
			String userAgent, String loginMethod, boolean current) {
	}

}
