/**
 * Cross-cutting pieces every module shares: RFC 9457 error handling, paging envelopes and
 * the clock.
 */
package dev.hitl.system;
