package dev.hitl.workflow;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.IdentityOperationResult;
import org.camunda.bpm.engine.impl.identity.db.DbIdentityServiceProvider;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;

/**
 * The engine's own identity store, plus what the engine leaves out: a password kept with
 * an older hash (Camunda's default one-round SHA-512) is re-hashed with the current one
 * right after a successful check, a password that matched lately is not hashed again
 * ({@link VerifiedPasswords}), deleting an account is announced so that its sessions end,
 * and a failed check neither locks the account nor answers sooner for a name nobody has.
 * <p>
 * The engine counts every failed check against the account and, after a few, refuses even
 * its right password (for good after {@code login-max-attempts}): anyone who knows a name
 * could lock its owner out, and concurrent failures collided on the row they all update.
 * Guessing is limited per client address at the edge instead (the security module's login
 * throttle), so a failed check here writes nothing.
 */
class HitlIdentityProvider extends DbIdentityServiceProvider {

	private static final Logger log = LoggerFactory.getLogger(HitlIdentityProvider.class);

	private static final String CURRENT_PREFIX = "{" + Argon2PasswordEncryptor.NAME + "}";

	/**
	 * Checked instead of an account for a name that has none, so that a wrong name takes
	 * as long as a wrong password (made once, on first need, with the engine's hashing).
	 */
	private static volatile UserEntity nobody;

	private final ApplicationEventPublisher events;

	private final VerifiedPasswords verified;

	HitlIdentityProvider(ApplicationEventPublisher events, VerifiedPasswords verified) {
		this.events = events;
		this.verified = verified;
	}

	@Override
	public boolean checkPassword(String userId, String password) {
		UserEntity user = (userId != null) ? findUserById(userId) : null;
		if (password == null) {
			return false;
		}
		if (user == null) {
			super.matchPassword(password, nobody());
			return false;
		}
		if (isUserLocked(user) || !matchPassword(password, user)) {
			return false;
		}
		unlockUser(user);
		if (user.getPassword() != null && !user.getPassword().startsWith(CURRENT_PREFIX)) {
			upgradeAfterCommit(userId, password, user.getPassword());
		}
		return true;
	}

	/** Failures are not counted against the account (see the class comment). */
	@Override
	protected void lockUser(UserEntity user) {
	}

	/** The slow hash runs only when this password has not matched this hash lately. */
	@Override
	protected boolean matchPassword(String password, UserEntity user) {
		String storedHash = user.getPassword();
		if (storedHash == null) {
			return false;
		}
		if (this.verified.matches(user.getId(), storedHash, password)) {
			return true;
		}
		boolean matches = super.matchPassword(password, user);
		if (matches) {
			this.verified.remember(user.getId(), storedHash, password);
		}
		return matches;
	}

	private static UserEntity nobody() {
		UserEntity user = nobody;
		if (user == null) {
			user = new UserEntity("nobody");
			user.setPassword(java.util.UUID.randomUUID().toString());
			user.encryptPassword();
			nobody = user;
		}
		return user;
	}

	@Override
	public IdentityOperationResult deleteUser(String userId) {
		IdentityOperationResult result = super.deleteUser(userId);
		if (IdentityOperationResult.OPERATION_DELETE.equals(result.getOperation())) {
			this.events.publishEvent(new ReviewerAccountDeleted(userId));
		}
		return result;
	}

	/**
	 * In a transaction of its own once the check committed, so a concurrent login that
	 * upgrades the same account first never fails the check itself.
	 */
	private static void upgradeAfterCommit(String userId, String password, String oldHash) {
		CommandExecutor requiresNew = Context.getProcessEngineConfiguration().getCommandExecutorTxRequiresNew();
		Context.getCommandContext()
			.getTransactionContext()
			.addTransactionListener(TransactionState.COMMITTED, (committed) -> {
				try {
					requiresNew.execute((context) -> context.runWithoutAuthorization(() -> {
						User user = context.getReadOnlyIdentityProvider().findUserById(userId);
						if (user instanceof UserEntity entity && oldHash.equals(entity.getPassword())) {
							entity.setPassword(password);
							context.getWritableIdentityProvider().saveUser(entity);
						}
						return null;
					}));
				}
				catch (OptimisticLockingException ex) {
					log.debug("Password of {} was re-hashed concurrently", userId);
				}
			});
	}

}
