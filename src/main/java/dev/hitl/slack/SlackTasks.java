package dev.hitl.slack;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;

import org.springframework.stereotype.Component;

/**
 * Slack calls that must not hold up a request or a commit: message updates and the work
 * behind an interaction, which Slack wants acknowledged within 3 seconds. Not an
 * {@code Executor} bean, so Spring Boot's own task executor stays. When full, a task is
 * dropped: an update waits for the sweep, a click for the reviewer to click again.
 */
@Component
class SlackTasks {

	private final AtomicInteger threads = new AtomicInteger();

	private final ThreadPoolExecutor executor = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS,
			new ArrayBlockingQueue<>(500), (task) -> {
				Thread thread = new Thread(task, "slack-" + this.threads.incrementAndGet());
				thread.setDaemon(true);
				return thread;
			}, new ThreadPoolExecutor.DiscardPolicy());

	void run(Runnable task) {
		this.executor.execute(task);
	}

	@PreDestroy
	void stop() throws InterruptedException {
		this.executor.shutdown();
		this.executor.awaitTermination(10, TimeUnit.SECONDS);
	}

}
