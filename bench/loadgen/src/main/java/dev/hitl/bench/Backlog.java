package dev.hitl.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Samples the engine's queues once a second on its own connection for the whole run: the
 * work waiting for a worker (unlocked external tasks, due jobs) and the work in hand
 * (locked external tasks and jobs). A service that keeps up has a flat waiting line.
 */
final class Backlog implements AutoCloseable {

	/**
	 * @param waitingTasks external tasks no worker holds
	 * @param lockedTasks external tasks a worker holds
	 * @param dueJobs jobs due and not yet acquired
	 * @param lockedJobs jobs the job executor holds
	 */
	record Sample(long at, long waitingTasks, long lockedTasks, long dueJobs, long lockedJobs) {

		long waiting() {
			return this.waitingTasks + this.dueJobs;
		}

	}

	private final Db db;

	private final List<Sample> samples = new ArrayList<>();

	private final Thread thread;

	private volatile boolean running = true;

	private final boolean externalTasks;

	Backlog(String jdbcUrl) {
		this(jdbcUrl, true);
	}

	/**
	 * @param externalTasks whether external tasks count as work: not for the stock peer,
	 * which has no workers, so its external tasks wait forever by design
	 */
	Backlog(String jdbcUrl, boolean externalTasks) {
		this.externalTasks = externalTasks;
		this.db = new Db(jdbcUrl);
		this.thread = new Thread(this::loop, "backlog-sampler");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	private void loop() {
		while (this.running) {
			try {
				Sample sample = this.db.backlog(this.externalTasks);
				synchronized (this.samples) {
					this.samples.add(sample);
				}
				Thread.sleep(1000);
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				// The engine's tables may not exist yet at the very start.
				sleepQuietly();
			}
		}
	}

	Sample latest() {
		synchronized (this.samples) {
			return this.samples.isEmpty() ? new Sample(0, 0, 0, 0, 0) : this.samples.get(this.samples.size() - 1);
		}
	}

	List<Sample> between(long fromMillis, long toMillis) {
		synchronized (this.samples) {
			return this.samples.stream().filter((s) -> s.at() >= fromMillis && s.at() <= toMillis).toList();
		}
	}

	/**
	 * How fast the waiting line grew, in items per second (least squares over the
	 * window); near 0 when the service keeps up.
	 */
	double growthPerSecond(long fromMillis, long toMillis) {
		List<Sample> window = between(fromMillis, toMillis);
		if (window.size() < 3) {
			return 0;
		}
		double n = window.size();
		double meanT = window.stream().mapToDouble((s) -> s.at() / 1000.0).average().orElse(0);
		double meanW = window.stream().mapToDouble(Sample::waiting).average().orElse(0);
		double num = 0;
		double den = 0;
		for (Sample s : window) {
			double dt = s.at() / 1000.0 - meanT;
			num += dt * (s.waiting() - meanW);
			den += dt * dt;
		}
		return (den == 0 || n < 3) ? 0 : num / den;
	}

	long maxWaiting(long fromMillis, long toMillis) {
		return between(fromMillis, toMillis).stream().mapToLong(Sample::waiting).max().orElse(0);
	}

	/** Waits until no work is waiting or in hand, for at most {@code maxMillis}. */
	long awaitDrained(long maxMillis) {
		long start = System.currentTimeMillis();
		sleepQuietly();
		while (System.currentTimeMillis() - start < maxMillis) {
			Sample now = this.db.backlog(this.externalTasks);
			if (now.waiting() == 0 && now.lockedJobs() == 0 && now.lockedTasks() == 0) {
				break;
			}
			sleepQuietly();
		}
		return System.currentTimeMillis() - start;
	}

	private static void sleepQuietly() {
		try {
			Thread.sleep(1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() throws Exception {
		this.running = false;
		this.thread.interrupt();
		this.db.close();
	}

}
