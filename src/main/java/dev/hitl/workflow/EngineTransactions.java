package dev.hitl.workflow;

import java.sql.SQLException;
import java.util.function.Supplier;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a request's engine work in its own transaction and runs it again when it collided
 * with the engine's own work on the same process (a worker completing a branch, a job):
 * such a collision says nothing about the request and the retry sees the new state.
 */
@Component
public class EngineTransactions {

	private static final int ATTEMPTS = 3;

	private final TransactionTemplate transaction;

	EngineTransactions(TransactionTemplate transaction) {
		this.transaction = transaction;
	}

	/**
	 * @throws TaskConflictException when the work still collides after a few attempts
	 */
	public <T> T run(Supplier<T> work) {
		for (int attempt = 1;; attempt++) {
			try {
				return this.transaction.execute((status) -> work.get());
			}
			catch (TaskConflictException ex) {
				if (!ex.isTransient() || attempt == ATTEMPTS) {
					throw ex;
				}
			}
			catch (RuntimeException ex) {
				// The engine's own errors, and the read model's SQL (a deadlock between
				// the
				// two arrives as Spring's DataAccessException).
				if (!isCollision(ex)) {
					throw ex;
				}
				if (attempt == ATTEMPTS) {
					throw new TaskConflictException("The process changed concurrently; try again", ex);
				}
			}
		}
	}

	/**
	 * Optimistic locking; ENGINE-03077, the execution tree was restructured under the
	 * request (a parallel branch ending) before it read its parent; or a database
	 * deadlock or serialization failure (SQLSTATE class 40) between the two.
	 */
	static boolean isCollision(Throwable ex) {
		if (ex instanceof OptimisticLockingException || (ex instanceof ProcessEngineException && ex.getMessage() != null
				&& ex.getMessage().startsWith("ENGINE-03077"))) {
			return true;
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("40")) {
				return true;
			}
		}
		return false;
	}

}
