/**
 * The reviewer portal: server-rendered pages (Thymeleaf, htmx for partial updates) where
 * reviewers see and answer what waits for them and admins manage API keys and failed
 * deliveries. It works only through the other modules' public services.
 */
package dev.hitl.portal;
