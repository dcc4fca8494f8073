package dev.hitl.workflow;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.camunda.bpm.client.ExternalTaskClient;
import org.camunda.bpm.client.backoff.BackoffStrategy;
import org.camunda.bpm.client.impl.EngineClient;
import org.camunda.bpm.client.impl.ExternalTaskClientImpl;
import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.client.task.ExternalTaskService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One topic's workers: a single long-polling fetch (one external task client) that hands
 * each task to one of {@link TopicWorker#concurrency()} local senders, and asks for at
 * most as many tasks as senders are idle. When no sender is idle it does not fetch at
 * all, so a fetched task starts at once and never waits locally while its lock runs.
 * <p>
 * Why one fetch and not one client per sender: the engine re-runs every waiting long poll
 * whenever any external task is created, so each new task re-ran one fetch-and-lock query
 * per waiting client (six, for four webhook and two email senders); now it is one per
 * topic.
 * <p>
 * The client asks for its next batch through its back-off hook, which it calls on its own
 * thread between two fetches: there the hook waits until a sender is idle and sets the
 * next fetch's size to the idle count. The client has no public setter for the size of a
 * fetch, so the hook sets its field; should a later client lack that field, every fetch
 * asks for one task, which keeps the senders busy at one fetch per task.
 */
final class TopicFetcher {

	/** The workers' logger: its warnings are what operators and tests watch. */
	private static final Logger log = LoggerFactory.getLogger(ExternalTaskWorkers.class);

	/** How often a fetch that waits for an idle sender checks that it was not stopped. */
	private static final long STOP_CHECK_MILLIS = 100;

	private static final Field MAX_TASKS = maxTasksField();

	private final TopicWorker worker;

	private final Senders senders;

	private final ExecutorService pool;

	private final PoolingHttpClientConnectionManager connections;

	private final ExternalTaskClient client;

	private final EngineClient engineClient;

	/** Whether the client's fetch size can be set; else each fetch asks for one task. */
	private final boolean resizable;

	private TopicFetcher(String engineRestUrl, Supplier<String> authorization, TopicWorker worker, String workerId,
			Duration longPoll, Handler handler) {
		this.worker = worker;
		int concurrency = Math.max(1, worker.concurrency());
		this.pool = Executors.newFixedThreadPool(concurrency, threads("external-task-" + worker.topic() + "-"));
		// The senders complete their tasks through the client while its fetch waits:
		// one connection each and one for the fetch.
		this.connections = PoolingHttpClientConnectionManagerBuilder.create()
			.useSystemProperties()
			.setMaxConnPerRoute(concurrency + 1)
			.setMaxConnTotal(concurrency + 1)
			.build();
		this.client = ExternalTaskClient.create()
			.baseUrl(engineRestUrl)
			.workerId(workerId)
			.addInterceptor((request) -> request.addHeader("Authorization", authorization.get()))
			.maxTasks(1)
			.asyncResponseTimeout(longPoll.toMillis())
			// No order: the processes give external tasks no priorities, and an order
			// makes every fetch join and sort the topic's whole backlog (35 ms per fetch
			// with 7,000 waiting webhooks, 0.4 ms without).
			.usePriority(false)
			.backoffStrategy(new NextFetch(this))
			.customizeHttpClient((http) -> http.setConnectionManager(this.connections))
			.disableAutoFetching()
			.build();
		this.engineClient = (this.client instanceof ExternalTaskClientImpl impl)
				? impl.getTopicSubscriptionManager().getEngineClient() : null;
		this.resizable = MAX_TASKS != null && this.engineClient != null;
		if (!this.resizable) {
			log.warn("The external task client's fetch size cannot be set; each fetch asks for one task");
		}
		int firstFetch = this.resizable ? concurrency : 1;
		setFetchSize(firstFetch);
		this.senders = new Senders(concurrency, firstFetch);
		this.client.subscribe(worker.topic())
			.lockDuration(worker.lockDuration().toMillis())
			.variables(worker.variables().toArray(String[]::new))
			.handler((task, service) -> dispatch(task, service, handler))
			.open();
	}

	/** Starts fetching the topic's tasks for {@code handler}. */
	static TopicFetcher start(String engineRestUrl, Supplier<String> authorization, TopicWorker worker, String workerId,
			Duration longPoll, Handler handler) {
		TopicFetcher fetcher = new TopicFetcher(engineRestUrl, authorization, worker, workerId, longPoll, handler);
		fetcher.client.start();
		return fetcher;
	}

	/**
	 * Stops fetching (at most one long poll, or at once while all senders are busy), then
	 * waits for the senders to finish the tasks they hold, at most one lock duration:
	 * after that the tasks are free for any node anyway.
	 */
	void stop() {
		this.client.stop();
		this.pool.shutdown();
		try {
			if (!this.pool.awaitTermination(this.worker.lockDuration().toMillis(), TimeUnit.MILLISECONDS)) {
				this.pool.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			this.pool.shutdownNow();
			Thread.currentThread().interrupt();
		}
		this.connections.close(CloseMode.GRACEFUL);
	}

	/** Called on the client's thread for each fetched task: one idle sender takes it. */
	private void dispatch(ExternalTask task, ExternalTaskService service, Handler handler) {
		this.senders.take();
		try {
			this.pool.execute(() -> {
				try {
					handler.handle(this.worker, task, service);
				}
				catch (RuntimeException | Error ex) {
					// As the client does with a handler that throws: the task's lock
					// runs out and it is fetched again.
					log.warn("Worker for {} could not finish task {}", this.worker.topic(), task.getId(), ex);
				}
				finally {
					this.senders.release();
				}
			});
		}
		catch (RejectedExecutionException ex) {
			// Stopping: the task stays locked until its lock runs out, then any node
			// takes it.
			this.senders.release();
		}
	}

	/**
	 * Between two fetches, on the client's thread: hands back what the last fetch did not
	 * use, waits for an idle sender, and sizes the next fetch to the idle ones.
	 */
	private void beforeNextFetch() {
		this.senders.returnUnused();
		int idle = this.senders.reserveIdle(this.client::isActive, this.resizable ? Integer.MAX_VALUE : 1);
		if (idle > 0) {
			setFetchSize(idle);
		}
	}

	private void setFetchSize(int tasks) {
		if (!this.resizable) {
			return;
		}
		try {
			MAX_TASKS.setInt(this.engineClient, tasks);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** How many tasks the next fetch asks for (for tests). */
	int nextFetchSize() {
		try {
			return this.resizable ? MAX_TASKS.getInt(this.engineClient) : 1;
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException(ex);
		}
	}

	Senders senders() {
		return this.senders;
	}

	private static Field maxTasksField() {
		try {
			Field field = EngineClient.class.getDeclaredField("maxTasks");
			field.setAccessible(true);
			return (field.getType() == int.class) ? field : null;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
	}

	private static ThreadFactory threads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/** Works one fetched task to its end: complete, failure or retry. */
	@FunctionalInterface
	interface Handler {

		void handle(TopicWorker worker, ExternalTask task, ExternalTaskService service);

	}

	/**
	 * The client's back-off hook, which it calls between fetches: never a back-off (a
	 * failed fetch is tried again at once, as before), only the wait for an idle sender.
	 */
	private record NextFetch(TopicFetcher fetcher) implements BackoffStrategy {

		@Override
		public void reconfigure(List<ExternalTask> externalTasks) {
		}

		@Override
		public long calculateBackoffTime() {
			this.fetcher.beforeNextFetch();
			return 0;
		}

	}

	/**
	 * The senders of one topic: idle, promised to the fetch under way (reserved), or
	 * busy. A fetch asks only for reserved senders, so a fetched task always has one.
	 */
	static final class Senders {

		private final ReentrantLock lock = new ReentrantLock();

		private final Condition freed = this.lock.newCondition();

		private int idle;

		private int reserved;

		/** All idle but {@code reserved}, which the first fetch asks for. */
		Senders(int concurrency, int reserved) {
			this.idle = concurrency - reserved;
			this.reserved = reserved;
		}

		/**
		 * A fetched task takes a reserved sender; should the engine ever return more
		 * tasks than asked for, the extra one waits for a sender to finish.
		 */
		void take() {
			this.lock.lock();
			try {
				if (this.reserved > 0) {
					this.reserved--;
					return;
				}
				while (this.idle == 0) {
					this.freed.awaitUninterruptibly();
				}
				this.idle--;
			}
			finally {
				this.lock.unlock();
			}
		}

		/** A sender finished its task. */
		void release() {
			this.lock.lock();
			try {
				this.idle++;
				this.freed.signalAll();
			}
			finally {
				this.lock.unlock();
			}
		}

		/** The senders the last fetch reserved but got no task for are idle again. */
		void returnUnused() {
			this.lock.lock();
			try {
				this.idle += this.reserved;
				this.reserved = 0;
			}
			finally {
				this.lock.unlock();
			}
		}

		/**
		 * Waits until a sender is idle (or {@code running} turns false) and reserves the
		 * idle senders, at most {@code max}, for the next fetch.
		 * @return how many were reserved; 0 when no longer running
		 */
		int reserveIdle(BooleanSupplier running, int max) {
			this.lock.lock();
			try {
				while (this.idle == 0) {
					if (!running.getAsBoolean()) {
						return 0;
					}
					try {
						this.freed.await(STOP_CHECK_MILLIS, TimeUnit.MILLISECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return 0;
					}
				}
				int taken = Math.min(this.idle, max);
				this.idle -= taken;
				this.reserved += taken;
				return taken;
			}
			finally {
				this.lock.unlock();
			}
		}

		int idle() {
			this.lock.lock();
			try {
				return this.idle;
			}
			finally {
				this.lock.unlock();
			}
		}

		int reserved() {
			this.lock.lock();
			try {
				return this.reserved;
			}
			finally {
				this.lock.unlock();
			}
		}

	}

}
