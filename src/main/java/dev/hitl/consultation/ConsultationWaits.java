package dev.hitl.consultation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import dev.hitl.security.Agent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Requests waiting for a consultation to change: long polls ({@code ?wait=}) and MCP
 * waits. A waiter is a callback, not a thread: it holds no request thread and no database
 * connection while it waits. It is checked (one short read) when it starts, whenever its
 * consultation changes on any node, and once more when its time is up. Waiters are
 * bounded per node and per API key, and are answered with what they would get at their
 * timeout when the node shuts down.
 */
@Component
class ConsultationWaits implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ConsultationWaits.class);

	private final ConsultationRepository repository;

	private final WaitSettings settings;

	private final ConcurrentHashMap<UUID, Set<Waiter>> waiters = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<UUID, AtomicInteger> perKey = new ConcurrentHashMap<>();

	private final AtomicInteger total = new AtomicInteger();

	private final ScheduledThreadPoolExecutor timer;

	private final ThreadPoolExecutor readers;

	/** False while notifications from other nodes may be missed: then waiters check. */
	private volatile boolean listening = true;

	private volatile boolean running;

	ConsultationWaits(ConsultationRepository repository, ConsultationSignals signals, WaitSettings settings,
			MeterRegistry meters) {
		this.repository = repository;
		this.settings = settings;
		this.timer = new ScheduledThreadPoolExecutor(1, daemon("hitl-wait-timer-"));
		this.timer.setRemoveOnCancelPolicy(true);
		this.readers = new ThreadPoolExecutor(settings.workers(), settings.workers(), 1, TimeUnit.MINUTES,
				new LinkedBlockingQueue<>(), daemon("hitl-wait-"));
		this.readers.allowCoreThreadTimeOut(true);
		signals.listen(this::changed);
		Gauge.builder("hitl.consultation.waiters", this.total, AtomicInteger::get)
			.description("Requests waiting for a consultation to change (long polls, MCP waits)")
			.register(meters);
	}

	/**
	 * Waits while {@code holding} says so, at most {@code wait}.
	 * @return the consultation as it is when the wait ends (empty: not the owner's)
	 * @throws TooManyWaitersException past the node's or the API key's bound
	 */
	CompletableFuture<Optional<Consultation>> await(Agent agent, UUID id, Predicate<Consultation> holding,
			Duration wait) {
		if (!this.running) {
			throw new TooManyWaitersException("This node is shutting down; retry on another");
		}
		AtomicInteger ofKey = this.perKey.computeIfAbsent(agent.apiKeyId(), (key) -> new AtomicInteger());
		if (this.total.incrementAndGet() > this.settings.maxWaiters()) {
			this.total.decrementAndGet();
			throw new TooManyWaitersException("Too many requests are waiting on this node; retry shortly");
		}
		if (ofKey.incrementAndGet() > this.settings.maxWaitersPerKey()) {
			ofKey.decrementAndGet();
			this.total.decrementAndGet();
			throw new TooManyWaitersException("This API key has " + this.settings.maxWaitersPerKey()
					+ " requests waiting already; wait for one to end");
		}
		Waiter waiter = new Waiter(id, agent.owner(), ofKey, holding);
		// Registered before the first read: a change committed after that read wakes it.
		this.waiters.computeIfAbsent(id, (key) -> ConcurrentHashMap.newKeySet()).add(waiter);
		waiter.timeout = this.timer.schedule(() -> this.readers.execute(() -> check(waiter, true)), wait.toMillis(),
				TimeUnit.MILLISECONDS);
		try {
			check(waiter, false);
		}
		catch (RuntimeException ex) {
			end(waiter, null, ex);
		}
		return waiter.result;
	}

	int waiting() {
		return this.total.get();
	}

	/**
	 * Whether notifications from every node arrive; false makes waiters check themselves.
	 */
	void listening(boolean listening) {
		if (this.listening != listening) {
			log.info(
					listening ? "Listening to consultation changes on every node"
							: "Not listening to other nodes' changes; waiters check every {}",
					this.settings.fallbackInterval());
		}
		this.listening = listening;
	}

	/** A consultation changed (committed), on this node or another. */
	void changed(UUID id) {
		Set<Waiter> waiting = this.waiters.get(id);
		if (waiting != null && !waiting.isEmpty() && !this.readers.isShutdown()) {
			this.readers.execute(() -> checkAll(id, List.copyOf(waiting), false));
		}
	}

	/** One read for all the waiters of a consultation, whoever they are. */
	private void checkAll(UUID id, List<Waiter> waiting, boolean last) {
		try {
			Optional<Consultation> consultation = this.repository.findById(id);
			for (Waiter waiter : waiting) {
				Optional<Consultation> theirs = consultation.filter((c) -> waiter.owner.equals(c.owner()));
				if (!waiter.done.get() && (last || theirs.isEmpty() || !waiter.holding.test(theirs.get()))) {
					end(waiter, theirs, null);
				}
			}
		}
		catch (RuntimeException ex) {
			if (last) {
				waiting.forEach((waiter) -> end(waiter, null, ex));
			}
			else {
				log.debug("Checking waiting requests failed; they keep waiting", ex);
			}
		}
	}

	/** Changes may have been missed (a lost connection): every waiter checks. */
	void changedAll() {
		// Still busy with the last round (a slow database): no second one on top.
		if (this.readers.getQueue().isEmpty()) {
			new ArrayList<>(this.waiters.keySet()).forEach(this::changed);
		}
	}

	private void check(Waiter waiter, boolean last) {
		if (waiter.done.get()) {
			return;
		}
		try {
			Optional<Consultation> consultation = this.repository.findByOwner(waiter.id, waiter.owner);
			if (last || consultation.isEmpty() || !waiter.holding.test(consultation.get())) {
				end(waiter, consultation, null);
			}
		}
		catch (RuntimeException ex) {
			if (last) {
				end(waiter, null, ex);
			}
			else {
				// The last check, at the latest, answers it.
				log.debug("Checking a waiting request failed; it keeps waiting", ex);
			}
		}
	}

	private void end(Waiter waiter, Optional<Consultation> consultation, RuntimeException failure) {
		if (!waiter.done.compareAndSet(false, true)) {
			return;
		}
		this.waiters.computeIfPresent(waiter.id, (id, set) -> {
			set.remove(waiter);
			return set.isEmpty() ? null : set;
		});
		waiter.ofKey.decrementAndGet();
		this.total.decrementAndGet();
		if (waiter.timeout != null) {
			waiter.timeout.cancel(false);
		}
		if (failure != null) {
			waiter.result.completeExceptionally(failure);
		}
		else {
			waiter.result.complete(consultation);
		}
	}

	@Override
	public void start() {
		this.running = true;
		Duration every = this.settings.fallbackInterval();
		this.timer.scheduleWithFixedDelay(() -> {
			if (!this.listening) {
				changedAll();
			}
		}, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Before the web server stops (highest phase first): every waiter is answered. */
	@Override
	public void stop() {
		this.running = false;
		int answered = this.total.get();
		new ArrayList<>(this.waiters.entrySet())
			.forEach((entry) -> checkAll(entry.getKey(), List.copyOf(entry.getValue()), true));
		this.timer.shutdownNow();
		this.readers.shutdown();
		if (answered > 0) {
			log.info("Answered {} waiting requests at shutdown", answered);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private static CustomizableThreadFactory daemon(String prefix) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
		threads.setDaemon(true);
		return threads;
	}

	private static final class Waiter {

		final UUID id;

		final String owner;

		final AtomicInteger ofKey;

		final Predicate<Consultation> holding;

		final CompletableFuture<Optional<Consultation>> result = new CompletableFuture<>();

		final AtomicBoolean done = new AtomicBoolean();

		volatile ScheduledFuture<?> timeout;

		Waiter(UUID id, String owner, AtomicInteger ofKey, Predicate<Consultation> holding) {
			this.id = id;
			this.owner = owner;
			this.ofKey = ofKey;
			this.holding = holding;
		}

	}

	/** Answered 429 with {@code Retry-After}. */
	static final class TooManyWaitersException extends RuntimeException {

		TooManyWaitersException(String message) {
			super(message, null, false, false);
		}

	}

}
