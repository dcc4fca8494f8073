package dev.hitl.system;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Recognises a failure that means "no database connection right now" (the server is
 * unreachable, or every pooled connection stayed busy past the pool's timeout) rather
 * than a bug: the request was not done and may be retried as it is, so it answers 503
 * with {@code Retry-After}, never 500. Wherever the failure surfaced: a security filter
 * looking up an API key, the session or rate-limit store, a controller, the engine.
 */
public final class DatabaseOutage {

	/** What clients are told to wait before retrying (seconds). */
	public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	public static final String DETAIL = "The service cannot get a database connection right now (unreachable or "
			+ "overloaded); retry the request later";

	private DatabaseOutage() {
	}

	public static boolean causedBy(Throwable failure) {
		for (Throwable ex = failure; ex != null; ex = (ex.getCause() != ex) ? ex.getCause() : null) {
			if (ex instanceof DataAccessResourceFailureException || ex instanceof CannotCreateTransactionException
					|| ex instanceof SQLTransientConnectionException
					|| ex instanceof SQLNonTransientConnectionException) {
				return true;
			}
			// The connection broke mid-transaction and its rollback failed too: the
			// rollback's failure hides the one that tells.
			if (ex instanceof TransactionSystemException rollback && rollback.getApplicationException() != null
					&& causedBy(rollback.getApplicationException())) {
				return true;
			}
			// SQLSTATE class 08 (connection exception) and 57P01-57P03 (server shutting
			// down
			// or not yet accepting connections), as PostgreSQL's driver reports them.
			if (ex instanceof SQLException sql && sql.getSQLState() != null
					&& (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
				return true;
			}
		}
		return false;
	}

	/** Sets {@code Retry-After} on a 503. */
	public static void retryAfter(HttpServletResponse response) {
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()));
	}

}
