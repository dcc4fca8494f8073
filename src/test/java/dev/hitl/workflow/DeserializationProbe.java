package dev.hitl.workflow;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts its instances: a variable of this type that the engine deserialized, against the
 * rules, shows up here.
 */
public class DeserializationProbe {

	static final AtomicInteger INSTANCES = new AtomicInteger();

	public DeserializationProbe() {
		INSTANCES.incrementAndGet();
	}

}
