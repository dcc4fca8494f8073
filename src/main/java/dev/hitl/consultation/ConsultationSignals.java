package dev.hitl.consultation;

import java.util.UUID;
import java.util.function.Consumer;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * This node's own changes, told to its waiters once they have committed (the repository
 * signals every change it makes). Other nodes' changes arrive through
 * {@link PostgresChangeListener}; this path is what H2 has, and on PostgreSQL it spares a
 * waiter on the changing node the round trip through the database.
 */
@Component
class ConsultationSignals {

	private volatile Consumer<UUID> listener = (id) -> {
	};

	void listen(Consumer<UUID> listener) {
		this.listener = listener;
	}

	/** After the current transaction commits, or at once outside one. */
	void changed(UUID id) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					ConsultationSignals.this.listener.accept(id);
				}
			});
		}
		else {
			this.listener.accept(id);
		}
	}

}
