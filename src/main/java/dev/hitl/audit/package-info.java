/**
 * The append-only audit trail: who did what to which consultation or account, when, from
 * where and through which channel. Written by listening to the other modules' events in
 * the transaction of the change, so a change without its audit row cannot commit.
 */
package dev.hitl.audit;
