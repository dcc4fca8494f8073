package dev.hitl.delivery;

import java.util.List;

import dev.hitl.security.WorkerTokens;
import dev.hitl.workflow.CamundaWeb;
import dev.hitl.workflow.ExternalTaskWorkers;
import dev.hitl.workflow.TopicWorker;

import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts the delivery workers once this node's engine REST API listens, and stops them
 * when the node shuts down. Unfinished work stays locked in the engine until its lock
 * expires, then any node picks it up.
 */
@Component
class DeliveryWorkers {

	private final ExternalTaskWorkers workers;

	private final List<TopicWorker> topicWorkers;

	private final WorkerSettings settings;

	private final WorkerTokens tokens;

	DeliveryWorkers(ExternalTaskWorkers workers, List<TopicWorker> topicWorkers, WorkerSettings settings,
			WorkerTokens tokens) {
		this.workers = workers;
		this.topicWorkers = topicWorkers;
		this.settings = settings;
		this.tokens = tokens;
	}

	@EventListener
	void onWebServerReady(WebServerInitializedEvent event) {
		if (!this.settings.enabled() || "management".equals(event.getApplicationContext().getServerNamespace())) {
			return;
		}
		String engineUrl = (this.settings.engineUrl() != null) ? this.settings.engineUrl()
				: "http://127.0.0.1:" + event.getWebServer().getPort() + CamundaWeb.ENGINE_REST;
		this.workers.start(engineUrl, () -> "Bearer " + this.tokens.issue(),
				this.topicWorkers.stream().filter(TopicWorker::enabled).toList(), this.settings.longPoll());
	}

	@EventListener
	void onShutdown(ContextClosedEvent event) {
		this.workers.stop();
	}

}
