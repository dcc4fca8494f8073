/**
 * Signed webhooks to agents. Other modules may use the callback URL policy, the delivery
 * events and the redelivery service; the sender and the worker stay inside.
 */
@NamedInterface("webhook")
package dev.hitl.delivery.webhook;

import org.springframework.modulith.NamedInterface;
