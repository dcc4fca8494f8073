package dev.hitl.consultation;

import java.util.UUID;
import java.util.function.Consumer;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * This node's own changes, told once they have committed (the repository signals every
 * change it makes): to this node's waiters at once, and on PostgreSQL to every node's
 * through {@link PostgresChangeListener}, which publishes them with {@code NOTIFY}. H2,
 * which only this JVM opens, needs only the first.
 */
@Component
class ConsultationSignals {

	private volatile Consumer<UUID> listener = (id) -> {
	};

	private volatile Consumer<UUID> publisher = (id) -> {
	};

	void listen(Consumer<UUID> listener) {
		this.listener = listener;
	}

	void publishWith(Consumer<UUID> publisher) {
		this.publisher = publisher;
	}

	/** After the current transaction commits, or at once outside one. */
	void changed(UUID id) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					committed(id);
				}
			});
		}
		else {
			committed(id);
		}
	}

	private void committed(UUID id) {
		this.listener.accept(id);
		this.publisher.accept(id);
	}

}
