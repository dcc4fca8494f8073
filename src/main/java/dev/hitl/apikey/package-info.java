/**
 * Agents' API keys: issuing, listing and revoking them (REST and events), their storage
 * and the filter that authenticates {@code Authorization: Bearer hitl_...} as an agent.
 */
package dev.hitl.apikey;
