package dev.hitl.workflow;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.camunda.bpm.client.exception.EngineException;
import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.client.task.ExternalTaskService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Runs {@link TopicWorker}s with Camunda's external task client against the engine's
 * authenticated REST API, long polling so a new task is picked up at once. Each topic has
 * one long-polling fetch that hands its tasks to {@link TopicWorker#concurrency()} local
 * senders and asks for no more tasks than senders are idle ({@link TopicFetcher}), so a
 * task never waits in a local queue while its lock runs out, and a new task wakes one
 * waiting fetch per topic instead of one per sender. The clients sign every request with
 * a token of the cluster's secret, not with an account's password: no login throttle or
 * account lock, which a stranger's failed logins drive, ever stands between the workers
 * and their tasks.
 */
@Service
public class ExternalTaskWorkers {

	private static final Logger log = LoggerFactory.getLogger(ExternalTaskWorkers.class);

	/**
	 * The engine REST routes the workers call (POST): fetch and lock, then finish one
	 * task. Their account may call these and nothing else.
	 */
	public static final String ROUTES = CamundaWeb.EXTERNAL_TASK_ROUTES;

	/**
	 * The role ({@code isUserInRole}) of the workers' requests, which only the external
	 * task routes serve.
	 */
	public static final String ROLE = "HITL_WORKER";

	private final org.camunda.bpm.engine.ExternalTaskService engineTasks;

	private final List<TopicFetcher> fetchers = new ArrayList<>();

	ExternalTaskWorkers(org.camunda.bpm.engine.ExternalTaskService engineTasks) {
		this.engineTasks = engineTasks;
	}

	/**
	 * Starts the workers against the engine REST API at {@code engineRestUrl}.
	 * @param authorization the {@code Authorization} header of each request, asked for
	 * every request anew
	 * @param longPoll how long a fetch waits at the engine: it answers at once when a
	 * task is created, but not when a retry falls due or an admin grants another try, so
	 * this bounds that delay
	 */
	public synchronized void start(String engineRestUrl, Supplier<String> authorization, List<TopicWorker> workers,
			Duration longPoll) {
		String workerId = hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
		for (TopicWorker worker : workers) {
			this.fetchers.add(TopicFetcher.start(engineRestUrl, authorization, worker, workerId + "-" + worker.topic(),
					longPoll, this::handle));
		}
		log.info("Started external task workers for {} at {}", workers.stream().map(TopicWorker::topic).toList(),
				engineRestUrl);
	}

	/**
	 * Stops every topic's fetch and waits for them: a topic stops once its open fetch has
	 * returned (at most one long poll) and its senders have finished their tasks, so all
	 * stop at the same time rather than one long poll after the other.
	 */
	public synchronized void stop() {
		List<Thread> stopping = this.fetchers.stream()
			.map((fetcher) -> new Thread(fetcher::stop, "stop-external-task-client"))
			.toList();
		stopping.forEach(Thread::start);
		for (Thread thread : stopping) {
			try {
				thread.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		this.fetchers.clear();
	}

	/**
	 * Gives the failed external tasks of a topic in a process instance one more try.
	 * @return how many were retried; 0 when none had failed
	 */
	public int retryFailed(String processInstanceId, String topic) {
		List<org.camunda.bpm.engine.externaltask.ExternalTask> failed = this.engineTasks.createExternalTaskQuery()
			.processInstanceId(processInstanceId)
			.topicName(topic)
			.noRetriesLeft()
			.list();
		failed.forEach((task) -> this.engineTasks.setRetries(task.getId(), 1));
		return failed.size();
	}

	private void handle(TopicWorker worker, ExternalTask task, ExternalTaskService service) {
		Integer retries = task.getRetries();
		Map<String, Object> variables = new HashMap<>(task.getAllVariables());
		TopicWorker.WorkItem item = new TopicWorker.WorkItem(task.getId(), task.getProcessInstanceId(),
				task.getBusinessKey(), variables, retries);
		TopicWorker.WorkResult result;
		try {
			result = worker.work(item);
		}
		catch (RuntimeException ex) {
			log.warn("Worker for {} failed on task {}", worker.topic(), task.getId(), ex);
			int left = (retries != null) ? Math.max(retries - 1, 0) : 3;
			result = TopicWorker.WorkResult.retry(ex.getClass().getSimpleName() + ": " + ex.getMessage(), left,
					Duration.ofSeconds(30));
		}
		if (result instanceof TopicWorker.WorkResult.Completed) {
			complete(task, service);
		}
		else if (result instanceof TopicWorker.WorkResult.Retry retry) {
			service.handleFailure(task, truncate(retry.error()), null, Math.max(retry.retriesLeft(), 0),
					retry.delay().toMillis());
		}
		else if (result instanceof TopicWorker.WorkResult.Failed failed) {
			service.handleFailure(task, truncate(failed.error()), null, 0, 0);
		}
	}

	/**
	 * Completing can collide with a concurrent step of the same process (optimistic
	 * locking); the work is done and the lock still ours, so completing again is safe and
	 * spares the receiver a duplicate after the lock expires.
	 */
	private static void complete(ExternalTask task, ExternalTaskService service) {
		for (int attempt = 1;; attempt++) {
			try {
				service.complete(task);
				return;
			}
			catch (EngineException ex) {
				if (attempt >= 3) {
					throw ex;
				}
				log.debug("Completing task {} collided, trying again", task.getId(), ex);
			}
		}
	}

	private static String truncate(String message) {
		return (message == null || message.length() <= 600) ? message : message.substring(0, 600);
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "node";
		}
	}

}
