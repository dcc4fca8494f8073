/**
 * Talking to the outside world for consultations: signed webhooks to agents and email to
 * reviewers, as external task workers.
 */
package dev.hitl.delivery;
