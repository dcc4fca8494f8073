/**
 * The consultation read model, its table and the agent-facing REST API. State follows the
 * process through the workflow module's events, in the engine's transaction.
 */
package dev.hitl.consultation;
