package dev.hitl.system;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * Marks what a worker-only node leaves out: REST controllers, pages and whatever else
 * faces people or agents; API nodes (the default role) have it. A worker-only node
 * ({@code HITL_ROLE=worker}) runs the engine and the external task workers and nothing
 * that faces people or agents.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnProperty(name = "hitl.role", havingValue = "all", matchIfMissing = true)
public @interface NotOnWorkerNodes {

}
