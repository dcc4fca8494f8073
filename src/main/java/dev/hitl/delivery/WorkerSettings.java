package dev.hitl.delivery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hitl.worker.*}.
 *
 * @param enabled whether this node runs the external task workers (every node does by
 * default, worker-only nodes included)
 * @param engineUrl the engine REST API the workers talk to; by default this node's own
 * @param longPoll how long one fetch waits at the engine for a task to appear
 */
@ConfigurationProperties("hitl.worker")
record WorkerSettings(@DefaultValue("true") boolean enabled, String engineUrl,
		@DefaultValue("PT5S") Duration longPoll) {
}
