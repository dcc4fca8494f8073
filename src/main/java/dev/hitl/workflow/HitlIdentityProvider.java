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
 * The engine's own identity store, plus two things the engine leaves out: a password kept
 * with an older hash (Camunda's default one-round SHA-512) is re-hashed with the current
 * one right after a successful check, a password that matched lately is not hashed again
 * ({@link VerifiedPasswords}), and deleting an account is announced so that its sessions
 * end.
 */
class HitlIdentityProvider extends DbIdentityServiceProvider {

	private static final Logger log = LoggerFactory.getLogger(HitlIdentityProvider.class);

	private static final String CURRENT_PREFIX = "{" + Argon2PasswordEncryptor.NAME + "}";

	private final ApplicationEventPublisher events;

	private final VerifiedPasswords verified;

	HitlIdentityProvider(ApplicationEventPublisher events, VerifiedPasswords verified) {
		this.events = events;
		this.verified = verified;
	}

	@Override
	public boolean checkPassword(String userId, String password) {
		boolean valid = super.checkPassword(userId, password);
		if (valid) {
			UserEntity user = findUserById(userId);
			if (user != null && user.getPassword() != null && !user.getPassword().startsWith(CURRENT_PREFIX)) {
				upgradeAfterCommit(userId, password, user.getPassword());
			}
		}
		return valid;
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
