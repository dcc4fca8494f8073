/**
 * What every route shares to check its input at the edge: query parameters and the
 * constraints of request records, answered as the API's 400 problem.
 */
@NamedInterface("web")
package dev.hitl.system.web;

import org.springframework.modulith.NamedInterface;
