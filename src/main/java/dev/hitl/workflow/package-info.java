/**
 * The only module that talks to the Camunda engine: starting consultation processes,
 * working user tasks, engine listeners that report process progress as events, and the
 * engine's identity service behind reviewer accounts.
 */
package dev.hitl.workflow;
